import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, createError } from './testing.ts';
import { validateByteRange } from './validate-byte-range.ts';

describe('@validateByteRange', () => {
  it('matches when a byte is outside the ranges', () => {
    // The reference manual's example, spaces included: "@validateByteRange 10, 13, 32-126".
    const op = compile(validateByteRange, '10, 13, 32-126');
    expect(op.match('Hello, world!\r\n', null)).toBe(false);
    expect(op.match('tab\there', null)).toBe(true);
    expect(op.match('caf\xe9', null)).toBe(true);
    expect(op.match('', null)).toBe(false);
  });

  it('handles the CRS parameters', () => {
    const r920270 = compile(validateByteRange, '1-255');
    expect(r920270.match('a\x00b', null)).toBe(true);
    expect(r920270.match('\x01\xff', null)).toBe(false);
    const r920273 = compile(validateByteRange, '38,44-46,48-58,61,65-90,95,97-122');
    expect(r920273.match('a=b&c', null)).toBe(false);
    expect(r920273.match('a b', null)).toBe(true);
    const r920274 = compile(validateByteRange, '9,10,13,32-126,128-255');
    expect(r920274.match('\x7f', null)).toBe(true);
    expect(r920274.match('\x80\t', null)).toBe(false);
  });

  it.each(['', 'xxx', '1-', '-5', '256', '0-256', '20-10', '1,,2', '12x', '1-2-3'])('refuses %j', (param) => {
    expect(createError(validateByteRange, param)).toMatch(/invalid byte range/);
  });

  it('agrees with a direct range check (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 10 }),
        (a, b, bytes) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const outside = bytes.some((x) => x < lo || x > hi);
          expect(compile(validateByteRange, `${lo}-${hi}`).match(String.fromCharCode(...bytes), null)).toBe(outside);
        },
      ),
    );
  });
});
