import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateRuleSet } from '../compiler/validate.ts';
import { hasShared, projectRoot, sharedPath } from '../core/testing.ts';
import { loadFtwDir, runFtw } from '../corpus/ftw/index.ts';
import { buildWafEngine, ftwRuleInputs } from '../corpus/ftw/waf-engine.ts';
import type { Action, ChainLink, Directive } from '../grammar/ast.ts';
import { loadRuleSet } from '../grammar/includes.ts';
import { attackSample, benignSample, compileOrThrow, crsInputs, flaggedAt, ownInputs, rates, table } from './measure.ts';

/**
 * The project's default rule set: lint-clean, its go-ftw tests all passing, every detection
 * rule tagged with its paranoia level and tested both ways, and its false-positive and
 * detection rates on the shared corpora held against CRS v4's on the same sample.
 */
const rulesDir = join(projectRoot, 'rules');

const actionValue = (actions: readonly Action[], name: string): string[] =>
  actions.filter((a) => a.name.toLowerCase() === name && a.kind === 'Action').map((a) => (a.kind === 'Action' ? (a.value?.text ?? '') : ''));

function links(r: ChainLink): ChainLink[] {
  const out: ChainLink[] = [];
  for (let l: ChainLink | undefined = r; l; l = l.chained) out.push(l);
  return out;
}

/** Detection rules: those that add to an anomaly score bucket, with the bucket's level. */
function scoringRules(directives: readonly Directive[]): { id: number; tagged: number[]; buckets: number[] }[] {
  const out: { id: number; tagged: number[]; buckets: number[] }[] = [];
  for (const d of directives) {
    if (d.kind !== 'SecRule' && d.kind !== 'SecAction') continue;
    const all = links(d).flatMap((l) => l.actions);
    const buckets = all
      .filter((a) => a.kind === 'Setvar')
      .map((a) => /^(?:in|out)bound_anomaly_score_pl([1-4])$/i.exec(a.kind === 'Setvar' ? a.key.text : '')?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number);
    if (buckets.length === 0 || all.some((a) => a.kind === 'Setvar' && a.op === '=')) continue;
    const tagged = actionValue(d.actions, 'tag')
      .map((t) => /^paranoia-level\/([1-4])$/.exec(t)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number);
    out.push({ id: Number(actionValue(d.actions, 'id')[0]), tagged, buckets });
  }
  return out;
}

describe('rules/ (the default rule set)', () => {
  it('lints with no findings', () => {
    const set = loadRuleSet([rulesDir]);
    const findings = [...set.diagnostics, ...validateRuleSet(set)];
    expect(findings.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(set.files.length).toBeGreaterThan(10);
  });

  it('keeps every rule id in the range of its file (file NN-… holds 1NN000-1NN999)', () => {
    const set = loadRuleSet([rulesDir]);
    const wrong: string[] = [];
    for (const d of set.directives) {
      if (d.kind !== 'SecRule' && d.kind !== 'SecAction') continue;
      const id = Number(actionValue(d.actions, 'id')[0]);
      const file = set.sources.get(d.span.fileId)?.path ?? '';
      const nn = /(?:^|[/\\])(\d{2})-[^/\\]*\.conf$/.exec(file)?.[1];
      if (nn === undefined || Math.floor(id / 1000) !== 100 + Number(nn)) wrong.push(`${id} in ${file}`);
    }
    expect(wrong).toEqual([]);
  });

  it('tags every detection rule with the paranoia level whose bucket it scores in, and tests it both ways', () => {
    const set = loadRuleSet([rulesDir]);
    const rules = scoringRules(set.directives);
    expect(rules.length).toBeGreaterThan(80);
    const tests = loadFtwDir(join(rulesDir, 'tests')).files.flatMap((f) => f.tests);
    const positive = new Set(tests.flatMap((t) => t.stages.flatMap((s) => s.output.log.expectIds ?? [])));
    const negative = new Set(tests.flatMap((t) => t.stages.flatMap((s) => s.output.log.noExpectIds ?? [])));
    const problems: string[] = [];
    for (const r of rules) {
      if (r.tagged.length !== 1 || r.buckets.some((b) => b !== r.tagged[0])) problems.push(`${r.id}: tags pl${r.tagged.join(',')} but scores pl${r.buckets.join(',')}`);
      if (!positive.has(r.id)) problems.push(`${r.id}: no positive ftw test`);
      if (!negative.has(r.id)) problems.push(`${r.id}: no negative ftw test`);
    }
    expect(problems).toEqual([]);
  });

  it('passes all of its go-ftw tests', { timeout: 60_000 }, async () => {
    const built = buildWafEngine(ftwRuleInputs(rulesDir));
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const loaded = loadFtwDir(join(rulesDir, 'tests'));
    expect(loaded.diagnostics).toEqual([]);
    const tests = loaded.files.flatMap((f) => f.tests);
    const run = await runFtw(tests, built.engine);
    const failed = run.results.filter((r) => r.status !== 'passed').map((r) => r.id);
    console.log(`rules/ ftw: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped of ${tests.length}`);
    expect(failed).toEqual([]);
    expect(run.passed).toBe(tests.length);
  });
});

describe.skipIf(!hasShared('coreruleset') || !hasShared('corpora'))('rules/ against CRS v4 on the shared corpora', () => {
  it('meets the PL1 / PL2 false-positive and detection targets', { timeout: 120_000 }, () => {
    const benign = benignSample(2000);
    const attack = attackSample(2000);
    // One run at paranoia level 2 per rule set: both keep a score bucket per level, so the PL1
    // verdict is the PL1 bucket alone, what a run at blocking level 1 computes.
    const ownProgram = compileOrThrow(ownInputs(rulesDir, 2));
    const crsProgram = compileOrThrow(crsInputs(sharedPath('coreruleset'), 2));
    const own = rates(ownProgram, benign, attack);
    const crs = rates(crsProgram, benign, attack);
    console.log(table([{ name: 'rules/', r: own }, { name: 'CRS v4', r: crs }], benign.length, attack.length));

    // The buckets agree with the blocking evaluation rule (149110 / 949110) at blocking level 2.
    for (const [outs, id] of [[own.attackOut, 149110], [own.benignOut, 149110], [crs.attackOut, 949110]] as const) {
      const disagree = outs.filter((o) => flaggedAt(o, 2) !== o.ruleIds.includes(id));
      expect(disagree.length, `${id} disagrees with the PL1+PL2 buckets`).toBe(0);
    }

    const [ownFp1] = own.fp;
    const [ownDet1, ownDet2] = own.detection;
    const [crsFp1] = crs.fp;
    const [crsDet1] = crs.detection;
    expect(ownFp1, 'PL1 false positives no higher than CRS PL1').toBeLessThanOrEqual(crsFp1);
    expect(ownDet1, 'PL1 detection within 10 points of CRS PL1').toBeGreaterThanOrEqual(crsDet1 - 10);
    expect(ownDet2, 'PL2 detection at least CRS PL1').toBeGreaterThanOrEqual(crsDet1);
  });
});
