import { isSpaceByte } from './data-file.ts';
import type { CompiledOperator, OperatorSpec } from './types.ts';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * A value as ModSecurity v3 reads it for @eq/@ge/@gt/@le/@lt, with std::stoi inside a
 * try/catch: leading whitespace, an optional sign, then decimal digits up to the first other
 * char ('12abc' is 12). No digits, or a value outside a 32-bit int, throws there and counts as 0.
 */
export function toInt(s: string): number {
  let i = 0;
  while (i < s.length && isSpaceByte(s.charCodeAt(i))) i++;
  let neg = false;
  const sign = s.charCodeAt(i);
  if (sign === 0x2b /* + */ || sign === 0x2d /* - */) {
    neg = sign === 0x2d;
    i++;
  }
  const start = i;
  let n = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
    if (n > INT_MAX + 1) return 0;
    i++;
  }
  if (i === start) return 0;
  const v = neg ? -n : n;
  return v < INT_MIN || v > INT_MAX ? 0 : v;
}

type Cmp = (input: number, param: number) => boolean;

class Compare implements CompiledOperator {
  constructor(
    private readonly p: number,
    private readonly cmp: Cmp,
  ) {}
  match(input: string): boolean {
    return this.cmp(toInt(input), this.p);
  }
}

function spec(name: string, cmp: Cmp): OperatorSpec {
  // A non-numeric parameter is not an error: ModSecurity reads it as 0, and after macro
  // expansion ('%{tx.foo}' unset) that is the common case.
  return { name, capture: false, create: (param) => new Compare(toInt(param), cmp) };
}

export const eq = spec('eq', (a, b) => a === b);
export const ge = spec('ge', (a, b) => a >= b);
export const gt = spec('gt', (a, b) => a > b);
export const le = spec('le', (a, b) => a <= b);
export const lt = spec('lt', (a, b) => a < b);
