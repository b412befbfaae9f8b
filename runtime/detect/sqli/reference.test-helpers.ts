/**
 * Test-only helpers: read libinjection's vector files and print tokens the way its test driver
 * does, so expected output can be compared verbatim.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../../../core/testing.ts';
import { fold } from './fold.ts';
import { SqliState } from './state.ts';
import { nextToken } from './tokenizer.ts';
import { QUOTE_NONE, SQL_ANSI, T } from './types.ts';
import type { Token } from './types.ts';

export interface Vector {
  readonly file: string;
  readonly name: string;
  readonly input: string;
  readonly expected: string;
}

/** Parses the --TEST--/--INPUT--/--EXPECTED-- sections of every file starting with `prefix`. */
export function loadVectors(prefix: string): Vector[] {
  const dir = sharedPath('libinjection', 'tests');
  const out: Vector[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.startsWith(prefix)) continue;
    const text = readFileSync(join(dir, file)).toString('latin1');
    const section = (name: string, next: string): string => {
      const a = text.indexOf(`--${name}--\n`);
      const b = next === '' ? text.length : text.indexOf(`--${next}--\n`, a);
      return text.slice(a + name.length + 5, b);
    };
    out.push({
      file,
      name: section('TEST', 'INPUT').trim(),
      input: section('INPUT', 'EXPECTED').replace(/\n$/, ''),
      expected: section('EXPECTED', '').trim(),
    });
  }
  return out;
}

/** One token as libinjection's testdriver prints it: type, space, value (quotes, @s kept). */
export function printToken(t: Token): string {
  let v = t.val;
  if (t.type === T.STRING || t.type === T.VARIABLE) {
    v = (t.strOpen ? String.fromCharCode(t.strOpen) : '') + v +
      (t.strClose ? String.fromCharCode(t.strClose) : '');
    if (t.type === T.VARIABLE) v = '@'.repeat(t.count >= 2 ? 2 : t.count >= 1 ? 1 : 0) + v;
  }
  return `${String.fromCharCode(t.type)} ${v}`;
}

export function tokenize(input: string): string {
  const st = new SqliState();
  st.reset(input, QUOTE_NONE | SQL_ANSI);
  const lines: string[] = [];
  while (nextToken(st)) lines.push(printToken(st.current));
  return lines.join('\n').trim();
}

export function folded(input: string): string {
  const st = new SqliState();
  st.reset(input, QUOTE_NONE | SQL_ANSI);
  const n = fold(st);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(printToken(st.tokenvec[i]));
  return lines.join('\n').trim();
}
