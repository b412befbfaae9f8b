import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { removeNulls, replaceNulls } from './nulls.ts';
import { bytes, fixtureSuite } from './testdata/harness.ts';

fixtureSuite('nulls.json');

describe('null transformation properties', () => {
  it('removeNulls drops exactly the NUL bytes and is idempotent', () => {
    fc.assert(
      fc.property(bytes(), (s) => {
        const out = removeNulls(s);
        expect(out).toBe(s.split('\0').join(''));
        expect(removeNulls(out)).toBe(out);
      }),
    );
  });

  it('replaceNulls keeps the length and is idempotent', () => {
    fc.assert(
      fc.property(bytes(), (s) => {
        const out = replaceNulls(s);
        expect(out.length).toBe(s.length);
        expect(out.includes('\0')).toBe(false);
        expect(replaceNulls(out)).toBe(out);
      }),
    );
  });
});
