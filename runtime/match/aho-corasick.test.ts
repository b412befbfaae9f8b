import { describe, expect, it, vi } from 'vitest';
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

describe('AhoCorasick.collect on long inputs (the interleaved kernel, scan-kernel.ts)', () => {
  const collected = (ac: AhoCorasick, phrases: readonly string[], input: string): number[] => {
    const seen = new Uint8Array(phrases.length);
    const ids: number[] = [];
    ac.collect(input, seen, ids);
    for (const id of ids) seen[id] = 0;
    expect(seen.every((b) => b === 0)).toBe(true);
    return ids.sort((a, b) => a - b);
  };
  const expected = (phrases: readonly string[], input: string): number[] => {
    const text = asciiLower(input);
    const out = new Set<number>();
    phrases.forEach((p, i) => {
      const ph = asciiLower(p);
      if (text.includes(ph)) out.add(phrases.findIndex((q) => asciiLower(q) === ph));
    });
    return [...out].sort((a, b) => a - b);
  };
  const kernelOf = (ac: AhoCorasick) => (ac as unknown as { kernel: unknown }).kernel;
  // Long phrases of a small alphabet: occurrences cross the parts' boundaries, and the automaton
  // sits in deep states for long stretches, which the parts' joins must follow.
  // At least 1,024 chars, the length from which collect() uses the kernel.
  const longText = fc.array(smallStr(40), { minLength: 60, maxLength: 150 }).map((a) => a.join('')).map((s) => s.repeat(Math.ceil(1024 / Math.max(1, s.length))));
  // Chars above 0xFF belong to no phrase: the kernel reads them as UTF-16 units of class 0.
  const wideText = fc.array(fc.constantFrom('a', 'b', 'A', '\u0100', '\u0161', '-', 'c'), { minLength: 1024, maxLength: 1600 }).map((a) => a.join(''));
  const longPhrase = fc.oneof(smallStr(6), fc.tuple(smallChar, fc.integer({ min: 1, max: 80 }), smallStr(3)).map(([c, n, tail]) => c.repeat(n) + tail));

  it('reports what a naive search finds, scan after scan on one automaton, long and short inputs mixed (property)', () => {
    fc.assert(
      fc.property(
        fc.array(longPhrase, { minLength: 1, maxLength: 6 }).filter((a) => a.every((p) => p !== '')),
        fc.array(fc.oneof(smallStr(40), longText, wideText, fc.tuple(smallChar, fc.integer({ min: 1024, max: 3000 }), smallStr(4)).map(([c, n, t]) => c.repeat(n) + t)), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
        fc.constantFrom(undefined, 3, 40),
        (phrases, texts, plants, budget) => {
          // Phrases planted anywhere, across the parts' boundaries too.
          const inputs = texts.map((t) => plants.reduce((s, [at, p]) => s.slice(0, at % (s.length + 1)) + phrases[p % phrases.length] + s.slice(at % (s.length + 1)), t));
          const ac = budget === undefined ? new AhoCorasick(phrases) : new AhoCorasick(phrases, budget);
          for (const input of [...inputs, ...inputs]) expect(collected(ac, phrases, input)).toEqual(expected(phrases, input));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('uses the kernel for long inputs, and finds phrases across its windows', () => {
    const phrases = ['needle', 'x'.repeat(300) + 'y', 'tail'];
    const ac = new AhoCorasick(phrases);
    const base = 'The quick brown fox jumps over the lazy dog. '.repeat(7000);
    // The kernel's window is 2^17 chars: plant one phrase across the first window's end and the
    // long one across a part boundary inside the second window.
    const input = base.slice(0, 131_069) + 'NEEDLE' + base.slice(0, 40_000) + 'x'.repeat(400) + 'y' + base.slice(0, 30_000) + 'tai';
    expect(collected(ac, phrases, input)).toEqual([0, 1]);
    expect(kernelOf(ac)).not.toBeNull();
    expect(kernelOf(ac)).toBeDefined();
    expect(collected(ac, phrases, input + 'l')).toEqual([0, 1, 2]);
    expect(collected(ac, phrases, base.slice(0, 5000))).toEqual([]);
  });

  it('follows an occurrence longer than a part through the parts it crosses', () => {
    // 1,024 chars: four parts of 256. The 600 x's start in the first part, fill the second and
    // third, and the y opens the fourth: no part holds enough of the run to find the phrase.
    const phrases = ['x'.repeat(600) + 'y'];
    const input = 'b'.repeat(168) + 'x'.repeat(600) + 'y' + 'b'.repeat(255);
    const ac = new AhoCorasick(phrases);
    expect(collected(ac, phrases, input)).toEqual([0]);
    expect(collected(ac, phrases, input.replace('xy', 'by'))).toEqual([]);
    expect(kernelOf(ac)).toBeTruthy();
  });

  it('reports the same without WebAssembly (the JavaScript walk)', () => {
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const phrases = ['fox', 'lazy cat'];
      const ac = new AhoCorasick(phrases);
      const input = 'The quick brown fox jumps over the lazy dog. '.repeat(50);
      expect(input.length).toBeGreaterThan(1024);
      expect(collected(ac, phrases, input)).toEqual([0]);
      expect(kernelOf(ac)).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
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
