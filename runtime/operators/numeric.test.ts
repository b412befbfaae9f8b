import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { eq, ge, gt, le, lt, toInt } from './numeric.ts';
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
