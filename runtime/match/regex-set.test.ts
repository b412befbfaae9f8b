import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import RE2 from 're2';
import { buildRegexSets, RegexSet } from './regex-set.ts';

// Shapes CRS uses: anchors, case folding, classes with high bytes, alternations, dot-all.
const PATTERNS = ['^a', 'b$', '(?i)select\\s+from', '[\\x80-\\xff]{2}', 'a.b', '(?:x|yz)+w', '^$', '\\bor\\b', '(?i)\\xc9'];

describe('RegexSet', () => {
  it('answers for each pattern exactly what the pattern alone answers (property)', () => {
    const set = new RegexSet(PATTERNS);
    const alone = PATTERNS.map((p) => new RE2(p, 's'));
    const bytes = fc.array(fc.constantFrom('a', 'b', 'x', 'y', 'z', 'w', ' ', '\n', 'S', 'e', 'l', 'c', 't', 'f', 'r', 'o', 'm', '\x80', '\xc9', '\xe9', '\xff'), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(bytes, (value) => {
        const answer = set.match(value);
        expect(answer).not.toBeNull();
        expect([...answer!].map((b) => b === 1)).toEqual(alone.map((re) => re.test(value)));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves out patterns that cannot share a set and keeps the others together', () => {
    const built = buildRegexSets(['a', 'b', '(', 'c', 'd']);
    const members = built.flatMap((b) => b.members).sort();
    expect(members).not.toContain(2);
    expect(members.length).toBeGreaterThanOrEqual(2);
    for (const { set, members: m } of built) expect(set.patterns).toEqual(m.map((k) => ['a', 'b', '(', 'c', 'd'][k]));
    expect(buildRegexSets(['only'])).toEqual([]);
  });
});
