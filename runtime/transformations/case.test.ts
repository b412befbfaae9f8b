import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lowercase, uppercase } from './case.ts';
import { bytes, fixtureSuite } from './testdata/harness.ts';

fixtureSuite('case.json');

describe('lowercase / uppercase properties', () => {
  it('keep the byte length and never touch bytes outside A-Z / a-z', () => {
    fc.assert(
      fc.property(bytes(), (s) => {
        const lo = lowercase(s);
        const up = uppercase(s);
        expect(lo.length).toBe(s.length);
        expect(up.length).toBe(s.length);
        for (let i = 0; i < s.length; i++) {
          const c = s.charCodeAt(i);
          if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) {
            expect(lo.charCodeAt(i)).toBe(c);
            expect(up.charCodeAt(i)).toBe(c);
          }
        }
      }),
    );
  });

  it('are idempotent and agree with each other', () => {
    fc.assert(
      fc.property(bytes(), (s) => {
        expect(lowercase(lowercase(s))).toBe(lowercase(s));
        expect(uppercase(uppercase(s))).toBe(uppercase(s));
        expect(lowercase(uppercase(s))).toBe(lowercase(s));
      }),
    );
  });
});
