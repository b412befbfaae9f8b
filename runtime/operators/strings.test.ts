import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { beginsWith, contains, endsWith, streq, strmatch, within } from './strings.ts';
import { compile, loadCases } from './testing.ts';
import type { OperatorSpec } from './types.ts';

const SPECS: Record<string, OperatorSpec> = { streq, contains, strmatch, beginsWith, endsWith, within };

describe.each(loadCases('strings'))('@%s (testdata/strings.json)', (name, cases) => {
  it.each(cases)('param $param, input $input -> $match', ({ param, input, match }) => {
    expect(compile(SPECS[name], param).match(input, null)).toBe(match);
  });
});

describe('string operators (properties)', () => {
  const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }).map((a) => String.fromCharCode(...a));

  it('within(p) on x is contains(x) on p, except for the empty input', () => {
    fc.assert(
      fc.property(bytes, bytes, (p, x) => {
        const expected = x === '' || compile(contains, x).match(p, null);
        expect(compile(within, p).match(x, null)).toBe(expected);
      }),
    );
  });

  it('a value built as a + p + b contains p, begins with a + p and ends with p + b', () => {
    fc.assert(
      fc.property(bytes, bytes, bytes, (a, p, b) => {
        const v = a + p + b;
        expect(compile(contains, p).match(v, null)).toBe(true);
        expect(compile(strmatch, p).match(v, null)).toBe(true);
        expect(compile(beginsWith, a + p).match(v, null)).toBe(true);
        expect(compile(endsWith, p + b).match(v, null)).toBe(true);
        expect(compile(streq, v).match(v, null)).toBe(true);
      }),
    );
  });
});
