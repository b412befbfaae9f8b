import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AhoCorasick, asciiLower } from './aho-corasick.ts';

// Small alphabets make overlaps, shared prefixes and fail-link chains likely.
const smallChar = fc.constantFrom('a', 'b', 'A', 'B', 'c', '\xc9', '\xe9', '-');
const smallStr = (max: number) => fc.array(smallChar, { maxLength: max }).map((a) => a.join(''));
const byteStr = (max: number) =>
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: max }).map((a) => String.fromCharCode(...a));

function naiveAll(phrases: string[], input: string): Array<[number, number]> {
  const text = asciiLower(input);
  const out: Array<[number, number]> = [];
  for (let end = 0; end <= text.length; end++) {
    for (let p = 0; p < phrases.length; p++) {
      const ph = asciiLower(phrases[p]);
      // Phrases equal after folding are reported once, under the first index.
      if (phrases.findIndex((q) => asciiLower(q) === ph) !== p) continue;
      if (ph.length <= end && text.slice(end - ph.length, end) === ph) out.push([p, end]);
    }
  }
  return out;
}

describe('AhoCorasick', () => {
  it('agrees with a naive includes() test (property)', () => {
    fc.assert(
      fc.property(fc.array(smallStr(5), { maxLength: 8 }), smallStr(30), (phrases, input) => {
        const ac = new AhoCorasick(phrases);
        const naive = phrases.some((p) => asciiLower(input).includes(asciiLower(p)));
        expect(ac.test(input)).toBe(naive);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with naive includes() on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.array(byteStr(3), { minLength: 1, maxLength: 20 }), byteStr(200), (phrases, input) => {
        const ac = new AhoCorasick(phrases);
        expect(ac.test(input)).toBe(phrases.some((p) => asciiLower(input).includes(asciiLower(p))));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same occurrences with a tiny DFA row budget (trie walk) and with chars above 0xff (property)', () => {
    const wide = fc.array(fc.constantFrom('a', 'b', 'A', '\u0100', '\u0161', '-'), { maxLength: 25 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(smallStr(4), { minLength: 1, maxLength: 6 }), fc.oneof(smallStr(25), wide), (phrases, input) => {
        const ends = (ac: AhoCorasick) => ac.searchAll(input).map((m) => `${m.index}@${m.end}`);
        const cached = new AhoCorasick(phrases);
        const walked = new AhoCorasick(phrases, 2);
        expect(ends(walked)).toEqual(ends(cached));
        expect(ends(cached)).toEqual(ends(new AhoCorasick(phrases, 0)));
        const naive = naiveAll(phrases, input).length > 0;
        expect(cached.test(input)).toBe(naive);
      }),
      { numRuns: 1000 },
    );
  });

  it('collect reports each occurring phrase once and leaves the scratch as it found it (property)', () => {
    fc.assert(
      fc.property(fc.array(smallStr(4), { minLength: 1, maxLength: 6 }), smallStr(30), fc.constantFrom(undefined, 0, 1, 3), (phrases, input, budget) => {
        const ac = budget === undefined ? new AhoCorasick(phrases) : new AhoCorasick(phrases, budget);
        const seen = new Uint8Array(phrases.length);
        for (let round = 0; round < 2; round++) {
          const ids: number[] = [];
          ac.collect(input, seen, ids);
          expect([...ids].sort((a, b) => a - b)).toEqual([...new Set(naiveAll(phrases, input).map(([p]) => p))].sort((a, b) => a - b));
          for (const id of ids) seen[id] = 0;
        }
        expect([...seen].every((b) => b === 0)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('searchAll reports exactly the naive occurrences (property)', () => {
    fc.assert(
      fc.property(fc.array(smallStr(4), { minLength: 1, maxLength: 6 }).filter((a) => a.every((p) => p !== '')), smallStr(25), (phrases, input) => {
        const ac = new AhoCorasick(phrases);
        const got = ac.searchAll(input).map((m): [number, number] => [m.index, m.end]);
        const key = (a: [number, number]) => a[1] * 1000 + a[0];
        expect(got.map(key).sort((a, b) => a - b)).toEqual(naiveAll(phrases, input).map(key).sort((a, b) => a - b));
        for (const m of ac.searchAll(input)) {
          expect(asciiLower(input.slice(m.start, m.end))).toBe(asciiLower(phrases[m.index]));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('search returns the earliest-ending occurrence, longest at a tie (property)', () => {
    fc.assert(
      fc.property(fc.array(smallStr(4), { minLength: 1, maxLength: 6 }).filter((a) => a.every((p) => p !== '')), smallStr(25), (phrases, input) => {
        const ac = new AhoCorasick(phrases);
        const all = naiveAll(phrases, input);
        const first = ac.search(input);
        if (all.length === 0) {
          expect(first).toBeNull();
          expect(ac.searchIndex(input)).toBe(-1);
          return;
        }
        const end = all[0][1];
        const longest = Math.max(...all.filter((a) => a[1] === end).map((a) => phrases[a[0]].length));
        expect(first?.end).toBe(end);
        expect(ac.searchIndex(input)).toBe(first?.index);
        expect(first && phrases[first.index].length).toBe(longest);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds a suffix phrase inside a longer partial match (output links)', () => {
    const ac = new AhoCorasick(['abcd', 'bc']);
    expect(ac.search('xabcx')).toEqual({ index: 1, start: 2, end: 4 });
  });

  it('folds ASCII only', () => {
    const ac = new AhoCorasick(['SELECT', '\xc9t\xc9']);
    expect(ac.test('xx select yy')).toBe(true);
    expect(ac.test('\xc9T\xc9')).toBe(true);
    // 0xE9 is not the lower case of 0xC9 in the C locale.
    expect(ac.test('\xe9t\xe9')).toBe(false);
  });

  it('handles no phrases, empty phrases and empty input', () => {
    expect(new AhoCorasick([]).test('abc')).toBe(false);
    expect(new AhoCorasick(['']).search('abc')).toEqual({ index: 0, start: 0, end: 0 });
    expect(new AhoCorasick(['a']).test('')).toBe(false);
  });

  it('reports the first of phrases equal after folding', () => {
    const ac = new AhoCorasick(['Foo', 'fOO', 'bar']);
    expect(ac.search('xfoo')?.index).toBe(0);
    expect(ac.matchedIndices('BAR foo')).toEqual([0, 2]);
  });

  it('does not break on chars above 0xFF', () => {
    const ac = new AhoCorasick(['\u0100a', 'b']);
    expect(ac.test('x\u0100A')).toBe(true);
    expect(ac.test('\u2028')).toBe(false);
  });

  it('stays linear on a adversarial input', () => {
    const phrases = Array.from({ length: 200 }, (_, i) => 'a'.repeat(i + 1) + 'b');
    const ac = new AhoCorasick(phrases);
    const input = 'a'.repeat(200_000);
    const t0 = performance.now();
    expect(ac.test(input)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('asciiLower', () => {
  // The reference: fold A-Z one char at a time, leave every other char (É, İ, K-sign…) alone.
  const reference = (s: string) => Array.from(s, (ch) => (ch >= 'A' && ch <= 'Z' ? String.fromCharCode(ch.charCodeAt(0) | 0x20) : ch)).join('');
  it('folds ASCII letters only, whatever else the string holds (property)', () => {
    const anyStr = fc.oneof(smallStr(20), byteStr(20), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('ÉA', 'İI', '\u212aK', 'ABC', 'abc', ''));
    fc.assert(fc.property(anyStr, (s) => asciiLower(s) === reference(s)), { numRuns: 2000 });
  });
});
