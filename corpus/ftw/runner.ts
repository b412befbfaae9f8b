/**
 * Runs go-ftw tests in process: builds each stage's request as go-ftw would send it, lets the
 * emulated server refuse it or hands it to the engine, and checks the outcome as go-ftw does.
 * Selection (include/exclude) and platform overrides follow go-ftw's semantics; the comments
 * mark where we deliberately differ.
 */
import { performance } from 'node:perf_hooks';
import { checkStage, type StageOutcome } from './checks.ts';
import { ftwDiagnostic, type FtwDiagnostic } from './diagnostics.ts';
import type { FtwEngine, FtwResponse } from './engine.ts';
import { overridesFor, type FtwOverride, type FtwOverrides } from './overrides.ts';
import { buildFtwRequest } from './request.ts';
import type { FtwInput, FtwOutput, FtwTest } from './schema.ts';

export type FtwStatus = 'passed' | 'failed' | 'skipped';

export interface FtwStageResult {
  readonly index: number;
  readonly uri?: string;
  readonly requestLine?: string;
  readonly serverRejects?: string;
  readonly status?: number;
  readonly seenIds: readonly number[];
  readonly failures: readonly string[];
}

export interface FtwTestResult {
  readonly id: string;
  readonly ruleId: number;
  readonly testId: number;
  readonly file: string;
  readonly title?: string;
  readonly status: FtwStatus;
  /** Why it failed or was skipped; for an expected failure, the override's reason. */
  readonly reason?: string;
  /** Reasons of the overrides that changed this test. */
  readonly overrides: readonly string[];
  readonly expectedIds: readonly number[];
  readonly noExpectedIds: readonly number[];
  readonly seenIds: readonly number[];
  readonly stages: readonly FtwStageResult[];
  readonly durationMs: number;
}

export interface FtwRunOptions {
  /** Regex on `<rule_id>-<test_id>`; a match always runs the test, even when excluded. */
  readonly include?: RegExp;
  readonly exclude?: RegExp;
  readonly overrides?: FtwOverrides | readonly FtwOverrides[];
  readonly onResult?: (result: FtwTestResult) => void;
}

export interface FtwRunResult {
  readonly results: readonly FtwTestResult[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Overrides naming tests that were not loaded. */
  readonly diagnostics: readonly FtwDiagnostic[];
}

/** go-ftw's needToSkipTest: inclusion wins over exclusion; with an include, others are skipped. */
export function selectionSkip(id: string, include?: RegExp, exclude?: RegExp): string | undefined {
  if (include && matches(include, id)) return undefined;
  if (exclude && matches(exclude, id)) return `excluded by ${String(exclude)}`;
  if (include) return `not included by ${String(include)}`;
  return undefined;
}

function matches(re: RegExp, s: string): boolean {
  re.lastIndex = 0; // a /g or /y regex keeps state between calls
  return re.test(s);
}

export async function runFtw(tests: readonly FtwTest[], engine: FtwEngine, options: FtwRunOptions = {}): Promise<FtwRunResult> {
  const overrideFiles = options.overrides === undefined ? [] : 'overrides' in options.overrides ? [options.overrides] : options.overrides;
  const results: FtwTestResult[] = [];
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const test of tests) {
    const result = await runTest(test, engine, overridesFor(overrideFiles as readonly FtwOverrides[], test), options);
    counts[result.status]++;
    results.push(result);
    options.onResult?.(result);
  }
  return { results, ...counts, diagnostics: unusedOverrides(overrideFiles as readonly FtwOverrides[], tests) };
}

function base(test: FtwTest, overrides: readonly FtwOverride[]) {
  const out = {
    id: test.id,
    ruleId: test.ruleId,
    testId: test.testId,
    file: test.location.file,
    overrides: overrides.map((o) => o.reason),
    expectedIds: [...new Set(test.stages.flatMap((s) => s.output.log.expectIds ?? []))],
    noExpectedIds: [...new Set(test.stages.flatMap((s) => s.output.log.noExpectIds ?? []))],
  };
  return test.title === undefined ? out : { ...out, title: test.title };
}

async function runTest(test: FtwTest, engine: FtwEngine, overrides: FtwOverride[], options: FtwRunOptions): Promise<FtwTestResult> {
  const skipWhy = selectionSkip(test.id, options.include, options.exclude) ?? overrides.find((o) => o.skip)?.reason;
  if (skipWhy !== undefined) {
    return { ...base(test, overrides), status: 'skipped', reason: skipWhy, seenIds: [], stages: [], durationMs: 0 };
  }
  const started = performance.now();
  const stages: FtwStageResult[] = [];
  for (const [index, stage] of test.stages.entries()) {
    const applied = overrides.filter((o) => o.stageIds === undefined || o.stageIds.includes(index));
    const output = applied.reduce<FtwOutput>((out, o) => o.output ?? out, stage.output);
    const retry = output.retryOnce || applied.some((o) => o.retryOnce);
    for (const uri of stage.input.uris ?? [undefined]) {
      let r = await runStage(engine, stage.input, output, index, uri);
      if (r.failures.length > 0 && retry) r = await runStage(engine, stage.input, output, index, uri);
      stages.push(r);
    }
  }
  const durationMs = performance.now() - started;
  const seenIds = [...new Set(stages.flatMap((s) => s.seenIds))].sort((a, b) => a - b);
  const failures = stages.flatMap((s) => s.failures.map((f) => (test.stages.length > 1 ? `stage ${s.index + 1}: ${f}` : f)));
  const expected = overrides.find((o) => o.expectFailure);
  const head = { ...base(test, overrides), seenIds, stages, durationMs };
  if (expected) {
    // A known failure is reported, not counted as a pass; passing means the override is stale.
    return failures.length > 0
      ? { ...head, status: 'skipped', reason: `expected failure: ${expected.reason}` }
      : { ...head, status: 'failed', reason: `passed, but an override expects it to fail (${expected.reason}): remove the override` };
  }
  return failures.length > 0 ? { ...head, status: 'failed', reason: failures.join('; ') } : { ...head, status: 'passed' };
}

async function runStage(engine: FtwEngine, input: FtwInput, output: FtwOutput, index: number, uri: string | undefined): Promise<FtwStageResult> {
  const at = uri === undefined ? { index } : { index, uri };
  const built = buildFtwRequest(input, uri);
  // go-ftw aborts the whole run when it cannot build a request; here only this test fails.
  if (!built.ok) return { ...at, seenIds: [], failures: [`cannot build the request: ${built.error}`] };
  const req = built.request;
  let outcome: StageOutcome;
  if (req.serverRejects !== undefined) {
    outcome = { response: rejection(req.serverRejects) };
  } else {
    let response: FtwResponse;
    try {
      response = await engine.run(req);
    } catch (err) {
      // Exceptions are engine bugs, never an "expected error".
      const failures = [`engine threw: ${(err as Error).message}`];
      return { ...at, requestLine: req.requestLine, seenIds: [], failures };
    }
    outcome = req.http09 ? { error: 'HTTP/0.9 response has no status line', response } : { response };
  }
  const checked = checkStage(output, outcome);
  const result: FtwStageResult = { ...at, requestLine: req.requestLine, seenIds: checked.seenIds, failures: checked.failures };
  const withStatus = outcome.response && !outcome.error ? { ...result, status: outcome.response.status } : result;
  return req.serverRejects === undefined ? withStatus : { ...withStatus, serverRejects: req.serverRejects };
}

function rejection(why: string): FtwResponse {
  return { status: Number(why.slice(0, 3)), headers: [], body: why, matchedRuleIds: [], log: [] };
}

function unusedOverrides(files: readonly FtwOverrides[], tests: readonly FtwTest[]): FtwDiagnostic[] {
  const ids = new Set(tests.map((t) => t.id));
  const rules = new Set(tests.map((t) => t.ruleId));
  const out: FtwDiagnostic[] = [];
  for (const f of files) {
    for (const o of f.overrides) {
      const missing = o.testIds === undefined ? (rules.has(o.ruleId) ? [] : ['*']) : o.testIds.filter((t) => !ids.has(`${o.ruleId}-${t}`));
      if (missing.length > 0) {
        out.push(ftwDiagnostic('FT1011', `override for ${o.ruleId}-${missing.join(',')} matches no loaded test`, o.location));
      }
    }
  }
  return out;
}
