import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8toUnicode } from './utf8-to-unicode.ts';
import { urlDecodeUni } from './url.ts';
import { fixtureSuite } from './testdata/harness.ts';

fixtureSuite('utf8-to-unicode.json');

const scalar = fc.oneof(
  fc.integer({ min: 1, max: 0x7f }),
  fc.integer({ min: 0x80, max: 0xd7ff }),
  fc.integer({ min: 0xe000, max: 0x10ffff }),
);

function utf8Bytes(codePoints: number[]): string {
  return Buffer.from(String.fromCodePoint(...codePoints), 'utf8').toString('latin1');
}

describe('utf8toUnicode properties', () => {
  it('turns valid UTF-8 into ASCII plus %u escapes of each code point', () => {
    fc.assert(
      fc.property(fc.array(scalar, { maxLength: 20 }), (cps) => {
        const expected = cps
          .map((cp) => (cp < 0x80 ? String.fromCharCode(cp) : '%u' + cp.toString(16).padStart(4, '0')))
          .join('');
        expect(utf8toUnicode(utf8Bytes(cps))).toBe(expected);
      }),
    );
  });

  it('chained with urlDecodeUni yields the low byte of each BMP code point (CRS chain)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0x80, max: 0xd7ff }), { maxLength: 10 }), (cps) => {
        fc.pre(!cps.some((cp) => cp >= 0xff01 && cp <= 0xff5e));
        const expected = cps.map((cp) => String.fromCharCode(cp & 0xff)).join('');
        expect(urlDecodeUni(utf8toUnicode(utf8Bytes(cps)))).toBe(expected);
      }),
    );
  });
});
