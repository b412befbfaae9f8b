import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../core/testing.ts';
import type { FtwEngine, FtwRequest, FtwResponse } from './engine.ts';
import { loadFtwDir, loadFtwText } from './loader.ts';
import { loadOverridesFile, loadOverridesText } from './overrides.ts';
import { runFtw, selectionSkip, type FtwRunResult } from './runner.ts';
import type { FtwTest } from './schema.ts';

const here = dirname(fileURLToPath(import.meta.url));
const testsPath = join(here, 'testdata', 'runner', '999001.yaml');
const overridesPath = join(here, 'testdata', 'runner', 'overrides.yaml');

function loadTests(): FtwTest[] {
  const res = loadFtwText(testsPath, readFileSync(testsPath, 'utf8'));
  expect(res.diagnostics).toEqual([]);
  return [...res.file!.tests];
}

/** See the comment at the top of testdata/runner/999001.yaml. */
class FakeEngine implements FtwEngine {
  readonly seen: FtwRequest[] = [];
  private flips = 0;

  run(req: FtwRequest): FtwResponse {
    this.seen.push(req);
    const header = (name: string): string | undefined => req.headers.find(([n]) => n.toLowerCase() === name)?.[1];
    if (header('x-throw')) throw new Error(header('x-throw'));
    const ids = (header('x-ids') ?? '').split(',').filter((s) => s !== '').map(Number);
    const flaky = header('x-flaky') !== undefined && this.flips++ % 2 === 0;
    const log = flaky
      ? []
      : ids.map(
          (id) =>
            `ModSecurity: Warning. Matched "Operator \`Rx' with parameter \`x' against variable \`ARGS:a' (Value: \`x' ) ` +
            `[file "fake.conf"] [line "1"] [id "${id}"] [msg "Fake rule ${id}"] [data "Matched Data: ${req.uri}"] ` +
            `[severity "CRITICAL"] [hostname "localhost"] [uri "${req.uri}"] [unique_id "1"]`,
        );
    const matched = (header('x-matched') ?? '').split(',').filter((s) => s !== '').map(Number);
    return { status: Number(header('x-status') ?? 200), headers: [['Content-Type', 'text/plain']], body: `echo: ${req.body}`, matchedRuleIds: matched, log };
  }
}

function statuses(run: FtwRunResult): Record<string, string> {
  return Object.fromEntries(run.results.map((r) => [r.id, r.status]));
}

describe('runFtw with a fake engine', () => {
  it('applies each go-ftw check', async () => {
    const engine = new FakeEngine();
    const run = await runFtw(loadTests(), engine);
    expect(statuses(run)).toEqual({
      '999001-1': 'passed',
      '999001-2': 'failed',
      '999001-3': 'failed',
      '999001-4': 'passed',
      '999001-5': 'passed',
      '999001-6': 'failed',
      '999001-7': 'passed',
      '999001-8': 'failed',
      '999001-9': 'passed',
      '999001-10': 'passed',
      '999001-11': 'passed',
      '999001-12': 'passed',
      '999001-13': 'failed',
      '999001-14': 'passed',
      '999001-15': 'failed',
      '999001-16': 'failed',
      '999001-17': 'passed',
      '999001-18': 'failed',
      '999001-19': 'failed',
      '999001-20': 'passed',
    });
    expect([run.passed, run.failed, run.skipped]).toEqual([11, 9, 0]);
    const byId = new Map(run.results.map((r) => [r.id, r]));
    expect(byId.get('999001-2')).toMatchObject({ reason: 'expected ids not seen: 999003', expectedIds: [999001, 999003], seenIds: [999001] });
    expect(byId.get('999001-3')!.reason).toBe('unexpected ids seen: 999001');
    expect(byId.get('999001-6')!.reason).toBe('status 200, expected 403');
    expect(byId.get('999001-8')!.reason).toBe('no_match_regex /id "999008"/ matched');
    expect(byId.get('999001-13')!.reason).toBe('isolated: expected exactly one rule, saw 2');
    expect(byId.get('999001-15')!.reason).toBe('engine threw: boom');
    expect(byId.get('999001-16')!.reason).toBe('stage 2: expected ids not seen: 999016');
    expect(byId.get('999001-18')!.reason).toBe('expected an error but got a response');
    expect(byId.get('999001-19')!.reason).toMatch(/^match_regex \/\(unclosed\/ is not a valid RE2 regex/);
    expect(byId.get('999001-12')!.stages[0]).toMatchObject({ serverRejects: '400: request target contains a fragment', status: 400 });
    expect(byId.get('999001-20')!.stages.map((s) => s.uri)).toEqual(['/a', '/b']);
    // 12 was answered by the server; 17 ran twice; 20 ran once per uri.
    expect(engine.seen.filter((r) => r.uri === '/#x')).toEqual([]);
    expect(engine.seen.filter((r) => r.headers.some(([n]) => n === 'X-Flaky'))).toHaveLength(2);
  });

  it('applies overrides: expected failures, stale ones, output replacement per stage, skips', async () => {
    const { overrides, diagnostics } = loadOverridesText(overridesPath, readFileSync(overridesPath, 'utf8'), { requireReason: true });
    expect(diagnostics).toEqual([]);
    const run = await runFtw(loadTests(), new FakeEngine(), { overrides: overrides! });
    const byId = new Map(run.results.map((r) => [r.id, r]));
    expect(byId.get('999001-2')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^expected failure: Fixture: 999003/) });
    expect(byId.get('999001-1')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/remove the override$/) });
    expect(byId.get('999001-3')).toMatchObject({ status: 'passed', overrides: [expect.stringMatching(/output is replaced/)] });
    expect(byId.get('999001-6')).toMatchObject({ status: 'skipped', reason: 'Fixture: skipped because the fake engine has no blocking mode', stages: [] });
    expect(byId.get('999001-16')!.status).toBe('passed');
    expect(run.diagnostics.map((d) => [d.code, d.message, d.location?.line])).toEqual([
      ['FT1011', 'override for 999001-99 matches no loaded test', 33],
    ]);
  });

  it('selects tests like go-ftw --include / --exclude', async () => {
    const run = await runFtw(loadTests(), new FakeEngine(), { include: /^999001-1\d?$/, exclude: /-1[0-5]$/ });
    const ran = run.results.filter((r) => r.status !== 'skipped').map((r) => r.id);
    expect(ran).toEqual(['999001-1', '999001-10', '999001-11', '999001-12', '999001-13', '999001-14', '999001-15', '999001-16', '999001-17', '999001-18', '999001-19']);
    expect(run.results.find((r) => r.id === '999001-2')!.reason).toBe('not included by /^999001-1\\d?$/');
  });

  it('selectionSkip: inclusion wins over exclusion', () => {
    expect(selectionSkip('920100-1', /920100-1/, /920100/)).toBeUndefined();
    expect(selectionSkip('920100-2', /920100-1/, /920100/)).toBe('excluded by /920100/');
    expect(selectionSkip('920100-2', undefined, /920101/)).toBeUndefined();
    expect(selectionSkip('920100-2', /g/g)).toBe('not included by /g/g');
  });
});

describe.skipIf(!hasShared('coreruleset'))('the CRS suite through an engine that never matches', () => {
  it('builds every request, compiles every regex and meets every status expectation', async () => {
    const regression = sharedPath('coreruleset', 'tests', 'regression');
    const tests = loadFtwDir(join(regression, 'tests')).files.flatMap((f) => f.tests);
    const { overrides } = loadOverridesFile(join(regression, 'httpd-overrides.yaml'));
    const silent: FtwEngine = { run: () => ({ status: 200, headers: [], body: '', matchedRuleIds: [], log: [] }) };
    const run = await runFtw(tests, silent, { overrides: overrides! });
    const broken = run.results.filter((r) => /cannot build|not a valid RE2|status \d+, expected|engine threw/.test(r.reason ?? ''));
    expect(broken.map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
    expect(run.diagnostics).toEqual([]);
    // With no match ever, exactly the tests that expect a rule id or a log line fail.
    const expectsMatch = new Set(
      tests.filter((t) => t.stages.some((st) => st.output.log.expectIds?.length || st.output.log.matchRegex)).map((t) => t.id),
    );
    const failedIds = run.results.filter((r) => r.status === 'failed').map((r) => r.id);
    expect(failedIds.filter((id) => !expectsMatch.has(id))).toEqual([]);
    expect(failedIds.length).toBeGreaterThan(4000);
    expect(run.passed + run.failed).toBe(tests.length);
  });
});
