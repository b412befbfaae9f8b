import RE2 from 're2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pcreEscapes } from './pcre-escapes.ts';
import { REGEX_FLAGS } from './regex-flags.ts';

const bytes = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b));
const matching = (pattern: string): number[] => {
  const re = new RE2(pcreEscapes(pattern), REGEX_FLAGS);
  return bytes.flatMap((c, b) => (re.test(c) ? [b] : []));
};

describe('pcreEscapes', () => {
  it('gives \\s, \\v and \\h the bytes PCRE2 gives them (non-UTF mode, as ModSecurity compiles)', () => {
    // Measured on libmodsecurity 3.0.9 with these very patterns.
    expect(matching('^\\s$')).toEqual([9, 10, 11, 12, 13, 32]);
    expect(matching('^[\\s]$')).toEqual([9, 10, 11, 12, 13, 32]);
    expect(matching('^\\v$')).toEqual([10, 11, 12, 13, 0x85]);
    expect(matching('^\\h$')).toEqual([9, 32, 0xa0]);
    expect(matching('^\\S$')).toHaveLength(256 - 6);
    expect(matching('^\\S$')).not.toContain(11);
    expect(matching('^[^\\s]$')).not.toContain(11);
  });

  it('leaves escaped backslashes, quoted text and POSIX classes alone', () => {
    expect(pcreEscapes('\\\\s')).toBe('\\\\s');
    expect(pcreEscapes('\\Q\\s\\E\\s')).toBe('\\Q\\s\\E[\\t\\n\\x0b\\f\\r\\x20]');
    expect(pcreEscapes('[[:space:]\\s]')).toBe('[[:space:]\\t\\n\\x0b\\f\\r\\x20]');
    expect(pcreEscapes('[]\\s]')).toBe('[]\\t\\n\\x0b\\f\\r\\x20]');
    expect(pcreEscapes('a\\x5cs')).toBe('a\\x5cs');
    expect(pcreEscapes('no escapes')).toBe('no escapes');
  });

  it('keeps every other pattern meaning what it meant', () => {
    // Patterns without \s, \v, \h: unchanged; with them, the same answer wherever the value
    // holds none of the bytes the escapes are about.
    const atom = fc.constantFrom('a', 'b', '\\s', '\\S', '[ab\\s]', '[^\\s]', '.', '\\d', 'x*', '(a|\\s)', '\\\\s');
    const value = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\t', 'x', '1', 's', '\\'), maxLength: 8 });
    fc.assert(
      fc.property(fc.array(atom, { minLength: 1, maxLength: 5 }), value, (atoms, v) => {
        const p = atoms.join('');
        expect(new RE2(pcreEscapes(p), REGEX_FLAGS).test(v)).toBe(new RE2(p, REGEX_FLAGS).test(v));
      }),
    );
  });
});
