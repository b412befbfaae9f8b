import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Acmp } from './acmp.ts';

const lower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const word = (max: number) => fc.string({ unit: fc.constantFrom(...'ab/cA'.split('')), minLength: 1, maxLength: max });

describe('Acmp (ModSecurity v3 acmp)', () => {
  it('reports only text the value holds, and only where one of the phrases occurs', () => {
    // What the engine's literal prefilter relies on: a textbook scan that finds no phrase
    // answers for acmp too.
    fc.assert(
      fc.property(fc.uniqueArray(word(5), { minLength: 1, maxLength: 6 }), word(16), (phrases, input) => {
        const hit = new Acmp(phrases).search(input);
        if (hit === null) return;
        expect(lower(input)).toContain(lower(hit));
        expect(phrases.some((p) => lower(input).includes(lower(p)))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds every phrase that starts the value', () => {
    fc.assert(
      fc.property(fc.uniqueArray(word(5), { minLength: 1, maxLength: 6 }), word(6), (phrases, tail) => {
        const acmp = new Acmp(phrases);
        for (const p of phrases) expect(acmp.search(p.toUpperCase() + tail)).not.toBeNull();
      }),
    );
  });

  it('loses a phrase where a failure link should have led past the root', () => {
    // `etc/` fails to `/` (from `/php.ini`), and `etc/a` to the root instead of to `a`.
    const acmp = new Acmp(['apache/conf', 'etc/apache/httpd.conf', '/php.ini']);
    expect(acmp.search('/etc/apache/conf/httpd.conf')).toBeNull();
    expect(acmp.search('/etc/apache/httpd.conf')).toBe('etc/apache/httpd.conf');
    expect(new Acmp(['apache/conf', 'etc/apache/httpd.conf']).search('/etc/apache/conf/x')).toBe('apache/conf');
  });

  it('reports the node it stands on when a failure link ends a phrase', () => {
    expect(new Acmp(['abcd', 'bc']).search('xabcd')).toBe('abc');
    expect(new Acmp(['abcd', 'bc']).search('xbc')).toBe('bc');
    expect(new Acmp(['ABCD', 'bc']).search('xabcd')).toBe('ABC');
  });
});
