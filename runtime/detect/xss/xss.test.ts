import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Html5Context } from './html5.ts';
import { detectXSS, isXSSInContext } from './index.ts';
import { detectXSSUnfiltered } from './xss.ts';
import { anyBytes, htmlishBytes } from './testdata/arbitrary.ts';

interface Case {
  input: string;
  xss: boolean;
  why: string;
}

const cases = JSON.parse(
  readFileSync(new URL('./testdata/xss-cases.json', import.meta.url), 'utf8'),
) as Case[];

describe('detectXSS cases', () => {
  it.each(cases.map((c) => [c.why, c] as const))('%s', (_why, c) => {
    expect(detectXSS(c.input)).toBe(c.xss);
  });
});

describe('detectXSS prefilter', () => {
  it('agrees with the unfiltered check, also on inputs lacking <, = or a quote', () => {
    const stripped = fc
      .tuple(htmlishBytes, fc.constantFrom(/[<=]/g, /</g, /=/g, /'/g, /"/g, /`/g, /[<'"`]/g))
      .map(([s, re]) => s.replace(re, ''));
    fc.assert(
      fc.property(fc.oneof(htmlishBytes, stripped, anyBytes), (input) => {
        expect(detectXSS(input)).toBe(detectXSSUnfiltered(input));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('detectXSS contexts', () => {
  it('is the union of the five contexts', () => {
    const contexts = [
      Html5Context.DATA_STATE,
      Html5Context.VALUE_NO_QUOTE,
      Html5Context.VALUE_SINGLE_QUOTE,
      Html5Context.VALUE_DOUBLE_QUOTE,
      Html5Context.VALUE_BACK_QUOTE,
    ];
    fc.assert(
      fc.property(htmlishBytes, (input) => {
        expect(detectXSSUnfiltered(input)).toBe(contexts.some((c) => isXSSInContext(input, c)));
      }),
      { numRuns: 1000 },
    );
  });

  it('flags a breakout only in the context it breaks out of', () => {
    const input = '"><b onclick=x>';
    expect(isXSSInContext(input, Html5Context.VALUE_DOUBLE_QUOTE)).toBe(true);
    expect(isXSSInContext(input, Html5Context.VALUE_SINGLE_QUOTE)).toBe(false);
  });
});

describe('detectXSS properties', () => {
  it('never throws on any byte string', () => {
    fc.assert(
      fc.property(fc.oneof(anyBytes, htmlishBytes), (input) => {
        expect(typeof detectXSS(input)).toBe('boolean');
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws on strings that are not byte strings either', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), htmlishBytes.map((s) => s + 'ŝvg Ĵ')), (input) => {
        expect(typeof detectXSS('<' + input)).toBe('boolean');
        expect(typeof detectXSS('<a ' + input + '=x')).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('is unchanged by appending text after a flagged input', () => {
    // Every check fires on a token that is complete once emitted, so more input cannot undo it.
    fc.assert(
      fc.property(htmlishBytes, fc.constantFrom(' tail', '>', '"', "'", '`'), (input, tail) => {
        if (detectXSS(input + '<script>')) expect(detectXSS(input + '<script>' + tail)).toBe(true);
      }),
    );
  });

  it('is unchanged by upper-casing ASCII letters', () => {
    // Every name and scheme comparison in libinjection is ASCII case-insensitive; the one
    // case-sensitive token is `<![CDATA[`, so inputs holding it in any case are left out.
    const upper = (s: string) => s.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 32));
    fc.assert(
      fc.property(htmlishBytes, (input) => {
        fc.pre(!/\[cdata\[/i.test(input));
        expect(detectXSS(upper(input))).toBe(detectXSS(input));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('detectXSS time is linear in the input size', () => {
  // Pathological repeats: each would be quadratic if a scan restarted from the token start
  // (comment terminators, `%>`, CDATA ends, long NUL-filled tag names, entity runs in URLs).
  const units = [
    '<!--a-', '<%a%', '<![CDATA[a]', '<s\0', '<a ', '/', '<a href="&#', '&#x0', ' a=b',
    '<!--`-->', '<!--a-->', '<a style', "'", '<x', '<a b="', '-', '<!doctype',
  ];

  function bestTime(input: string): number {
    let best = Infinity;
    for (let r = 0; r < 7; r++) {
      const t0 = process.hrtime.bigint();
      detectXSS(input);
      best = Math.min(best, Number(process.hrtime.bigint() - t0));
    }
    return best;
  }

  it.each(units)('repeats of %j', (unit) => {
    const small = unit.repeat(Math.ceil(4_096 / unit.length));
    const large = unit.repeat(Math.ceil(262_144 / unit.length));
    // Warm the JIT on both shapes first, so that neither measure includes compilation.
    bestTime(small);
    bestTime(large);
    const ratio = bestTime(large) / Math.max(bestTime(small), 5_000);
    // 64x the input: linear work gives about 64 (up to twice that once the input outgrows the
    // CPU caches, or on a loaded machine), quadratic about 4096.
    expect(ratio).toBeLessThan(400);
  });
});
