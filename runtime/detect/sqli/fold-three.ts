/** The three-token folding rules (libinjection's second stage), split out for size. */
import { NO_FOLD, resume } from './fold-result.ts';
import type { SqliState } from './state.ts';
import { isUnaryOp } from './token-tests.ts';
import { T } from './types.ts';

/** Returns NO_FOLD or (pos << 8 | left) to resume folding with. */
export function foldThree(st: SqliState, left: number, pos: number): number {
  const vec = st.tokenvec;
  const a = vec[left];
  const b = vec[left + 1];
  const c = vec[left + 2];
  const ta = a.type;
  const tb = b.type;
  const tc = c.type;
  // Arithmetic and comparisons collapse to their left operand: 1+1 -> 1, a=b -> n.
  if (ta === T.NUMBER && tb === T.OPERATOR && tc === T.NUMBER) return resume(pos - 2, 0);
  if (ta === T.OPERATOR && tb !== T.LEFTPARENS && tc === T.OPERATOR) return resume(pos - 2, 0);
  if (ta === T.LOGIC_OPERATOR && tc === T.LOGIC_OPERATOR) return resume(pos - 2, 0);
  if (ta === T.VARIABLE && tb === T.OPERATOR &&
      (tc === T.VARIABLE || tc === T.NUMBER || tc === T.BAREWORD)) return resume(pos - 2, 0);
  if ((ta === T.BAREWORD || ta === T.NUMBER) && tb === T.OPERATOR &&
      (tc === T.NUMBER || tc === T.BAREWORD)) return resume(pos - 2, 0);
  // PostgreSQL casts: x::int -> x.
  if ((ta === T.BAREWORD || ta === T.NUMBER || ta === T.VARIABLE || ta === T.STRING) &&
      tb === T.OPERATOR && b.val === '::' && tc === T.SQLTYPE) return resume(pos - 2, 0);
  // Lists: 1,2 -> 1.
  if ((ta === T.BAREWORD || ta === T.NUMBER || ta === T.STRING || ta === T.VARIABLE) &&
      tb === T.COMMA &&
      (tc === T.NUMBER || tc === T.BAREWORD || tc === T.STRING || tc === T.VARIABLE)) {
    return resume(pos - 2, 0);
  }
  // Unary operators after a clause word go: SELECT + ( -> SELECT (, SELECT -1 -> SELECT 1.
  if ((ta === T.EXPRESSION || ta === T.GROUP || ta === T.COMMA) && isUnaryOp(b) &&
      tc === T.LEFTPARENS) {
    b.copyFrom(c);
    return resume(pos - 1, 0);
  }
  if ((ta === T.KEYWORD || ta === T.EXPRESSION || ta === T.GROUP) && isUnaryOp(b) &&
      (tc === T.NUMBER || tc === T.BAREWORD || tc === T.VARIABLE || tc === T.STRING ||
        tc === T.FUNCTION)) {
    b.copyFrom(c);
    return resume(pos - 1, 0);
  }
  if (ta === T.COMMA && isUnaryOp(b) &&
      (tc === T.NUMBER || tc === T.BAREWORD || tc === T.VARIABLE || tc === T.STRING)) {
    // `, -1` -> `,1` and back up so `1,-1` folds on to `1`.
    b.copyFrom(c);
    return resume(pos - 3, 0);
  }
  if (ta === T.COMMA && isUnaryOp(b) && tc === T.FUNCTION) {
    b.copyFrom(c);
    return resume(pos - 1, 0);
  }
  // db.table -> db
  if (ta === T.BAREWORD && tb === T.DOT && tc === T.BAREWORD) return resume(pos - 2, 0);
  // SELECT . `foo` -> SELECT `foo`
  if (ta === T.EXPRESSION && tb === T.DOT && tc === T.BAREWORD) {
    b.copyFrom(c);
    return resume(pos - 1, 0);
  }
  if (ta === T.FUNCTION && tb === T.LEFTPARENS && tc !== T.RIGHTPARENS) {
    // USER() takes no arguments, so USER(foo) is some other USER.
    if (a.len === 4 && (a.val.charCodeAt(0) | 0x20) === 0x75 && (a.val.charCodeAt(1) | 0x20) === 0x73 &&
        (a.val.charCodeAt(2) | 0x20) === 0x65 && (a.val.charCodeAt(3) | 0x20) === 0x72) {
      a.type = T.BAREWORD;
    }
  }
  return NO_FOLD;
}
