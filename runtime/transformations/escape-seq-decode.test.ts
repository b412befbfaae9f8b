import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeSeqDecode } from './escape-seq-decode.ts';
import { jsDecode } from './js-decode.ts';
import { fixtureSuite, trickyBytes } from './testdata/harness.ts';

fixtureSuite('escape-seq-decode.json');

describe('escapeSeqDecode properties', () => {
  it('decodes every byte from \\xHH and \\OOO', () => {
    for (let b = 0; b < 256; b++) {
      const ch = String.fromCharCode(b);
      expect(escapeSeqDecode('\\x' + b.toString(16).padStart(2, '0'))).toBe(ch);
      expect(escapeSeqDecode('\\X' + b.toString(16).toUpperCase().padStart(2, '0'))).toBe(ch);
      expect(escapeSeqDecode('\\' + b.toString(8).padStart(3, '0'))).toBe(ch);
    }
  });

  it('matches jsDecode on inputs without \\u, \\X, or 3-digit octal above \\377', () => {
    fc.assert(
      fc.property(trickyBytes(), (s) => {
        fc.pre(!/\\[uUX]|\\[4-7][0-7]{2}/.test(s));
        // The two differ only in \u, \X and the >0377 octal clamp.
        expect(escapeSeqDecode(s)).toBe(jsDecode(s));
      }),
    );
  });

  it('never lengthens the value', () => {
    fc.assert(
      fc.property(trickyBytes(), (s) => {
        expect(escapeSeqDecode(s).length).toBeLessThanOrEqual(s.length);
      }),
    );
  });
});
