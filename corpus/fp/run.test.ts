import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../core/testing.ts';
import { CorpusEngine } from './engine.ts';
import { runCorpus, type CorpusRunOptions } from './run.ts';
import { loadSources } from './sources.ts';
import { parseTemplate } from './templates.ts';
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
    const three = await report({ ...base, jobs: 2, batchSize: 1 });
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

  it('single pass (blocking level from CRS per-level scores) agrees with one compile per level, case by case', () => {
    // In-process rather than on workers: the same engines, without two worker start-ups.
    const levels = [1, 2, 3, 4];
    const per = CorpusEngine.create({ rules: [crs], levels, mode: 'per-level' });
    const single = CorpusEngine.create({ rules: [crs], levels, mode: 'single' });
    if (!per.ok || !single.ok) throw new Error('CRS does not compile');
    const payloads = [...loadSources([benign], 'benign'), ...loadSources([attack], 'attack')].flatMap((l) => l.payloads);
    expect(payloads).toHaveLength(24);
    const verdicts = (e: CorpusEngine) => payloads.flatMap((p) => ['query', 'json'].map((t) => {
      const tp = parseTemplate(t);
      if (!tp.ok) throw new Error(tp.error);
      return e.judge(tp.template.build(p.text)).map((o) => [o.blocked, o.hits.map((h) => h.ruleId).sort()]);
    }));
    const a = verdicts(per.engine);
    expect(verdicts(single.engine)).toEqual(a);
    const blockedAt = (level: number) => a.filter((v) => v[level - 1]![0]).length;
    expect(blockedAt(1)).toBeGreaterThan(20);
    expect(blockedAt(4)).toBeGreaterThan(blockedAt(1));
  }, 60_000);
});
