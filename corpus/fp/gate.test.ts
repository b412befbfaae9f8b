import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateGate, parseRate } from './gate.ts';
import type { CorpusReport, Example } from './report-types.ts';
import { tinyRun } from './testkit.ts';

let report: CorpusReport;
let examples: ReadonlyMap<string, Example>;
beforeAll(async () => {
  ({ report, examples } = await tinyRun());
});

describe('thresholds', () => {
  it('parses rates as fractions or percentages', () => {
    expect([parseRate('0.02'), parseRate('2%'), parseRate('150%'), parseRate('x')]).toEqual([0.02, 0.02, undefined, undefined]);
  });
  it('fails the levels over the false-positive limit or under the detection floor', () => {
    const g = evaluateGate(report, { maxFpRate: 0.3, minDetection: 0.5 });
    expect(g.failures.map((f) => [f.level, f.what, f.actual])).toEqual([
      [1, 'detection rate', 4 / 14],
      [2, 'false-positive rate', 0.5],
    ]);
    expect(evaluateGate(report, { maxFpRate: 0.5, minDetection: 0.25 }).failures).toEqual([]);
  });
});

describe('baseline diff', () => {
  it('is empty against itself', () => {
    const g = evaluateGate(report, { baseline: JSON.parse(JSON.stringify(report)), examples });
    expect(g.diff!.map((d) => [d.newFalsePositives, d.fixedFalsePositives, d.lostDetections, d.gainedDetections])).toEqual([[0, 0, 0, 0], [0, 0, 0, 0]]);
  });
  it('lists new false positives and lost detections with their payloads', () => {
    // A baseline in which one of today's false positives passed and one of today's misses was detected.
    const pl2 = report.levels[1]!;
    const baseline = JSON.parse(JSON.stringify(report)) as { levels: Array<{ fpKeys: string[]; missedKeys: string[] }> };
    const fpGone = pl2.fpKeys.find((k) => examples.get(k)?.payload === 'a naughty cat' && k.startsWith('query:'))!;
    const missGone = pl2.missedKeys.find((k) => examples.get(k)?.payload === 'plain' && k.startsWith('header:'))!;
    baseline.levels[1]!.fpKeys = pl2.fpKeys.filter((k) => k !== fpGone);
    baseline.levels[1]!.missedKeys = pl2.missedKeys.filter((k) => k !== missGone);
    baseline.levels[1]!.missedKeys.push('query:0000000000000000');
    const d = evaluateGate(report, { baseline, examples }).diff![1]!;
    expect([d.newFalsePositives, d.lostDetections, d.gainedDetections, d.fixedFalsePositives]).toEqual([1, 1, 1, 0]);
    expect(d.newFalsePositiveExamples[0]).toMatchObject({ payload: 'a naughty cat', template: 'query', variable: 'ARGS:q', rules: [100002] });
    expect(d.lostDetectionExamples[0]).toMatchObject({ payload: 'plain', cls: 'naughty', template: 'header' });
  });
  it('refuses a file that is not a corpus report', () => {
    expect(evaluateGate(report, { baseline: { hello: 1 } }).baselineError).toMatch(/not a JSON report/);
  });
});
