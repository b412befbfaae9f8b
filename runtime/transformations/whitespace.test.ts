import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compressWhitespace, removeWhitespace, trim, trimLeft, trimRight } from './whitespace.ts';
import { bytes, fixtureSuite, over } from './testdata/harness.ts';

fixtureSuite('whitespace.json');

const spacey = over('ab \t\n\r\u000b\f\u00a0\u00c2\u0000');

describe('whitespace transformation properties', () => {
  it('are idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(spacey, bytes()), (s) => {
        for (const t of [removeWhitespace, compressWhitespace, trim, trimLeft, trimRight]) {
          expect(t(t(s))).toBe(t(s));
        }
      }),
    );
  });

  it('trim is trimLeft after trimRight, in either order', () => {
    fc.assert(
      fc.property(spacey, (s) => {
        expect(trim(s)).toBe(trimLeft(trimRight(s)));
        expect(trim(s)).toBe(trimRight(trimLeft(s)));
      }),
    );
  });

  it('compressWhitespace leaves no two adjacent whitespace bytes and no tab/newline', () => {
    fc.assert(
      fc.property(spacey, (s) => {
        const out = compressWhitespace(s);
        expect(/[\t\n\r\u000b\f]|  /.test(out)).toBe(false);
        expect(removeWhitespace(out)).toBe(removeWhitespace(s));
      }),
    );
  });
});
