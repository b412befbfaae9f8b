import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateRuleSet } from '../compiler/validate.ts';
import { loadRuleSet } from './includes.ts';

/**
 * One malformed input per file in testdata/errors. Expectations sit in the file itself, as
 * comments (which the parser skips): a caret line `#   ^ CODE message` points at the column
 * of the line above it; `# ^1 CODE message` means column 1 of the line above; and
 * `# expect L:C CODE message` states a position outright.
 */
const dir = join(import.meta.dirname, 'testdata', 'errors');

interface Expected {
  line: number;
  column: number;
  code: string;
  message: string;
}

function expectations(text: string): Expected[] {
  const lines = text.split('\n');
  const out: Expected[] = [];
  let lastCode = 0;
  lines.forEach((l, i) => {
    const explicit = /^# expect (\d+):(\d+) (SL\d{4}) (.*)$/.exec(l);
    const col1 = /^# \^1 (SL\d{4}) (.*)$/.exec(l);
    const caret = /^#( *)\^ (SL\d{4}) (.*)$/.exec(l);
    if (explicit) out.push({ line: +explicit[1], column: +explicit[2], code: explicit[3], message: explicit[4] });
    else if (col1) out.push({ line: lastCode + 1, column: 1, code: col1[1], message: col1[2] });
    else if (caret) out.push({ line: lastCode + 1, column: caret[1].length + 2, code: caret[2], message: caret[3] });
    else if (!l.startsWith('#')) lastCode = i;
  });
  return out;
}

const files = readdirSync(dir).filter((f) => f.endsWith('.conf')).sort();

describe('malformed inputs give their specific diagnostic', () => {
  it('has at least 40 cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(files)('%s', (name) => {
    const path = join(dir, name);
    const want = expectations(readFileSync(path, 'utf8'));
    expect(want.length).toBeGreaterThan(0);
    const set = loadRuleSet([path]);
    const diags = [...set.diagnostics, ...validateRuleSet(set)];
    const got = diags.map((d) => {
      const f = d.span ? set.sources.get(d.span.fileId) : undefined;
      const lc = f && d.span ? f.lineCol(d.span.start) : { line: 0, column: 0 };
      return { line: lc.line, column: lc.column, code: d.code, message: d.message };
    });
    expect(got.map((g) => `${g.line}:${g.column} ${g.code}`).sort()).toEqual(want.map((w) => `${w.line}:${w.column} ${w.code}`).sort());
    for (const w of want) {
      const g = got.find((x) => x.line === w.line && x.column === w.column && x.code === w.code);
      expect(g?.message).toContain(w.message);
    }
  });
});
