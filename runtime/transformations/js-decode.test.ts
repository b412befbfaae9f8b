import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsDecode } from './js-decode.ts';
import { fixtureSuite, trickyBytes } from './testdata/harness.ts';

fixtureSuite('js-decode.json');

describe('jsDecode properties', () => {
  it('decodes every byte from \\xHH, \\u00HH and its octal escape', () => {
    for (let b = 0; b < 256; b++) {
      const ch = String.fromCharCode(b);
      const hex = b.toString(16).padStart(2, '0');
      expect(jsDecode('\\x' + hex)).toBe(ch);
      expect(jsDecode('\\u00' + hex)).toBe(ch);
      expect(jsDecode('\\' + b.toString(8).padStart(3, '0'))).toBe(ch);
    }
  });

  it('never lengthens the value', () => {
    fc.assert(
      fc.property(trickyBytes(), (s) => {
        expect(jsDecode(s).length).toBeLessThanOrEqual(s.length);
      }),
    );
  });
});
