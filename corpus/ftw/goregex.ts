/**
 * Go regular expressions (go-ftw compiles match_regex, no_match_regex and response_contains with
 * Go's regexp, which is RE2 syntax) evaluated with node-re2. Subjects are byte strings, passed as
 * Buffers so that RE2 sees the same UTF-8 bytes Go's regexp.Match sees: a pattern written in
 * Unicode in the YAML matches the UTF-8 bytes the request carried.
 */
import RE2 from 're2';

export type GoRegex = { ok: true; test(bytes: string): boolean } | { ok: false; error: string };

const cache = new Map<string, GoRegex>();

export function goRegex(pattern: string): GoRegex {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let compiled: GoRegex;
  try {
    const re = new RE2(pattern);
    compiled = { ok: true, test: (bytes) => re.test(Buffer.from(bytes, 'latin1')) };
  } catch (err) {
    compiled = { ok: false, error: (err as Error).message };
  }
  cache.set(pattern, compiled);
  return compiled;
}

// go-ftw's waflog TriggeredRules: ModSecurity's `[id "942100"]` (also backslash-escaped, as in
// JSON-wrapped error logs) and JSON audit logs' `"id": "942100"`.
const ID_RE = /\[id \\?"(\d+)\\?"\]|"id":\s*"?(\d+)"?/g;

/** Rule ids named in log lines, in first-seen order, without duplicates. */
export function idsInLog(lines: readonly string[]): number[] {
  const seen = new Set<number>();
  for (const line of lines) {
    for (const m of line.matchAll(ID_RE)) seen.add(Number(m[1] ?? m[2]));
  }
  return [...seen];
}
