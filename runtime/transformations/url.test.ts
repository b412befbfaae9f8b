import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { urlDecode, urlDecodeUni, urlEncode } from './url.ts';
import { bytes, fixtureSuite, trickyBytes } from './testdata/harness.ts';

fixtureSuite('url.json');

describe('url transformation properties', () => {
  it('urlDecode and urlDecodeUni invert urlEncode', () => {
    fc.assert(
      fc.property(bytes(), (s) => {
        expect(urlDecode(urlEncode(s))).toBe(s);
        expect(urlDecodeUni(urlEncode(s))).toBe(s);
      }),
    );
  });

  it('every byte round-trips through %hh', () => {
    for (let b = 0; b < 256; b++) {
      const hex = b.toString(16).padStart(2, '0');
      expect(urlDecode('%' + hex)).toBe(String.fromCharCode(b));
      expect(urlDecode('%' + hex.toUpperCase())).toBe(String.fromCharCode(b));
    }
  });

  it('decoding never lengthens the value', () => {
    fc.assert(
      fc.property(trickyBytes(), (s) => {
        expect(urlDecode(s).length).toBeLessThanOrEqual(s.length);
        expect(urlDecodeUni(s).length).toBeLessThanOrEqual(s.length);
      }),
    );
  });

  it('urlDecodeUni equals urlDecode when no %u/%U is present', () => {
    fc.assert(
      fc.property(trickyBytes(), (s) => {
        fc.pre(!/%[uU]/.test(s));
        expect(urlDecodeUni(s)).toBe(urlDecode(s));
      }),
    );
  });

  it('full-width ASCII maps to ASCII for the whole U+FF01..U+FF5E range', () => {
    for (let cp = 0xff01; cp <= 0xff5e; cp++) {
      expect(urlDecodeUni('%u' + cp.toString(16))).toBe(String.fromCharCode(cp - 0xfee0));
    }
  });
});
