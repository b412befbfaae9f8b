import { isSpaceByte } from './data-file.ts';
import type { CompiledOperator, OperatorSpec } from './types.ts';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * A value as ModSecurity v3 reads it for @eq and setvar arithmetic, with std::stoi inside a
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

const LLONG_MIN = -(2n ** 63n);
const LLONG_MAX = 2n ** 63n - 1n;

/**
 * A value as ModSecurity v3 reads it for @ge/@gt/@le/@lt, with atoll: like toInt, but 64-bit,
 * and a value beyond the range saturates (glibc's strtoll) instead of counting as 0. Up to 15
 * digits it is an exact double; longer ones come back as a bigint, which compares exactly with
 * a number.
 */
export function toLong(s: string): number | bigint {
  let i = 0;
  while (i < s.length && isSpaceByte(s.charCodeAt(i))) i++;
  const sign = s.charCodeAt(i);
  const neg = sign === 0x2d;
  if (sign === 0x2b || neg) i++;
  const start = i;
  // Read in place while the value is an exact double (paranoia gates read one on every rule
  // file of every request); only a longer number is cut out for a bigint.
  let n = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
  }
  if (i === start) return 0;
  if (i - start <= 15) return neg ? -n : n;
  const big = neg ? -BigInt(s.slice(start, i)) : BigInt(s.slice(start, i));
  return big > LLONG_MAX ? LLONG_MAX : big < LLONG_MIN ? LLONG_MIN : big;
}

type Read = (s: string) => number | bigint;
type Cmp = (input: number | bigint, param: number | bigint) => boolean;

class Compare implements CompiledOperator {
  private readonly p: number | bigint;
  constructor(
    param: string,
    private readonly read: Read,
    private readonly cmp: Cmp,
  ) {
    this.p = read(param);
  }
  match(input: string): boolean {
    return this.cmp(this.read(input), this.p);
  }
}

function spec(name: string, read: Read, cmp: Cmp): OperatorSpec {
  // A non-numeric parameter is not an error: ModSecurity reads it as 0, and after macro
  // expansion ('%{tx.foo}' unset) that is the common case.
  return { name, capture: false, create: (param) => new Compare(param, read, cmp) };
}

// v3 reads @eq with std::stoi and the other four with atoll (src/operators/eq.cc, gt.cc, …):
// a Content-Length of 3000000000 is 0 to @eq but more than 1000 to @gt.
export const eq = spec('eq', toInt, (a, b) => a === b);
export const ge = spec('ge', toLong, (a, b) => a >= b);
export const gt = spec('gt', toLong, (a, b) => a > b);
export const le = spec('le', toLong, (a, b) => a <= b);
export const lt = spec('lt', toLong, (a, b) => a < b);
