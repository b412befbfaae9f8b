import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../../core/testing.ts';
import {
  asciiUpper, isWordOrHead, KEYWORD_MAP, lookupSpan, lookupWord, lookupWordNaive, maybeWordy, startsPhrase,
  startsPhraseNaive, tokenStartsPhrase,
} from './keywords.ts';
import { T, Token } from './types.ts';

describe('keyword map', () => {
  it('holds upper-case keys only, so lookups can fold case once', () => {
    for (const k of KEYWORD_MAP.keys()) expect(asciiUpper(k)).toBe(k);
  });

  it('looks words up ignoring ASCII case only', () => {
    expect(lookupWord('select')).toBe(T.EXPRESSION);
    expect(lookupWord('SeLeCt')).toBe(T.EXPRESSION);
    expect(lookupWord('union all')).toBe(T.UNION);
    expect(lookupWord('sel\u00e9ct')).toBe(T.NONE);
    expect(lookupWord('')).toBe(T.NONE);
  });

  it('upper-cases ASCII letters and leaves every other byte as it is', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }), (codes) => {
      const s = String.fromCharCode(...codes);
      const u = asciiUpper(s);
      expect(u.length).toBe(s.length);
      for (let i = 0; i < s.length; i++) {
        const c = codes[i];
        expect(u.charCodeAt(i)).toBe(c >= 0x61 && c <= 0x7a ? c - 0x20 : c);
      }
    }));
  });
});

describe('keyword prefilters (lossless: they may only answer "no" when the map has no entry)', () => {
  const keys = [...KEYWORD_MAP.keys()];
  const mixCase = (k: string, mask: number): string =>
    [...k].map((c, i) => ((mask >> (i % 30)) & 1 ? c.toLowerCase() : c)).join('');

  it('finds every entry in any ASCII case', () => {
    for (const k of keys) {
      expect(lookupWord(k)).toBe(KEYWORD_MAP.get(k));
      expect(lookupWord(mixCase(k, 0x2aaaaaaa))).toBe(KEYWORD_MAP.get(k));
    }
  });

  it('agrees with the unfiltered lookup on arbitrary words and phrase heads', () => {
    const word = fc.oneof(
      fc.constantFrom(...keys).chain((k) => fc.tuple(fc.constant(k), fc.nat({ max: 0x3fffffff }), fc.integer({ min: 0, max: k.length }))
        .map(([w, m, cut]) => mixCase(w, m).slice(0, cut || w.length))),
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }).map((c) => String.fromCharCode(...c)),
    );
    fc.assert(fc.property(word, (w) => {
      expect(lookupWord(w)).toBe(lookupWordNaive(w));
      expect(startsPhrase(w)).toBe(startsPhraseNaive(w));
    }), { numRuns: 5000 });
  });

  it('reads a word in place as it reads the word sliced out', () => {
    const word = fc.oneof(
      fc.constantFrom(...keys).map((k) => mixCase(k, 0x15555555)),
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 }).map((c) => String.fromCharCode(...c)),
    );
    const around = fc.string({ unit: 'binary', maxLength: 5 });
    const tok = new Token();
    fc.assert(fc.property(around, word, around, (a, w, b) => {
      const s = a + w + b;
      const from = a.length;
      const to = from + w.length;
      expect(lookupSpan(s, from, to)).toBe(lookupWordNaive(w));
      const wordy = lookupWordNaive(w) !== T.NONE || startsPhraseNaive(w);
      expect(isWordOrHead(s, from, to)).toBe(wordy);
      if (wordy) expect(maybeWordy(s, from, to)).toBe(true);
      tok.assignSpan(T.BAREWORD, from, s, from, to);
      expect(tokenStartsPhrase(tok)).toBe(startsPhraseNaive(tok.val));
    }), { numRuns: 5000 });
  });
});

describe.skipIf(!hasShared('libinjection', 'src'))('agreement with libinjection sqlparse_data.json', () => {
  it('measures how many reference keywords get the same token type', () => {
    const ref = (JSON.parse(readFileSync(sharedPath('libinjection', 'src', 'sqlparse_data.json'), 'utf8')) as {
      keywords: Record<string, string>;
    }).keywords;
    let total = 0;
    let agree = 0;
    let shared = 0;
    let sharedAgree = 0;
    for (const [word, type] of Object.entries(ref)) {
      if (type === 'F' && word.startsWith('0')) continue; // fingerprints, not words
      total++;
      const ours = lookupWord(word);
      const same = ours !== T.NONE && String.fromCharCode(ours) === type;
      if (same) agree++;
      if (ours !== T.NONE) {
        shared++;
        if (same) sharedAgree++;
      }
    }
    console.log(`keyword agreement: ${agree}/${total} reference words same type (${((agree / total) * 100).toFixed(1)}%); ` +
      `${sharedAgree}/${shared} of the words both maps list (${((sharedAgree / shared) * 100).toFixed(1)}%); ours has ${KEYWORD_MAP.size}`);
    // Regression floors: the map is written independently, so full agreement is not the goal,
    // but a drop means an edit moved words away from the dialects' meaning.
    expect(agree / total).toBeGreaterThan(0.5);
    expect(sharedAgree / shared).toBeGreaterThan(0.75);
  });
});
