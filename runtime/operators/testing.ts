/** Test-only helpers for the operator tests. */
import { readFileSync } from 'node:fs';
import { isOperatorError } from './types.ts';
import type { CompiledOperator, OperatorEnv, OperatorSpec } from './types.ts';

export const noFiles: OperatorEnv = { readDataFile: (p) => new Error(`no such file: ${p}`) };

/** An env serving files from a map. */
export function filesEnv(files: Record<string, string>): OperatorEnv {
  return { readDataFile: (p) => (Object.hasOwn(files, p) ? files[p] : new Error(`no such file: ${p}`)) };
}

/** Creates an operator that must be valid; throws (failing the test) otherwise. */
export function compile(spec: OperatorSpec, param: string, env: OperatorEnv = noFiles): CompiledOperator {
  const r = spec.create(param, env);
  if (isOperatorError(r)) throw new Error(`unexpected error for @${spec.name} ${param}: ${r.error}`);
  return r;
}

/** The error message create() returns, or null when it succeeded. */
export function createError(spec: OperatorSpec, param: string, env: OperatorEnv = noFiles): string | null {
  const r = spec.create(param, env);
  return isOperatorError(r) ? r.error : null;
}

/** UTF-8 bytes of a JS string as a byte string, the form values take at run time. */
export function utf8Bytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

/** One case of testdata/<operator>.json; strings are byte strings (\u00XX escapes in JSON). */
export interface OperatorCase {
  readonly param: string;
  readonly input: string;
  readonly match: boolean;
  /** Why the case is there: the manual example or the ModSecurity behaviour it pins down. */
  readonly note?: string;
}

/** Reads testdata/<file>.json: an object from operator name to its cases. */
export function loadCases(file: string): Array<[string, OperatorCase[]]> {
  const url = new URL(`./testdata/${file}.json`, import.meta.url);
  const data = JSON.parse(readFileSync(url, 'utf8')) as Record<string, OperatorCase[]>;
  return Object.entries(data);
}
