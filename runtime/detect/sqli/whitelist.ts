/**
 * Refinements for short fingerprints, as libinjection applies them after a table hit: two- and
 * three-token shapes like `1c` or `s&s` are attacks only in some spellings, and ordinary text
 * (`1 -- see below`, `foo' or 'bar`) hits them often.
 */
import { findSub } from './bytes.ts';
import { asciiUpper } from './keywords.ts';
import type { SqliState } from './state.ts';
import { T } from './types.ts';

/** Whether a fingerprint already found in the table should stand as SQLi, by libinjection's rules. */
export function confirmShort(st: SqliState): boolean {
  const fp = st.fingerprint;
  const n = fp.length;
  const vec = st.tokenvec;
  // MSSQL keeps statements mentioning sp_password out of its audit log: a known evasion.
  if (n > 1 && fp.charCodeAt(n - 1) === T.COMMENT &&
      findSub(st.s, 0, st.slen, 'sp_password') >= 0) return true;
  if (n === 2) return confirmTwo(st);
  if (n === 3) {
    if (fp === 'sos' || fp === 's&s') {
      // `foo' + 'bar`: both strings unterminated on the outside is a quote break-out.
      return vec[0].strOpen === 0 && vec[2].strClose === 0 && vec[0].strClose === vec[2].strOpen;
    }
    if (fp === 's&n' || fp === 'n&1' || fp === '1&1' || fp === '1&v' || fp === '1&s') {
      // `'sex' and 1`, `1 and 1`: prose unless folding already removed something.
      return st.statsTokens !== 3;
    }
    if (vec[1].type === T.KEYWORD) {
      // Only INTO OUTFILE / INTO DUMPFILE (MySQL) make a keyword in the middle dangerous.
      const v = vec[1].val;
      return vec[1].len >= 5 && asciiUpper(v.slice(0, 4)) === 'INTO';
    }
  }
  return true;
}

function confirmTwo(st: SqliState): boolean {
  const vec = st.tokenvec;
  const a = vec[0];
  const b = vec[1];
  if (b.type === T.UNION) return st.statsTokens !== 2;
  if (b.val.charCodeAt(0) === 0x23) return false; // `#` comments: too common in text
  // `foo --` or `foo #…` is text; `foo /*` is not.
  if (a.type === T.BAREWORD && b.type === T.COMMENT && b.val.charCodeAt(0) !== 0x2f) return false;
  if (a.type === T.NUMBER && b.type === T.COMMENT) {
    if (b.val.charCodeAt(0) === 0x2f) return true;
    if (st.statsTokens > 2) return true;
    // Base64-like `1234-ABCD--` also reads `1c`; require the number to end at a space or a
    // comment opener. libinjection looks at the bytes right after the token's length from
    // the input start; past the end counts as NUL.
    const ch = byteAt(st, a.len);
    if (ch <= 32) return true;
    if (ch === 0x2f && byteAt(st, a.len + 1) === 0x2a) return true;
    if (ch === 0x2d && byteAt(st, a.len + 1) === 0x2d) return true;
    return false;
  }
  // Only flag a trailing `--` comment when the input ends there.
  if (b.len > 2 && b.val.charCodeAt(0) === 0x2d) return false;
  return true;
}

function byteAt(st: SqliState, i: number): number {
  return i < st.slen ? st.s.charCodeAt(i) : 0;
}
