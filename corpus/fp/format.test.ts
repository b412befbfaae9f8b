import { DOMParser } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCorpusReport } from './format.ts';
import { evaluateGate, type GateResult } from './gate.ts';
import type { CorpusReport, Example } from './report-types.ts';
import { tinyRun } from './testkit.ts';

let report: CorpusReport;
let gate: GateResult;
let examples: ReadonlyMap<string, Example>;
beforeAll(async () => {
  ({ report, examples } = await tinyRun());
  gate = evaluateGate(report, { maxFpRate: 0.3 });
});

describe('report formats', () => {
  it('text: the level table, responsible rules and the gate failure', () => {
    const t = formatCorpusReport('text', report, gate);
    expect(t).toMatch(/^1\s+8\s+2\s+25\.0%\s+14\s+4\s+28\.6%$/m);
    expect(t).toContain('100002  2 cases  naughty word');
    expect(t).toContain('FAIL PL2: false-positive rate 50.0% (limit 30.0%)');
  });
  it('json: a complete report that can serve as the next baseline', () => {
    const j = JSON.parse(formatCorpusReport('json', report, gate)) as CorpusReport & { gate: GateResult };
    expect(j.levels.map((l) => l.benign.rate)).toEqual([0.25, 0.5]);
    expect(j.gate.failures).toHaveLength(1);
    expect(evaluateGate(report, { baseline: j }).diff).toHaveLength(2);
  });
  it('markdown: table rows per level and escaped cells', () => {
    const m = formatCorpusReport('markdown', { ...report, levels: report.levels.map((l) => ({ ...l, fpRules: [{ ...l.fpRules[0]!, msg: 'a|b' }] })) }, gate);
    expect(m).toContain('| 1 | 8 | 2 | 25.0% | 14 | 4 | 28.6% |');
    expect(m).toContain('a\\|b');
    expect(m).toContain('## Gate: failed');
    expect(m).toContain('| 100003 |  | 1 / 1 | mild word, below the threshold |');
  });
  it('junit: well-formed XML, one suite per level, failures only where the gate fails', () => {
    const hostile = { ...report, levels: report.levels.map((l) => ({ ...l, fpRules: l.fpRules.map((r) => ({ ...r, msg: 'ctl\x01 <&> "q"' })) })) };
    const xml = formatCorpusReport('junit', hostile, gate);
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(xml, 'text/xml');
    expect(errors).toEqual([]);
    const suites = Array.from(doc.getElementsByTagName('testsuite'));
    expect(suites.map((s) => [s.getAttribute('name'), s.getAttribute('failures')])).toEqual([['corpus PL1', '0'], ['corpus PL2', '1']]);
    const failure = doc.getElementsByTagName('failure')[0]!;
    expect((failure.parentNode as unknown as { getAttribute(n: string): string | null }).getAttribute('name')).toBe('false-positive rate');
    expect(doc.documentElement!.getAttribute('tests')).toBe(String(doc.getElementsByTagName('testcase').length));
    expect(xml).toContain('ctl\\x01 &lt;&amp;&gt;');
  });
  it('github: workflow commands with escaped data', () => {
    const g = formatCorpusReport('github', report, evaluateGate(report, { maxFpRate: 0.3, baseline: { levels: report.levels.map((l) => ({ ...l, fpKeys: [], missedKeys: l.missedKeys })) }, examples }));
    const lines = g.split('\n');
    expect(lines.every((l) => /^::(error|warning|notice) /.test(l))).toBe(true);
    expect(lines).toContain('::error title=corpus PL2::false-positive rate 50.0%25 (limit 30.0%25)');
    expect(lines.filter((l) => l.startsWith('::warning title=new false positive at PL2'))).toHaveLength(4);
    expect(formatCorpusReport('github', { ...report, diagnostics: [{ severity: 'error', file: 'a,b.txt', line: 3, message: '50%\nbad' }] }, { failures: [] }))
      .toContain('::error file=a%2Cb.txt,line=3,title=corpus::50%25%0Abad');
  });
  it('html: one self-contained file with SVG charts', () => {
    const h = formatCorpusReport('html', report, gate);
    expect(h).toMatch(/^<!doctype html>/);
    expect(h.match(/<svg class="chart"/g)!.length).toBeGreaterThanOrEqual(4);
    expect(h).not.toMatch(/<script|<link|\bsrc=|url\(/i);
    expect(h).toContain('<td>100001</td>');
  });
});
