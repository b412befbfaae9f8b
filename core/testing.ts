/**
 * Test-only helpers for the reference data in ../shared (CRS, libinjection vectors, corpora).
 * Outside CI a test that needs it is skipped with a clear message; in CI (CI=true) the data is
 * always present, so a missing file fails the test instead of silently skipping it.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sharedRoot = resolve(projectRoot, '..', 'shared');
export const inCI = process.env.CI === 'true' || process.env.CI === '1';

/** Absolute path of a file or folder under ../shared. */
export function sharedPath(...parts: string[]): string {
  return join(sharedRoot, ...parts);
}

/**
 * Whether tests needing `parts` can run. Throws in CI when the data is missing, so that the
 * suite fails rather than passes on nothing.
 */
export function hasShared(...parts: string[]): boolean {
  const p = sharedPath(...parts);
  if (existsSync(p)) return true;
  if (inCI) throw new Error(`reference data missing in CI: ${p}`);
  console.warn(`skipping: ${p} is not present (tests that need ../shared run in CI)`);
  return false;
}
