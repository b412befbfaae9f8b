import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ScanKernel, STREAMS } from './scan-kernel.ts';

// A two-row automaton over one class ('a' and 'A'): row 0 is the start, row 1 (offset 2) follows
// an 'a'; a second 'a' in a row leads to a negative entry, which must stop the walk.
const classOf = new Uint8Array(256);
classOf[0x61] = classOf[0x41] = 1;
const STOP = -1 - 7;

function kernel(): ScanKernel {
  const k = ScanKernel.create(classOf, 4, 256)!;
  k.jump.set([0, 2, 0, STOP]);
  return k;
}

/** Where a JavaScript walk of the same table stops in each part, or the part's length. */
function stops(parts: readonly string[]): number[] {
  return parts.map((p) => {
    let row = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      const e = [0, 2, 0, STOP][row + (c < 256 ? classOf[c] : 0)];
      if (e < 0) return i;
      row = e;
    }
    return p.length;
  });
}

describe('ScanKernel', () => {
  it('walks every part at once and stops at the first char where some part leaves the table (property)', () => {
    const text = fc.array(fc.constantFrom('a', 'A', 'b', 'x', '\u0161'), { minLength: 8, maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, (s) => {
        const k = kernel();
        const stride = Math.ceil(s.length / STREAMS);
        const last = s.length - (STREAMS - 1) * stride;
        const parts = Array.from({ length: STREAMS }, (_, i) => s.slice(i * stride, i * stride + last));
        k.load(s, 0, s.length, stride);
        for (let i = 0; i < STREAMS; i++) k.setRow(i, 0);
        const t = k.walk(0, last);
        expect(t).toBe(Math.min(...stops(parts)));
        if (t < last) {
          for (let i = 0; i < STREAMS; i++) {
            const stopped = stops(parts)[i] === t;
            // A stopped part read the negative entry from the row its last 'a' left it in.
            expect(k.entry(i) < 0).toBe(stopped);
            if (stopped) expect(k.row(i)).toBe(2);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('resumes from the rows it is given, over a window cut from a longer input', () => {
    const k = kernel();
    const input = 'zzzz' + 'bbba' + 'bbbb' + 'bbbb' + 'abbb' + 'zzzz';
    k.load(input, 4, 16, 4);
    // The first part starts as if after an 'a' (row 2) and ends after one; the last part
    // begins with an 'a' and leaves it.
    k.setRow(0, 2);
    for (let i = 1; i < STREAMS; i++) k.setRow(i, 0);
    expect(k.walk(0, 4)).toBe(4);
    expect([0, 1, 2, 3].map((i) => k.row(i))).toEqual([2, 0, 0, 0]);
    k.load('aa' + 'b'.repeat(14), 0, 16, 4);
    for (let i = 0; i < STREAMS; i++) k.setRow(i, 0);
    expect(k.walk(0, 4)).toBe(1);
    expect(k.entry(0)).toBe(STOP);
    expect(k.walk(2, 4)).toBe(4);
  });
});
