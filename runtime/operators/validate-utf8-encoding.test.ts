import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, utf8Bytes } from './testing.ts';
import { validateUtf8Encoding } from './validate-utf8-encoding.ts';

const op = compile(validateUtf8Encoding, '');
const invalid = (s: string) => op.match(s, null);

describe('@validateUtf8Encoding', () => {
  it('accepts ASCII and well-formed UTF-8', () => {
    expect(invalid('')).toBe(false);
    expect(invalid('plain ascii \x00\x7f')).toBe(false);
    expect(invalid(utf8Bytes('café ünïcödé 日本語 😀'))).toBe(false);
    expect(invalid('\xc2\x80')).toBe(false); // U+0080, smallest 2-byte
    expect(invalid('\xef\xbf\xbf')).toBe(false); // U+FFFF
    expect(invalid('\xf4\x8f\xbf\xbf')).toBe(false); // U+10FFFF
  });

  it.each([
    ['lone continuation byte', '\x80'],
    ['latin1 é', 'caf\xe9'],
    ['truncated 2-byte', 'a\xc3'],
    ['truncated 3-byte', '\xe2\x82'],
    ['truncated 4-byte', '\xf0\x9f\x98'],
    ['bad continuation', '\xc3\x28'],
    ['bad third byte', '\xe2\x82\x28'],
    ['overlong 2-byte (C0 AF = /)', '\xc0\xaf'],
    ['overlong 2-byte C1', '\xc1\xbf'],
    ['overlong 3-byte', '\xe0\x80\xaf'],
    ['overlong 4-byte', '\xf0\x80\x80\xaf'],
    ['UTF-16 surrogate', '\xed\xa0\x80'],
    ['lead F5', '\xf5\x80\x80\x80'],
    ['lead F8', '\xf8\x88\x80\x80\x80'],
    ['lead FF', '\xff'],
    ['FE FF (UTF-16 BOM)', '\xfe\xff'],
  ])('matches on %s', (_why, s) => {
    expect(invalid(s)).toBe(true);
  });

  it('checks the 4-byte lead byte, not the code point, as ModSecurity does: F4 90 80 80 (U+110000) passes', () => {
    expect(invalid('\xf4\x90\x80\x80')).toBe(false);
  });

  it('never matches the UTF-8 encoding of a Unicode string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(invalid(utf8Bytes(s))).toBe(false);
      }),
    );
  });

  it('agrees with a strict UTF-8 decoder apart from the F4 90-BF case (property)', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const scalar = fc
      .integer({ min: 0, max: 0x10ffff })
      .filter((c) => c < 0xd800 || c > 0xdfff)
      .map((c) => utf8Bytes(String.fromCodePoint(c)));
    const rawByte = fc.integer({ min: 0x80, max: 0xff }).map((b) => String.fromCharCode(b));
    const chunks = fc.array(fc.oneof(scalar, scalar, rawByte), { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        chunks.filter((s) => !/\xf4[\x90-\xbf]/.test(s)),
        (s) => {
          let valid = true;
          try {
            decoder.decode(Buffer.from(s, 'latin1'));
          } catch {
            valid = false;
          }
          expect(invalid(s)).toBe(!valid);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
