import { describe, expect, it } from 'vitest';
import { diagnostic } from './diagnostic.ts';
import { diagnosticToJson, formatDiagnostic } from './format.ts';
import { SourceSet } from './span.ts';

describe('formatDiagnostic', () => {
  it('prints file:line:col, the line and a caret under the span', () => {
    const set = new SourceSet();
    const f = set.add('rules/a.conf', '# comment\nSecRulle ARGS "@rx x" "id:1"\n');
    const start = f.text.indexOf('SecRulle');
    const d = diagnostic('SL1002', "unknown directive 'SecRulle'", { fileId: f.id, start, end: start + 8 }, [
      { message: "did you mean 'SecRule'?" },
    ]);
    const text = formatDiagnostic(d, set);
    expect(text.split('\n')).toEqual([
      "rules/a.conf:2:1: error[SL1002]: unknown directive 'SecRulle'",
      '  |',
      '2 | SecRulle ARGS "@rx x" "id:1"',
      '  | ^~~~~~~~',
      "  = note: did you mean 'SecRule'?",
    ]);
    expect(diagnosticToJson(d, set)).toMatchObject({ file: 'rules/a.conf', line: 2, column: 1, code: 'SL1002' });
  });

  it('aligns the caret after tabs', () => {
    const set = new SourceSet();
    const f = set.add('t.conf', '\tSecRule X');
    const d = diagnostic('SL1005', 'bad', { fileId: f.id, start: 9, end: 10 });
    const lines = formatDiagnostic(d, set).split('\n');
    expect(lines[2]).toBe('1 |     SecRule X');
    expect(lines[3].indexOf('^')).toBe(lines[2].indexOf('X'));
  });
});
