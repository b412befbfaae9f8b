import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../../core/testing.ts';
import { asciiUpper, KEYWORD_MAP, lookupWord } from './keywords.ts';
import { T } from './types.ts';

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
