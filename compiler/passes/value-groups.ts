import type { Exclusion, KeyMatcher, Target } from '../../runtime/program.ts';

/**
 * Variables whose values cannot change while a phase runs: request and response data. Rules
 * write TX, MATCHED_VARS, the persistent collections and ENV; ctl can change the body
 * processor. Links reading any of those get no group key.
 * Each is given the phase from which it holds its final values (the data arrives before that
 * phase and never changes after it): request line and headers 1, request body 2, response
 * headers 3, response body 4. A group built at or after the stage of all its targets stays
 * valid for the rest of the transaction (see groupStage).
 */
const STAGE = new Map<string, number>([
  ...['REQUEST_HEADERS', 'REQUEST_HEADERS_NAMES', 'REQUEST_COOKIES', 'REQUEST_COOKIES_NAMES', 'REQUEST_FILENAME', 'REQUEST_BASENAME', 'REQUEST_URI', 'REQUEST_URI_RAW', 'REQUEST_LINE', 'REQUEST_METHOD', 'REQUEST_PROTOCOL', 'QUERY_STRING', 'ARGS_GET', 'ARGS_GET_NAMES', 'PATH_INFO', 'REMOTE_ADDR', 'REMOTE_HOST', 'REMOTE_PORT', 'SERVER_ADDR', 'SERVER_PORT', 'UNIQUE_ID'].map((n) => [n, 1] as const),
  ...['ARGS', 'ARGS_POST', 'ARGS_NAMES', 'ARGS_POST_NAMES', 'ARGS_COMBINED_SIZE', 'REQUEST_BODY', 'REQUEST_BODY_LENGTH', 'FILES', 'FILES_NAMES', 'FILES_SIZES', 'FILES_COMBINED_SIZE', 'FILES_TMP_CONTENT', 'MULTIPART_PART_HEADERS', 'MULTIPART_NAME', 'MULTIPART_FILENAME', 'XML'].map((n) => [n, 2] as const),
  ...['RESPONSE_HEADERS', 'RESPONSE_HEADERS_NAMES', 'RESPONSE_STATUS', 'RESPONSE_PROTOCOL', 'RESPONSE_CONTENT_TYPE', 'STATUS_LINE'].map((n) => [n, 3] as const),
  ['RESPONSE_BODY', 4],
  ['RESPONSE_CONTENT_LENGTH', 4],
]);

const key = (k: KeyMatcher | undefined) => (k ? `${k.kind}:${k.value}` : '');
const targetText = (x: Target) => `${x.count ? '&' : ''}${x.name}:${key(x.key)}:${x.xpath ?? ''}`;
const exclusionText = (x: Exclusion) => `${x.name}:${key(x.key)}`;

/** The key under which a link shares its resolved, transformed values within a phase. */
export function groupKey(targets: readonly Target[], exclusions: readonly Exclusion[], transformKey: string): string | null {
  if (!targets.every((t) => STAGE.has(t.name)) || !exclusions.every((e) => STAGE.has(e.name))) return null;
  return `${targets.map(targetText).join('|')}!${exclusions.map(exclusionText).join('|')}#${transformKey}`;
}

/**
 * Per target of a grouped link, the key under which its resolved values are shared with other
 * groups within a phase: the target and the exclusions that can remove its elements (an
 * exclusion only applies to elements of its own variable, see variables/resolve.ts).
 */
export function targetKeys(targets: readonly Target[], exclusions: readonly Exclusion[]): string[] {
  return targets.map((t) => `${targetText(t)}!${exclusions.filter((e) => e.name === t.name).map(exclusionText).join('|')}`);
}

/**
 * The phase from which a group's values (or one target's) are final: the latest stage among
 * its targets. The engine rebuilds such a group when that phase starts and keeps it after.
 */
export function groupStage(targets: readonly Target[]): number {
  let stage = 1;
  for (const t of targets) stage = Math.max(stage, STAGE.get(t.name) ?? 5);
  return stage;
}
