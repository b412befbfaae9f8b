import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, createError } from './testing.ts';
import { luhn, verifyCC } from './verify-cc.ts';

describe('luhn', () => {
  it.each([
    ['4111111111111111', true],
    ['4111 1111 1111 1111', true],
    ['4111-1111-1111-1112', false],
    ['79927398713', true],
    ['0', true],
    ['', false],
    ['abc', false],
  ])('%j -> %s', (s, ok) => {
    expect(luhn(s)).toBe(ok);
  });

  it('appending the check digit makes any number valid (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,18}$/), (body) => {
        const check = [...'0123456789'].find((d) => luhn(body + d));
        expect(check).toBeDefined();
        expect(luhn(`${body}${check}`)).toBe(true);
        // Changing one digit breaks it.
        const last = Number(check);
        expect(luhn(`${body}${(last + 1) % 10}`)).toBe(false);
      }),
    );
  });
});

describe('@verifyCC', () => {
  // The reference manual's pattern.
  const op = compile(verifyCC, '\\d{13,16}');

  it('matches a regex candidate that passes Luhn', () => {
    expect(op.match('card=4111111111111111;', null)).toBe(true);
    expect(op.match('card=4111111111111113;', null)).toBe(false);
    expect(op.match('order 1234', null)).toBe(false);
  });

  it('keeps searching from later offsets, as ModSecurity retries every start', () => {
    // The leftmost 16-digit candidate fails Luhn; starting one digit later finds a valid one.
    expect(op.match('94111111111111111', null)).toBe(true);
    const caps: string[] = [];
    expect(op.match('94111111111111111', caps)).toBe(true);
    expect(caps).toEqual(['4111111111111111']);
    // So a failing card number can still match through a shorter tail of its digits.
    expect(op.match('4111111111111112', caps)).toBe(true);
    expect(caps).toEqual(['1111111111112']);
  });

  it('compiles with multiline, as ModSecurity does', () => {
    expect(compile(verifyCC, '^4\\d{15}$').match('x\n4111111111111111\ny', null)).toBe(true);
  });

  it('reports an invalid pattern', () => {
    expect(createError(verifyCC, '(\\d')).toMatch(/invalid regular expression/);
  });
});
