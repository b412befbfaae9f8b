import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq, ge, gt, le, lt, toInt, toLong } from './numeric.ts';
import { compile } from './testing.ts';

describe('toInt (std::stoi as ModSecurity v3 uses it, 0 on failure)', () => {
  it.each([
    ['15', 15],
    ['  \t\n42', 42],
    ['+7', 7],
    ['-7', -7],
    ['12abc', 12],
    ['abc', 0],
    ['', 0],
    ['-', 0],
    ['+-1', 0],
    [' 1 2', 1],
    ['0x10', 0],
    ['2147483647', 2147483647],
    ['-2147483648', -2147483648],
    ['2147483648', 0],
    ['99999999999999999999', 0],
    ['1.9', 1],
  ])('%j -> %d', (s, n) => {
    expect(toInt(s)).toBe(n);
  });

  it('reads back every 32-bit integer with any leading whitespace (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.stringMatching(/^[ \t\n\r\f\v]{0,3}$/), fc.stringMatching(/^[^0-9]{0,3}$/), (n, ws, tail) => {
        expect(toInt(ws + String(n) + tail)).toBe(n);
      }),
    );
  });
});

describe('toLong (atoll as ModSecurity v3 uses it for @ge @gt @le @lt)', () => {
  it.each([
    ['15', 15],
    [' \t-7x', -7],
    ['abc', 0],
    ['2147483648', 2147483648],
    ['99999999999', 99999999999],
    ['9223372036854775807', 2n ** 63n - 1n],
    ['99999999999999999999', 2n ** 63n - 1n],
    ['-99999999999999999999', -(2n ** 63n)],
  ])('%j -> %s', (s, n) => {
    expect(toLong(s)).toBe(n);
  });

  it('orders every pair of 64-bit integers as the integers are ordered (property)', () => {
    const long = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    fc.assert(
      fc.property(long, long, (a, b) => {
        expect(compile(gt, String(b)).match(String(a), null)).toBe(a > b);
        expect(compile(le, String(b)).match(String(a), null)).toBe(a <= b);
      }),
    );
  });

  it('orders 64-bit values exactly, beyond a double\'s precision', () => {
    expect(compile(gt, '9007199254740992').match('9007199254740993', null)).toBe(true);
    expect(compile(lt, '9007199254740993').match('9007199254740992', null)).toBe(true);
  });
});

describe('@eq @ge @gt @le @lt', () => {
  it.each([
    // The reference manual: SecRule &REQUEST_HEADERS_NAMES "@eq 15"
    [eq, '15', '15', true],
    [eq, '15', '16', false],
    [eq, '0', 'abc', true],
    [eq, 'abc', '', true],
    [ge, '4', '4', true],
    [ge, '4', '3', false],
    [gt, '0', '1', true],
    [gt, '0', '0', false],
    [gt, '%{tx.unset}', '1', true],
    [le, '3', '3', true],
    [le, '3', '4', false],
    [lt, '2', '1', true],
    [lt, '2', '2', false],
    [lt, '-1', '-2', true],
    [lt, '5', ' 4 apples', true],
    // Beyond 32 bits @eq reads 0 (stoi throws) while the others read the number (atoll).
    [eq, '0', '2147483648', true],
    [gt, '1000', '3000000000', true],
    [lt, '0', '-99999999999', true],
    [lt, '3000000000', '5', true],
  ])('@%s %j on %j -> %s', (spec, param, input, expected) => {
    expect(compile(spec, param).match(input, null)).toBe(expected);
  });

  it('agree with JS comparisons on integers (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        const A = String(a);
        const B = String(b);
        expect(compile(eq, B).match(A, null)).toBe(a === b);
        expect(compile(ge, B).match(A, null)).toBe(a >= b);
        expect(compile(gt, B).match(A, null)).toBe(a > b);
        expect(compile(le, B).match(A, null)).toBe(a <= b);
        expect(compile(lt, B).match(A, null)).toBe(a < b);
      }),
    );
  });
});
