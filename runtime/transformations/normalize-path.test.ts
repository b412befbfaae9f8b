import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizePath, normalizePathWin } from './normalize-path.ts';
import { fixtureSuite, over } from './testdata/harness.ts';

fixtureSuite('normalize-path.json');

/** Textbook resolution of an absolute path whose last segment is a name. */
function reference(segments: string[]): string {
  const stack: string[] = [];
  for (const seg of segments) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') stack.pop();
    else stack.push(seg);
  }
  return '/' + stack.join('/');
}

describe('normalizePath properties', () => {
  it('matches textbook resolution on absolute paths ending in a name', () => {
    const seg = fc.constantFrom('a', 'bb', 'ab', '.', '..', '');
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 10 }), fc.constantFrom('x', 'yz'), (segs, last) => {
        const all = [...segs, last];
        expect(normalizePath('/' + all.join('/'))).toBe(reference(all));
      }),
    );
  });

  it('normalizePathWin equals normalizePath after turning \\ into /, where separators never meet', () => {
    // Where they do (`a\\\\\\b`, or `/.\\\\` once `.` is dropped) v3 copies a run's last byte
    // unconverted (see the fixtures).
    fc.assert(
      fc.property(over('a./\\', 20), (s) => {
        fc.pre(!/[\\/][.\\/]*[\\/]/.test(s));
        expect(normalizePathWin(s)).toBe(normalizePath(s.replaceAll('\\', '/')));
      }),
    );
  });

  it('never lengthens the value and never leaves "//"', () => {
    fc.assert(
      fc.property(over('a./', 24), (s) => {
        const out = normalizePath(s);
        expect(out.length).toBeLessThanOrEqual(s.length);
        expect(out.includes('//')).toBe(false);
      }),
    );
  });
});
