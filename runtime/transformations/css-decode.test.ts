import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cssDecode } from './css-decode.ts';
import { fixtureSuite, over, trickyBytes } from './testdata/harness.ts';

fixtureSuite('css-decode.json');

describe('cssDecode properties', () => {
  it('decodes every byte from a two-digit escape and swallows one following space', () => {
    for (let b = 1; b < 256; b++) {
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

  it('ends the value at its first NUL, sent or decoded (libmodsecurity 3.0.9 returns a C string)', () => {
    expect(cssDecode('x\0yz')).toBe('x');
    expect(cssDecode('a\0\\41')).toBe('a');
    expect(cssDecode('x\\0yz')).toBe('x');
    expect(cssDecode('<\\00 script>')).toBe('<');
    expect(cssDecode('\\41\\42')).toBe('AB');
    fc.assert(
      fc.property(trickyBytes(), (s) => {
        expect(cssDecode(s).includes('\0')).toBe(false);
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
