import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cssDecode } from './css-decode.ts';
import { fixtureSuite, over, trickyBytes } from './testdata/harness.ts';

fixtureSuite('css-decode.json');

describe('cssDecode properties', () => {
  it('decodes every byte from a two-digit escape and swallows one following space', () => {
    for (let b = 0; b < 256; b++) {
      expect(cssDecode('\\' + b.toString(16).padStart(2, '0') + ' z')).toBe(String.fromCharCode(b) + 'z');
    }
  });

  it('never keeps a backslash unless it was escaped', () => {
    // No hex digits in the alphabet, so no escape can decode to a backslash.
    fc.assert(
      fc.property(over('ghz\\\n \u00e9'), (s) => {
        fc.pre(!s.includes('\\\\'));
        expect(cssDecode(s).includes('\\')).toBe(false);
      }),
    );
  });

  it('never lengthens the value', () => {
    fc.assert(
      fc.property(trickyBytes(), (s) => {
        expect(cssDecode(s).length).toBeLessThanOrEqual(s.length);
      }),
    );
  });
});
