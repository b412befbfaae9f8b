import { WORD_END } from './charclass.ts';
import { lookupWord } from './keywords.ts';
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
  // The first `.` or backtick, found in the same pass: most words have none, and then the
  // prefix search below is skipped.
  let split = -1;
  // `!== 1` rather than `=== 0`: a code unit above 0xFF (outside the byte-string contract)
  // reads undefined and so continues the word instead of ending it with nothing consumed.
  while (e < slen) {
    const c = s.charCodeAt(e);
    if (WORD_END[c] === 1) break;
    if (split < 0 && (c === 0x2e || c === 0x60)) split = e - pos;
    e++;
  }
  const wlen = e - pos;
  const limit = wlen < TOKEN_VAL_MAX ? wlen : TOKEN_VAL_MAX;
  for (let i = split < 0 ? limit : split; i < limit; i++) {
    const c = s.charCodeAt(pos + i);
    if (c === 0x2e || c === 0x60) {
      const type = lookupWord(s.slice(pos, pos + i));
      if (type !== T.NONE && type !== T.BAREWORD) {
        cur.clear();
        cur.assign(type, pos, s.slice(pos, pos + i));
        return pos + i;
      }
    }
  }
  cur.assign(T.BAREWORD, pos, s.slice(pos, e));
  if (wlen <= TOKEN_VAL_MAX) {
    const type = lookupWord(cur.val);
    if (type !== T.NONE) cur.type = type;
  }
  return e;
}
