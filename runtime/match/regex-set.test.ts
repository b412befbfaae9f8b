import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import RE2 from 're2';
import { REGEX_FLAGS } from './regex-flags.ts';
import { buildRegexSets, RegexSet } from './regex-set.ts';

// Shapes CRS uses: anchors, case folding, classes with high bytes, alternations, dot-all.
const PATTERNS = ['^a', 'b$', '(?i)select\\s+from', '[\\x80-\\xff]{2}', 'a.b', '(?:x|yz)+w', '^$', '\\bor\\b', '(?i)\\xc9'];

describe('RegexSet', () => {
  it('answers for each pattern exactly what the pattern alone answers (property)', () => {
    const set = new RegexSet(PATTERNS);
    const alone = PATTERNS.map((p) => new RE2(p, REGEX_FLAGS));
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

  it('answers the same on a value and on its UTF-8 bytes (property)', () => {
    // The engine hands sets (and @rx's testUtf8) Buffer.from(value, 'utf8'): byte strings
    // with chars 0x80-0xff, which become two bytes each, must read as the string does.
    const set = new RegexSet(PATTERNS);
    const alone = PATTERNS.map((p) => new RE2(p, REGEX_FLAGS));
    const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.array(fc.constantFrom('a', 'b', 'x', 'z', 'w', '\n', 'S', 'o', 'r', ' ', '\x80', '\xc9', '\xe9', '\xff'), { maxLength: 30 }).map((a) => a.join('')));
    fc.assert(
      fc.property(value, (v) => {
        const bytes = Buffer.from(v, 'utf8');
        expect(set.match(bytes)).toEqual(set.match(v));
        expect(alone.map((re) => re.test(bytes))).toEqual(alone.map((re) => re.test(v)));
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
