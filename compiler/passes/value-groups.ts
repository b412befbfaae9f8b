import type { Exclusion, KeyMatcher, Target } from '../../runtime/program.ts';

/**
 * Variables whose values cannot change while a phase runs: request and response data. Rules
 * write TX, MATCHED_VARS, the persistent collections and ENV; ctl can change the body
 * processor. Links reading any of those get no group key.
 */
const STABLE = new Set([
  'ARGS', 'ARGS_GET', 'ARGS_POST', 'ARGS_NAMES', 'ARGS_GET_NAMES', 'ARGS_POST_NAMES', 'ARGS_COMBINED_SIZE',
  'REQUEST_HEADERS', 'REQUEST_HEADERS_NAMES', 'REQUEST_COOKIES', 'REQUEST_COOKIES_NAMES', 'REQUEST_FILENAME',
  'REQUEST_BASENAME', 'REQUEST_URI', 'REQUEST_URI_RAW', 'REQUEST_LINE', 'REQUEST_METHOD', 'REQUEST_PROTOCOL',
  'QUERY_STRING', 'REQUEST_BODY', 'REQUEST_BODY_LENGTH', 'FILES', 'FILES_NAMES', 'FILES_SIZES', 'FILES_COMBINED_SIZE',
  'FILES_TMP_CONTENT', 'MULTIPART_PART_HEADERS', 'MULTIPART_NAME', 'MULTIPART_FILENAME', 'XML', 'PATH_INFO',
  'RESPONSE_HEADERS', 'RESPONSE_HEADERS_NAMES', 'RESPONSE_BODY', 'RESPONSE_STATUS', 'RESPONSE_PROTOCOL',
  'RESPONSE_CONTENT_TYPE', 'RESPONSE_CONTENT_LENGTH', 'REMOTE_ADDR', 'REMOTE_HOST', 'REMOTE_PORT', 'SERVER_ADDR',
  'SERVER_PORT', 'UNIQUE_ID', 'STATUS_LINE',
]);

/** The key under which a link shares its resolved, transformed values within a phase. */
export function groupKey(targets: readonly Target[], exclusions: readonly Exclusion[], transformKey: string): string | null {
  if (!targets.every((t) => STABLE.has(t.name)) || !exclusions.every((e) => STABLE.has(e.name))) return null;
  const key = (k: KeyMatcher | undefined) => (k ? `${k.kind}:${k.value}` : '');
  const t = targets.map((x) => `${x.count ? '&' : ''}${x.name}:${key(x.key)}:${x.xpath ?? ''}`).join('|');
  const e = exclusions.map((x) => `${x.name}:${key(x.key)}`).join('|');
  return `${t}!${e}#${transformKey}`;
}

