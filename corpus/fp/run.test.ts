import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../core/testing.ts';
import { runCorpus, type CorpusRunOptions } from './run.ts';
import type { CorpusReport } from './report-types.ts';

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'testdata');
const base: CorpusRunOptions = {
  rules: [join(dir, 'rules', 'tiny.conf')],
  levels: [1, 2],
  benign: [join(dir, 'corpus', 'benign')],
  attack: [join(dir, 'corpus', 'attack')],
  templates: ['query', 'header'],
};

async function report(opts: CorpusRunOptions): Promise<CorpusReport> {
  const r = await runCorpus(opts);
  if (!r.ok) throw new Error(r.error);
  return r.report;
}

/** The report without what depends on timing. */
function stable(r: CorpusReport): unknown {
  const { durationMs, startupMs, payloadsPerSecond, casesPerSecond, jobs, ...rest } = r;
  return rest;
}

describe('runCorpus on worker threads', () => {
  it('counts per level, cumulatively, with rules, variables and missed classes', async () => {
    const r = await report({ ...base, jobs: 1 });
    const [pl1, pl2] = r.levels;
    expect([pl1!.benign.hits, pl1!.benign.cases, pl2!.benign.hits]).toEqual([2, 8, 4]);
    expect([pl1!.attack.hits, pl1!.attack.cases, pl2!.attack.hits]).toEqual([4, 14, 10]);
    expect(pl2!.attack.byClass).toEqual([
      { name: 'evil', cases: 8, hits: 6, rate: 0.75 },
      { name: 'naughty', cases: 6, hits: 4, rate: 4 / 6 },
    ]);
    expect(pl2!.fpRules.map((x) => [x.ruleId, x.cases, x.examples.map((e) => `${e.template} ${e.variable}`)])).toEqual([
      [100001, 2, ['query ARGS:q', 'header REQUEST_HEADERS:User-Agent']],
      [100002, 2, ['query ARGS:q', 'header REQUEST_HEADERS:User-Agent']],
    ]);
    expect(pl2!.ruleHits.find((h) => h.ruleId === 100003)).toMatchObject({ benign: 1, attack: 1 });
    expect(pl2!.missed.map((m) => [m.cls, m.missed, m.examples.map((e) => e.payload)])).toEqual([
      ['evil', 2, ['harmless', 'harmless']],
      ['naughty', 2, ['plain', 'plain']],
    ]);
    expect(pl2!.fpKeys).toHaveLength(4);
    expect(r.sources.map((s) => [s.kind, s.payloads, s.cases])).toEqual([['benign', 4, 8], ['attack', 7, 14]]);
  });

  it('gives the same report whatever the job count and batch size', async () => {
    const one = await report({ ...base, jobs: 1 });
    const three = await report({ ...base, jobs: 3, batchSize: 1 });
    expect(stable(three)).toEqual(stable(one));
  });

  it('judges a repeated payload once and counts every copy', async () => {
    let judged = 0;
    const r = await report({ ...base, levels: [1], benign: [join(dir, 'dups')], attack: [], templates: ['query'], jobs: 1, onProgress: (_, total) => (judged = total) });
    expect(judged).toBe(2);
    expect([r.levels[0]!.benign.hits, r.levels[0]!.benign.cases, r.levels[0]!.fpKeys.length]).toEqual([2, 3, 1]);
    expect(r.levels[0]!.fpRules[0]!.examples.map((e) => e.origin.split(':').pop())).toEqual(['1', '3']);
  });

  it('reports rules that do not compile and unknown templates as errors', async () => {
    const bad = await runCorpus({ ...base, rules: [join(dir, 'formats', 'lines.txt')] });
    expect(bad.ok).toBe(false);
    const tpl = await runCorpus({ ...base, templates: ['query', 'smoke-signal'] });
    expect(tpl).toMatchObject({ ok: false, error: expect.stringContaining("unknown template 'smoke-signal'") });
  });
});

describe.runIf(hasShared('coreruleset', 'rules'))('CRS', () => {
  const crs = sharedPath('coreruleset');
  const attack = `${sharedPath('corpora', 'payloadsallthethings-intruder', 'sql-injection', 'Generic_UnionSelect.txt')}#sample=12`;
  const benign = `${sharedPath('libinjection', 'data', 'false_positives.txt')}#comments=#,sample=12`;

  it('single pass (blocking level from CRS per-level scores) agrees with one compile per level', async () => {
    const opts: CorpusRunOptions = { rules: [crs], levels: [1, 2, 3, 4], benign: [benign], attack: [attack], templates: ['query', 'json'], jobs: 1 };
    const per = await report({ ...opts, mode: 'per-level' });
    const single = await report({ ...opts, mode: 'single' });
    const verdicts = (r: CorpusReport) => r.levels.map((l) => [l.level, l.benign.hits, l.attack.hits, l.fpKeys, l.missedKeys]);
    expect(verdicts(single)).toEqual(verdicts(per));
    expect(per.levels[0]!.attack.rate).toBeGreaterThan(0.8);
    expect(per.levels[3]!.benign.hits).toBeGreaterThanOrEqual(per.levels[0]!.benign.hits);
  }, 120_000);
});
