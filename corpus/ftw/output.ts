/**
 * Reading an `output:` block. Shared by the test loader and the overrides loader, since an
 * override's output replaces a stage's output wholesale (ftw-tests-schema overrides.TestOverride).
 */
import type { Node } from 'yaml';
import type { FtwLogExpectations, FtwOutput } from './schema.ts';
import type { YamlReader } from './yaml-read.ts';

const OUTPUT_KEYS = new Set([
  'status',
  'response_contains',
  'log_contains',
  'no_log_contains',
  'log',
  'expect_error',
  'retry_once',
  'isolated',
]);
// expect_id / no_expect_id are the singular spellings of ftw's older docs (CRS README shows one).
const LOG_KEYS = new Set(['expect_ids', 'no_expect_ids', 'match_regex', 'no_match_regex', 'expect_id', 'no_expect_id']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function readOutput(r: YamlReader, node: Node | null, what: string): FtwOutput {
  const e = r.entries(node, what, OUTPUT_KEYS);
  const out: Mutable<FtwOutput> = { log: readLog(r, e?.get('log')?.value ?? null, `${what}.log`) };
  const status = readStatus(r, e?.get('status')?.value ?? null, `${what}.status`);
  if (status !== undefined) out.status = status;
  const rc = r.string(e, 'response_contains', what);
  if (rc !== undefined) out.responseContains = rc;
  const lc = r.string(e, 'log_contains', what);
  if (lc !== undefined) out.logContains = lc;
  const nlc = r.string(e, 'no_log_contains', what);
  if (nlc !== undefined) out.noLogContains = nlc;
  const ee = r.boolean(e, 'expect_error', what);
  if (ee !== undefined) out.expectError = ee;
  const ro = r.boolean(e, 'retry_once', what);
  if (ro !== undefined) out.retryOnce = ro;
  const iso = r.boolean(e, 'isolated', what);
  if (iso !== undefined) out.isolated = iso;
  return foldLogContains(out);
}

function readLog(r: YamlReader, node: Node | null, what: string): FtwLogExpectations {
  const e = r.entries(node, what, LOG_KEYS);
  const log: Mutable<FtwLogExpectations> = {};
  const ids = concat(r.integers(e, 'expect_ids', what), r.integers(e, 'expect_id', what));
  if (ids) log.expectIds = ids;
  const noIds = concat(r.integers(e, 'no_expect_ids', what), r.integers(e, 'no_expect_id', what));
  if (noIds) log.noExpectIds = noIds;
  const m = r.string(e, 'match_regex', what);
  if (m !== undefined) log.matchRegex = m;
  const nm = r.string(e, 'no_match_regex', what);
  if (nm !== undefined) log.noMatchRegex = nm;
  return log;
}

function readStatus(r: YamlReader, node: Node | null, what: string): number | number[] | undefined {
  if (node === null) return undefined;
  const e = new Map([['status', { key: node, value: node }]]);
  const items = r.list(e, 'status', what.slice(0, -'.status'.length));
  if (!items) return undefined;
  const codes = items.map((n) => r.integerNode(n, what)).filter((n): n is number => n !== undefined);
  if ('items' in node) return codes;
  return codes[0];
}

function concat(a: number[] | undefined, b: number[] | undefined): number[] | undefined {
  if (!a) return b;
  return b ? [...a, ...b] : a;
}

/**
 * The deprecated log_contains / no_log_contains become match_regex / no_match_regex unless the
 * log block already says something, exactly as go-ftw's postProcessLogContains.
 */
export function foldLogContains(out: FtwOutput): FtwOutput {
  let log = out.log;
  if (out.logContains !== undefined && out.logContains !== '' && log.expectIds === undefined && !log.matchRegex) {
    log = { ...log, matchRegex: out.logContains };
  }
  if (out.noLogContains !== undefined && out.noLogContains !== '' && log.noExpectIds === undefined && !log.noMatchRegex) {
    log = { ...log, noMatchRegex: out.noLogContains };
  }
  return log === out.log ? out : { ...out, log };
}
