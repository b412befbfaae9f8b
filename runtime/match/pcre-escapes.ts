/**
 * The character-type escapes RE2 reads differently from the PCRE2 that ModSecurity v3 compiles
 * rules with (non-UTF mode), written out as the byte classes PCRE2 means:
 *
 *   \s  [\t\n\x0b\f\r ]   RE2's \s has no vertical tab (PCRE's has, since 8.34)
 *   \v  [\n\x0b\f\r\x85]  RE2's \v is the vertical tab alone
 *   \h  [\t \xa0]         RE2 has no \h
 *   \S, \V, \H            their complements (outside a class; inside one they are left as RE2
 *                         reads them, which differs only on the bytes above)
 *
 * Measured on libmodsecurity 3.0.9 (Debian, linked with libpcre2-8): `@rx \s` matches a vertical
 * tab, so CRS 932200's last link (`MATCHED_VARS "@rx \s"`) fires on a value whose only blank is
 * one. Everything else is copied as written: escaped characters, `\Q…\E`, classes.
 */
const SPACE = '\\t\\n\\x0b\\f\\r\\x20';
const VERTICAL = '\\n\\x0b\\f\\r\\x85';
const HORIZONTAL = '\\t\\x20\\xa0';

const INSIDE: Readonly<Record<string, string>> = { s: SPACE, v: VERTICAL, h: HORIZONTAL };
const OUTSIDE: Readonly<Record<string, string>> = {
  s: `[${SPACE}]`,
  S: `[^${SPACE}]`,
  v: `[${VERTICAL}]`,
  V: `[^${VERTICAL}]`,
  h: `[${HORIZONTAL}]`,
  H: `[^${HORIZONTAL}]`,
};

/** The pattern with PCRE2's meaning of \s, \v, \h (and complements) spelled out for RE2. */
export function pcreEscapes(pattern: string): string {
  if (!/\\[sSvVhH]/.test(pattern)) return pattern;
  let out = '';
  let inClass = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      const e = pattern[i + 1];
      if (e === 'Q') {
        // \Q…\E: quoted text, copied as it is.
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end + 2;
        out += pattern.slice(i, stop);
        i = stop;
        continue;
      }
      const replacement = inClass ? INSIDE[e] : OUTSIDE[e];
      out += replacement ?? c + e;
      i += 2;
      continue;
    }
    if (!inClass && c === '[') {
      inClass = true;
      out += c;
      i++;
      // A `^` and then a `]` right after the opening bracket are part of the class.
      if (pattern[i] === '^') out += pattern[i++];
      if (pattern[i] === ']') out += pattern[i++];
      // `[:alpha:]` and the like need no special care: they hold no backslash.
      continue;
    }
    if (inClass && c === '[' && pattern[i + 1] === ':') {
      const end = pattern.indexOf(':]', i + 2);
      if (end > 0) {
        out += pattern.slice(i, end + 2);
        i = end + 2;
        continue;
      }
    }
    if (inClass && c === ']') inClass = false;
    out += c;
    i++;
  }
  return out;
}
