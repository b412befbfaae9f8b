import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile } from './testing.ts';
import { validateUrlEncoding } from './validate-url-encoding.ts';

const op = compile(validateUrlEncoding, '');

describe('@validateUrlEncoding', () => {
  it.each([
    ['', false],
    ['plain', false],
    ['a%20b%2Fc%2fd', false],
    ['%41%42%43', false],
    ['100%', true], // truncated at the end
    ['%4', true],
    ['a%2', true],
    ['%zz', true], // non-hex digits
    ['%4g', true],
    ['%g4', true],
    ['%%41', true], // the first '%' sees '%4'
    ['%u0041', true], // %u is not URL encoding
    ['%41%', true],
    ['x%41y', false],
  ])('%j -> %s', (input, expected) => {
    expect(op.match(input, null)).toBe(expected);
  });

  it('never matches encodeURIComponent output, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(op.match(encodeURIComponent(s), null)).toBe(false);
      }),
    );
  });

  it('matches exactly when a %-sequence is broken (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[%0-9a-fA-Fgz]{0,12}$/), (s) => {
        const valid = /^(?:[^%]|%[0-9a-fA-F]{2})*$/.test(s);
        expect(op.match(s, null)).toBe(!valid);
      }),
    );
  });
});
