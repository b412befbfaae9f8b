import { WORD_END } from './charclass.ts';
import { KEYWORD_TYPE, wordInfo } from './keywords.ts';
import type { SqliState } from './state.ts';
import { T, TOKEN_VAL_MAX } from './types.ts';

/**
 * A bare word, then its keyword type. When a prefix before `.` or `` ` `` is itself a keyword
 * (`SELECT.1`, ``SELECT`col` ``) only that prefix is taken, as MySQL splits it there.
 */
export function scanWord(st: SqliState): number {
  const s = st.s;
  const pos = st.pos;
  const slen = st.slen;
  const cur = st.current;
  let e = pos;
  // First the bytes a split can happen in (a keyword prefix before `.` or a backtick lies in
  // the first TOKEN_VAL_MAX bytes): when it does, the token ends there and the rest of the word
  // is never read. Scanning to the word's end first, as before, read `or.or.or.…` once per
  // token: quadratic in the value's length.
  const cap = slen < pos + TOKEN_VAL_MAX ? slen : pos + TOKEN_VAL_MAX;
  let split = -1;
  // `!== 1` rather than `=== 0`: a code unit above 0xFF (outside the byte-string contract)
  // reads undefined and so continues the word instead of ending it with nothing consumed.
  while (e < cap) {
    const c = s.charCodeAt(e);
    if (WORD_END[c] === 1) break;
    if (split < 0 && (c === 0x2e || c === 0x60)) split = e - pos;
    e++;
  }
  // min(word length, TOKEN_VAL_MAX), as libinjection bounds the prefix search.
  const limit = e - pos;
  for (let i = split < 0 ? limit : split; i < limit; i++) {
    const c = s.charCodeAt(pos + i);
    if (c === 0x2e || c === 0x60) {
      const info = wordInfo(s, pos, pos + i);
      const type = info & KEYWORD_TYPE;
      if (type !== T.NONE && type !== T.BAREWORD) {
        cur.clear();
        cur.assignSpan(type, pos, s, pos, pos + i);
        cur.info = info;
        return pos + i;
      }
    }
  }
  while (e < slen && WORD_END[s.charCodeAt(e)] !== 1) e++;
  const wlen = e - pos;
  cur.assignSpan(T.BAREWORD, pos, s, pos, wlen > TOKEN_VAL_MAX ? pos + TOKEN_VAL_MAX : e);
  if (wlen <= TOKEN_VAL_MAX) {
    const info = wordInfo(s, pos, e);
    if ((info & KEYWORD_TYPE) !== T.NONE) cur.type = info & KEYWORD_TYPE;
    cur.info = info;
  }
  return e;
}
