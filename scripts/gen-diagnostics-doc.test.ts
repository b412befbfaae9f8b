import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../core/codes.ts';
import { diagnosticsDoc } from './gen-diagnostics-doc.ts';

describe('docs/diagnostics.md', () => {
  it('is generated from the catalogue and up to date', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'diagnostics.md'), 'utf8');
    expect(doc).toBe(diagnosticsDoc());
    for (const code of Object.keys(CODES)) expect(doc).toContain(`| ${code} |`);
  });
});
