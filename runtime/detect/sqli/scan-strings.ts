/** Quoted strings: '…', "…", `…` (MySQL identifiers) and Oracle's q'[…]'. */
import { findPair } from './bytes.ts';
import { lookupSpan } from './keywords.ts';
import { scanWord } from './scan-word.ts';
import type { SqliState } from './state.ts';
import { T } from './types.ts';
import type { Token } from './types.ts';

/** Whether the quote at `q` is preceded by an odd run of backslashes (looking back to `start`). */
function backslashEscaped(s: string, q: number, start: number): boolean {
  let p = q - 1;
  while (p >= start && s.charCodeAt(p) === 0x5c) p--;
  return ((q - 1 - p) & 1) === 1;
}

/**
 * Reads a string whose body starts at `pos + offset`; `offset` 0 means the opening quote was
 * implied by the quote context. `\'` and `''` do not close it. Unterminated strings run to the
 * end and have no closing quote recorded.
 */
export function scanString(
  s: string, slen: number, pos: number, tok: Token, delim: number, offset: number,
): number {
  const body = pos + offset;
  const quote = String.fromCharCode(delim);
  let q = s.indexOf(quote, body);
  tok.strOpen = offset > 0 ? delim : 0;
  for (;;) {
    if (q < 0) {
      tok.assignSpan(T.STRING, body, s, body, s.length);
      tok.strClose = 0;
      return slen;
    }
    if (backslashEscaped(s, q, body)) {
      q = s.indexOf(quote, q + 1);
    } else if (q + 1 < slen && s.charCodeAt(q + 1) === delim) {
      q = s.indexOf(quote, q + 2);
    } else {
      tok.assignSpan(T.STRING, body, s, body, q);
      tok.strClose = delim;
      return q + 1;
    }
  }
}

/**
 * MySQL backtick identifier: a function name when it names one (`` `version`() ``), otherwise a
 * bare word whatever it holds, since MySQL never reads a quoted identifier as a keyword.
 */
export function scanTick(st: SqliState): number {
  const end = scanString(st.s, st.slen, st.pos, st.current, 0x60, 1);
  const tok = st.current;
  tok.type = lookupSpan(tok.src, tok.start, tok.start + tok.len) === T.FUNCTION ? T.FUNCTION : T.BAREWORD;
  return end;
}

/** Oracle alternative quoting q'<delim>…<delim>'; brackets pair up. Quotes print as `q`. */
export function scanQString(st: SqliState, offset: number): number {
  const s = st.s;
  const slen = st.slen;
  const pos = st.pos + offset;
  if (pos >= slen) return scanWord(st);
  const c0 = s.charCodeAt(pos);
  if ((c0 !== 0x71 && c0 !== 0x51) || pos + 2 >= slen || s.charCodeAt(pos + 1) !== 0x27) {
    return scanWord(st);
  }
  let ch = s.charCodeAt(pos + 2);
  // libinjection reads the byte as a signed char: controls, space and bytes >= 0x80 are no delimiter.
  if (ch < 33 || ch > 127) return scanWord(st);
  if (ch === 0x28) ch = 0x29;
  else if (ch === 0x5b) ch = 0x5d;
  else if (ch === 0x7b) ch = 0x7d;
  else if (ch === 0x3c) ch = 0x3e;
  const end = findPair(s, pos + 3, slen, ch, 0x27);
  const tok = st.current;
  if (end < 0) {
    tok.assignSpan(T.STRING, pos + 3, s, pos + 3, s.length);
    tok.strOpen = 0x71;
    tok.strClose = 0;
    return slen;
  }
  tok.assignSpan(T.STRING, pos + 3, s, pos + 3, end);
  tok.strOpen = 0x71;
  tok.strClose = 0x71;
  return end + 2;
}
