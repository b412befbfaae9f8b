import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../core/testing.ts';
import { asciiLower } from '../../runtime/match/aho-corasick.ts';
import { analyzeRegex } from './regex-literals.ts';

/** The prefilter's promise: if the regex matches, the value is long enough and holds a literal. */
function prefilterAllows(pattern: string, value: string): boolean {
  const req = analyzeRegex(pattern);
  if (value.length < req.minLength) return false;
  if (!req.literals) return true;
  const v = asciiLower(value);
  return req.literals.some((l) => v.includes(l));
}

describe('regex requirements', () => {
  it('finds what a match must contain', () => {
    expect(analyzeRegex('union\\s+select')).toEqual({ minLength: 12, literals: ['select'] });
    expect(analyzeRegex('(?i)a(?:bc|de)f').literals).toEqual(['abcf', 'adef']);
    expect(analyzeRegex('foo|ba[rz]').literals).toEqual(['foo', 'bar', 'baz']);
    expect(analyzeRegex('x?abc').literals).toEqual(['abc']);
    expect(analyzeRegex('^(?:GET|HEAD)$').literals).toEqual(['get', 'head']);
    expect(analyzeRegex('a*').literals).toBeNull();
    expect(analyzeRegex('foo|.*').literals).toBeNull();
    expect(analyzeRegex('[^a]bc').literals).toEqual(['bc']);
    expect(analyzeRegex('(?i)caf\\xe9').literals).toEqual(['caf']);
    expect(analyzeRegex('caf\\xe9').literals).toEqual(['caf\u00e9']);
    expect(analyzeRegex('(?P<n>abc)\\d{3}').minLength).toBe(6);
    expect(analyzeRegex('(?=lookahead)').literals).toBeNull();
    expect(analyzeRegex('(?:^|[/;])\\.{2,3}[/;]').literals).toEqual(['..']);
  });

  const atom = fc.oneof(
    fc.constantFrom('a', 'b', 'C', 'ab', '\\.', '.', '[ab]', '[^a]', '\\d', '\\w', '\\s', '^', '$', '\\b', '[a-c]', 'é', '\\x41'),
  );
  const regex: fc.Arbitrary<string> = fc.letrec<{ re: string }>((tie) => ({
    re: fc.oneof(
      { weight: 4, arbitrary: atom },
      { weight: 2, arbitrary: fc.array(tie('re'), { minLength: 2, maxLength: 4 }).map((xs) => xs.join('')) },
      { weight: 1, arbitrary: fc.array(tie('re'), { minLength: 2, maxLength: 3 }).map((xs) => `(?:${xs.join('|')})`) },
      { weight: 1, arbitrary: fc.tuple(tie('re'), fc.constantFrom('*', '+', '?', '{2}', '{1,3}', '*?')).map(([r, q]) => `(?:${r})${q}`) },
      { weight: 1, arbitrary: tie('re').map((r) => `(?i)${r}`) },
    ),
  })).re;
  const value = fc.array(fc.constantFrom('a', 'b', 'c', 'A', 'B', 'C', '.', '1', ' ', '\u00e9', '\u00c9', 'x'), { maxLength: 12 }).map((a) => a.join(''));

  it('never rules out a value the regex matches (generated regexes)', () => {
    fc.assert(
      fc.property(regex, value, (re, v) => {
        let r: RE2;
        try {
          r = new RE2(re, 's');
        } catch {
          return;
        }
        if (r.test(v)) expect(prefilterAllows(re, v)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe.skipIf(!hasShared('coreruleset'))('regex requirements on CRS', () => {
  it('never rules out a CRS test payload that the regex matches', { timeout: 180_000 }, () => {
    const dir = sharedPath('coreruleset', 'rules');
    const patterns: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.conf'))) {
      const text = readFileSync(`${dir}/${f}`, 'latin1');
      for (const m of text.matchAll(/"!?@rx ((?:[^"\\]|\\.)*)"/g)) patterns.push(m[1].replace(/\\"/g, '"'));
    }
    expect(patterns.length).toBeGreaterThan(250);
    const payloads: string[] = [];
    const tdir = sharedPath('coreruleset', 'tests', 'regression', 'tests');
    for (const d of readdirSync(tdir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
      for (const f of readdirSync(`${tdir}/${d}`)) {
        const text = readFileSync(`${tdir}/${d}/${f}`, 'latin1');
        for (const m of text.matchAll(/(?:uri|data): *["']?(.+?)["']?$/gm)) payloads.push(decodeURIComponentSafe(m[1]));
      }
    }
    let checked = 0;
    const unique = [...new Set(payloads)];
    for (const p of patterns) {
      const re = new RE2(p, 's');
      for (const v of unique) {
        if (!re.test(v)) continue;
        checked++;
        expect(prefilterAllows(p, v), `${p.slice(0, 80)} on ${v.slice(0, 80)}`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    const withLiterals = patterns.filter((p) => analyzeRegex(p).literals).length;
    expect(withLiterals / patterns.length).toBeGreaterThan(0.8);
  });
});

function decodeURIComponentSafe(s: string): string {
  try {
    return Buffer.from(decodeURIComponent(s), 'utf8').toString('latin1');
  } catch {
    return s;
  }
}
