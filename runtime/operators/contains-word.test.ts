import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { containsWord } from './contains-word.ts';
import { compile, loadCases } from './testing.ts';

describe.each(loadCases('containsWord'))('@%s (testdata/containsWord.json)', (_name, cases) => {
  it.each(cases)('param $param, input $input -> $match', ({ param, input, match }) => {
    expect(compile(containsWord, param).match(input, null)).toBe(match);
  });
});

describe('@containsWord (properties)', () => {
  const letters = fc.stringMatching(/^[a-zA-Z]{1,4}$/);
  const gap = fc.stringMatching(/^[ 0-9_.,\-]{1,3}$/);

  it('finds a word set between non-letters and never one glued to letters', () => {
    fc.assert(
      fc.property(letters, gap, gap, letters, (w, g1, g2, glue) => {
        expect(compile(containsWord, w).match(`${g1}${w}${g2}`, null)).toBe(true);
        expect(compile(containsWord, w).match(w, null)).toBe(true);
        // Glued on both sides, the only occurrences of w have a letter neighbour, unless the
        // glue itself contains w with boundaries, which it cannot: it is letters only.
        expect(compile(containsWord, w).match(`${glue}${w}${glue}`, null)).toBe(false);
      }),
    );
  });
});
