import { describe, expect, it } from 'vitest';
import { parityEven7bit, parityOdd7bit, parityZero7bit } from './parity.ts';
import { fixtureSuite } from './testdata/harness.ts';

fixtureSuite('parity.json');

function popcount(b: number): number {
  let n = 0;
  for (; b; b >>= 1) n += b & 1;
  return n;
}

describe('parity transformation properties', () => {
  it('set textbook parity on every 7-bit byte and keep its low seven bits', () => {
    for (let b = 0; b < 0x80; b++) {
      const s = String.fromCharCode(b);
      const e = parityEven7bit(s).charCodeAt(0);
      const o = parityOdd7bit(s).charCodeAt(0);
      expect(e & 0x7f).toBe(b);
      expect(o & 0x7f).toBe(b);
      expect(popcount(e) % 2).toBe(0);
      expect(popcount(o) % 2).toBe(1);
    }
  });

  it('parityZero7bit clears the high bit of every byte', () => {
    for (let b = 0; b < 256; b++) {
      expect(parityZero7bit(String.fromCharCode(b))).toBe(String.fromCharCode(b & 0x7f));
    }
  });
});
