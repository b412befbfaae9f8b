import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64Decode, base64DecodeExt, base64Encode } from './base64.ts';
import { bytes, fixtureSuite } from './testdata/harness.ts';

fixtureSuite('base64.json');

describe('base64 transformation properties', () => {
  it('base64Decode and base64DecodeExt invert base64Encode', () => {
    fc.assert(
      fc.property(bytes(), (s) => {
        const enc = base64Encode(s);
        expect(base64Decode(enc)).toBe(s);
        expect(base64DecodeExt(enc)).toBe(s);
      }),
    );
  });

  it('base64Decode tolerates line breaks between groups, as MIME bodies have', () => {
    fc.assert(
      fc.property(bytes(120), (s) => {
        const enc = base64Encode(s).replace(/(.{8})/g, '$1\r\n');
        expect(base64Decode(enc)).toBe(s);
      }),
    );
  });

  it('base64DecodeExt ignores bytes outside the alphabet', () => {
    fc.assert(
      fc.property(bytes(), fc.constantFrom('!', '.', ' ', '\u00e9', '\n'), (s, junk) => {
        const enc = base64Encode(s).replace(/=+$/, '');
        const noisy = enc.split('').join(junk);
        expect(base64DecodeExt(noisy)).toBe(s);
      }),
    );
  });
});
