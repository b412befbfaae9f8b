/**
 * The checks go-ftw makes on one stage (runner/check_*.go), as pure functions of the expected
 * output and what came back. Unlike go-ftw, which stops at the first failed check, every failed
 * check is listed, so a report shows all of what is wrong at once; pass or fail is the same.
 */
import type { FtwResponse } from './engine.ts';
import { goRegex, idsInLog } from './goregex.ts';
import type { FtwOutput } from './schema.ts';

export interface StageOutcome {
  /** What a client would see instead of a response (connection error, no status line...). */
  readonly error?: string;
  readonly response?: FtwResponse;
}

export interface StageCheck {
  readonly failures: string[];
  /** Ids go-ftw would find: those in the log lines plus the engine's matchedRuleIds. */
  readonly seenIds: number[];
}

export function seenIds(response: FtwResponse | undefined): number[] {
  if (!response) return [];
  const ids = new Set(idsInLog(response.log));
  for (const id of response.matchedRuleIds) ids.add(id);
  return [...ids].sort((a, b) => a - b);
}

/** Status line, headers and body, as go-ftw's Response.GetFullResponse. */
export function fullResponse(r: FtwResponse): string {
  let s = `HTTP/1.1 ${r.status}\r\n`;
  for (const [n, v] of r.headers) s += `${n}: ${v}\r\n`;
  return s + '\r\n' + r.body;
}

function regexCheck(pattern: string, subjects: readonly string[], want: boolean, what: string, failures: string[]): void {
  const re = goRegex(pattern);
  if (!re.ok) {
    failures.push(`${what} /${pattern}/ is not a valid RE2 regex: ${re.error}`);
    return;
  }
  const found = subjects.some((s) => re.test(s));
  if (found !== want) failures.push(want ? `${what} /${pattern}/ matched nothing` : `${what} /${pattern}/ matched`);
}

export function checkStage(expected: FtwOutput, outcome: StageOutcome): StageCheck {
  const failures: string[] = [];
  const ids = seenIds(outcome.response);
  // go-ftw: an expected error decides the stage on its own.
  if (expected.expectError) {
    if (outcome.error === undefined) failures.push('expected an error but got a response');
    return { failures, seenIds: ids };
  }
  if (outcome.error !== undefined || !outcome.response) {
    failures.push(`unexpected error: ${outcome.error ?? 'no response'}`);
    return { failures, seenIds: ids };
  }
  const r = outcome.response;
  const status = expected.status;
  const accepted = status === undefined ? [] : typeof status === 'number' ? [status] : status;
  // A status of 0 (or none) means no expectation, as in go-ftw.
  if (accepted.length > 0 && !accepted.includes(0) && !accepted.includes(r.status)) {
    failures.push(`status ${r.status}, expected ${accepted.join(' or ')}`);
  }
  if (expected.responseContains) regexCheck(expected.responseContains, [fullResponse(r)], true, 'response_contains', failures);
  const log = expected.log;
  if (log.matchRegex) regexCheck(log.matchRegex, r.log, true, 'match_regex', failures);
  const missing = (log.expectIds ?? []).filter((id) => !ids.includes(id));
  if (missing.length > 0) failures.push(`expected ids not seen: ${missing.join(', ')}`);
  if (expected.isolated && ids.length !== 1) failures.push(`isolated: expected exactly one rule, saw ${ids.length}`);
  if (log.noMatchRegex) regexCheck(log.noMatchRegex, r.log, false, 'no_match_regex', failures);
  const unwanted = (log.noExpectIds ?? []).filter((id) => ids.includes(id));
  if (unwanted.length > 0) failures.push(`unexpected ids seen: ${unwanted.join(', ')}`);
  return { failures, seenIds: ids };
}
