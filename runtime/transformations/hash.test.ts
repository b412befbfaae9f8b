import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { length, md5, sha1 } from './hash.ts';
import { bytes, fixtureSuite } from './testdata/harness.ts';

fixtureSuite('hash.json');

describe('hash transformation properties', () => {
  it('produce raw digests of 16 and 20 bytes and a decimal byte count', () => {
    fc.assert(
      fc.property(bytes(), (s) => {
        expect(md5(s).length).toBe(16);
        expect(sha1(s).length).toBe(20);
        expect(length(s)).toBe(String(s.length));
      }),
    );
  });
});
