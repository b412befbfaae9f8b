import RE2 from 're2';
import { pcreEscapes } from '../match/pcre-escapes.ts';
import { REGEX_FLAGS } from '../match/regex-flags.ts';

/**
 * Compiles a `/regex/` key selector. ModSecurity v3 matches these case-insensitively against
 * collection keys, with the DOTALL and MULTILINE of all its regexes (regex-flags.ts); RE2
 * keeps the match linear in time. Returns null for a pattern RE2 cannot
 * compile (the linter reports it at load time).
 */
export function compileKeyRegex(pattern: string): ((key: string) => boolean) | null {
  let re: RE2;
  try {
    re = new RE2(pcreEscapes(pattern), 'i' + REGEX_FLAGS);
  } catch {
    return null;
  }
  // The same few keys (header and cookie names, TX variables) are tested by hundreds of rules
  // on every request: remember the answers, in a bounded map.
  const seen = new Map<string, boolean>();
  return (key) => {
    let r = seen.get(key);
    if (r === undefined) {
      r = re.test(key);
      if (seen.size > 4096) seen.clear();
      seen.set(key, r);
    }
    return r;
  };
}
