/**
 * go-ftw platform overrides files (CRS ships nginx-, httpd- and coraza-overrides.yaml): per test,
 * a reason and an output that replaces the test's own. We add two fields for our own file:
 * `expect_failure: true` (run it and report it as a known failure; a pass fails the run, so a
 * stale override cannot hide) and `skip: true` (do not run it at all). Our own overrides must say
 * why specifically: an empty, placeholder (TODO, wip…) or
 * few-character reason is an error with `requireReason`.
 */
import { readFileSync } from 'node:fs';
import { isSeq, type Node } from 'yaml';
import { ftwDiagnostic, type FtwDiagnostic } from './diagnostics.ts';
import { readOutput } from './output.ts';
import type { FtwLocation, FtwOutput, FtwTest } from './schema.ts';
import { YamlReader, type Entries } from './yaml-read.ts';

export interface FtwOverride {
  readonly ruleId: number;
  /** Undefined: every test of the rule (what the schema documents). */
  readonly testIds?: readonly number[];
  /** 0-based stage indexes, as go-ftw compares them; undefined: every stage. */
  readonly stageIds?: readonly number[];
  readonly reason: string;
  readonly retryOnce?: boolean;
  /** Replaces the stage output wholesale. */
  readonly output?: FtwOutput;
  readonly expectFailure?: boolean;
  readonly skip?: boolean;
  readonly location: FtwLocation;
}

export interface FtwOverrides {
  readonly path: string;
  readonly version?: string;
  readonly engine?: string;
  readonly platform?: string;
  /** CRS writes annotations as a list of one-key maps, the schema as a map; both are read. */
  readonly annotations: ReadonlyArray<readonly [string, string]>;
  readonly overrides: readonly FtwOverride[];
}

export interface OverridesOptions {
  /** Reject entries whose reason is empty or says TODO (for our own file, not CRS's). */
  readonly requireReason?: boolean;
}

const TOP_KEYS = new Set(['version', 'meta', 'test_overrides']);
const META_KEYS = new Set(['engine', 'platform', 'annotations']);
const ENTRY_KEYS = new Set(['rule_id', 'test_ids', 'stage_ids', 'reason', 'retry_once', 'output', 'expect_failure', 'skip']);

export function loadOverridesText(
  path: string,
  text: string,
  options: OverridesOptions = {},
): { overrides?: FtwOverrides; diagnostics: FtwDiagnostic[] } {
  const r = new YamlReader(path);
  const { root, ok } = r.parse(text);
  if (!ok) return { diagnostics: r.diagnostics };
  const top = r.entries(root, 'overrides file', TOP_KEYS);
  if (!top) {
    r.report('FT1004', 'an overrides file needs test_overrides', r.locAt(0));
    return { diagnostics: r.diagnostics };
  }
  const meta = r.entries(top.get('meta')?.value ?? null, 'meta', META_KEYS);
  const result: { -readonly [K in keyof FtwOverrides]: FtwOverrides[K] } = {
    path,
    annotations: readAnnotations(r, meta),
    overrides: (r.list(top, 'test_overrides', 'overrides file') ?? [])
      .map((n, i) => readEntry(r, n, `test_overrides[${i}]`, options))
      .filter((o): o is FtwOverride => o !== undefined),
  };
  const version = r.string(top, 'version', 'overrides file');
  if (version !== undefined) result.version = version;
  const engine = r.string(meta, 'engine', 'meta');
  if (engine !== undefined) result.engine = engine;
  const platform = r.string(meta, 'platform', 'meta');
  if (platform !== undefined) result.platform = platform;
  return { overrides: result, diagnostics: r.diagnostics };
}

export function loadOverridesFile(path: string, options: OverridesOptions = {}): { overrides?: FtwOverrides; diagnostics: FtwDiagnostic[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { diagnostics: [ftwDiagnostic('FT1001', `cannot read: ${(err as Error).message}`, { file: path, line: 1, column: 1 })] };
  }
  return loadOverridesText(path, text, options);
}

function readAnnotations(r: YamlReader, meta: Entries | undefined): Array<readonly [string, string]> {
  const node = meta?.get('annotations')?.value ?? null;
  if (node === null) return [];
  const out: Array<readonly [string, string]> = [];
  const items = isSeq(node) ? (node.items as Node[]) : [node];
  for (const item of items) {
    const e = r.entries(item, 'meta.annotations');
    for (const key of e?.keys() ?? []) out.push([key, r.string(e, key, 'meta.annotations') ?? '']);
  }
  return out;
}

function readEntry(r: YamlReader, node: Node, what: string, options: OverridesOptions): FtwOverride | undefined {
  const e = r.entries(node, what, ENTRY_KEYS);
  if (!e) return undefined;
  const ruleId = r.integer(e, 'rule_id', what);
  if (ruleId === undefined) {
    r.report('FT1004', `${what}.rule_id is required`, r.loc(node));
    return undefined;
  }
  const reason = (r.string(e, 'reason', what) ?? '').trim();
  if (options.requireReason && !isSpecificReason(reason)) {
    r.report('FT1010', `${what} (rule ${ruleId}) needs a specific reason, not '${reason}'`, r.loc(e.get('reason')?.value ?? node));
    return undefined;
  }
  const o: { -readonly [K in keyof FtwOverride]: FtwOverride[K] } = { ruleId, reason, location: r.loc(node) };
  const testIds = r.integers(e, 'test_ids', what);
  if (testIds !== undefined) o.testIds = testIds;
  const stageIds = r.integers(e, 'stage_ids', what);
  if (stageIds !== undefined) o.stageIds = stageIds;
  const retry = r.boolean(e, 'retry_once', what);
  if (retry !== undefined) o.retryOnce = retry;
  const expectFailure = r.boolean(e, 'expect_failure', what);
  if (expectFailure !== undefined) o.expectFailure = expectFailure;
  const skip = r.boolean(e, 'skip', what);
  if (skip !== undefined) o.skip = skip;
  if (e.has('output')) o.output = readOutput(r, e.get('output')?.value ?? null, `${what}.output`);
  else if (!o.expectFailure && !o.skip) o.output = { log: {} }; // go-ftw replaces with the zero Output
  return o;
}

/** Placeholders say nothing a reader can check; a reason names a cause (at least a few words). */
export function isSpecificReason(reason: string): boolean {
  return reason.trim().length >= 12 && !/\b(TODO|FIXME|TBD|WIP|XXX)\b/i.test(reason);
}

/** The entries of all given files that apply to `test`, in file order (later ones win). */
export function overridesFor(all: readonly FtwOverrides[], test: FtwTest): FtwOverride[] {
  const out: FtwOverride[] = [];
  for (const file of all) {
    for (const o of file.overrides) {
      if (o.ruleId === test.ruleId && (o.testIds === undefined || o.testIds.includes(test.testId))) out.push(o);
    }
  }
  return out;
}
