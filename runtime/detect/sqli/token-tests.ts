/** Small predicates on tokens shared by the folding rules. */
import { T } from './types.ts';
import type { Token } from './types.ts';

/** `+ - ! ~ !! NOT`: operators that may stand before an operand. */
export function isUnaryOp(t: Token): boolean {
  if (t.type !== T.OPERATOR) return false;
  const v = t.val;
  switch (t.len) {
    case 1: {
      const c = v.charCodeAt(0);
      return c === 0x2b || c === 0x2d || c === 0x21 || c === 0x7e;
    }
    case 2:
      return v === '!!';
    case 3:
      return (v.charCodeAt(0) | 0x20) === 0x6e && (v.charCodeAt(1) | 0x20) === 0x6f &&
        (v.charCodeAt(2) | 0x20) === 0x74;
    default:
      return false;
  }
}
