// Differential tests for the fast paths: every transformation that skips work
// on values it judges unchanged, scans natively or writes into the shared
// buffer must agree with the naive byte loop in testdata/reference.ts on any
// byte string, benign or not, short or long.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TRANSFORMATIONS } from './index.ts';
import * as reference from './testdata/reference.ts';
import { bytes, trickyBytes } from './testdata/harness.ts';

/**
 * What reaches each fast path's edge: its trigger bytes, and the multi-byte
 * sequences it reacts to, which random bytes would almost never spell out.
 */
const EDGES: Record<keyof typeof reference, readonly string[]> = {
  lowercase: [...'aZzA@[`{ \u00c0\u00de\u00e0\u00df\u00ff\u00b5'],
  uppercase: [...'aZzA@[`{ \u00c0\u00de\u00e0\u00df\u00ff\u00b5'],
  urlDecode: [...'%+uU0aFgz ', '%41', '%4', '%%2b'],
  urlDecodeUni: [...'%+uU0aFfgz ', '%41', '%u0041', '%uff1c', '%uFF5e', '%u00', '%4'],
  utf8toUnicode: [...'a\u0000\u007f\u0080\u00bf\u00c2\u00df\u00e0\u00ed\u00ef\u00f0\u00f4\u00f5\u00f8\u00ff'],
  removeWhitespace: [...'ab \t\n\u000b\f\r\u00a0\u00c2\u00c3\u0000'],
  compressWhitespace: [...'ab \t\n\u000b\f\r\u00a0\u0000', '  ', ' \t'],
  removeComments: [...'a#/*-<!> ', '<!--', '-->', '/*', '*/', '--'],
  cmdLine: [...'aZ "\'\\^,;\t\r\n/(\u00c0', ' /', ' (', '  '],
  normalizePath: [...'a./\\', '/./', '/../', '//', '..', './', 'a../'],
  normalizePathWin: [...'a./\\', '\\.\\', '\\..\\', '/./', '/../', '//', '..', './'],
  base64Decode: [...'QUJDazZ+/= \r\n\u0000!', 'QUJD', 'QUI=', 'QQ==', '=', ' \r\n', '\r\n'],
  hexEncode: [...'a\u0000\u00ff'],
  md5: [...'a\u0000\u007f\u0080\u00ff'],
  sha1: [...'a\u0000\u007f\u0080\u00ff'],
};

/** Strings made of the given pieces. */
function of(pieces: readonly string[], maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...pieces), { maxLength }).map((p) => p.join(''));
}

/** Text-like values: words, single spaces, the odd trigger; long enough for the buffer paths. */
function textLike(pieces: readonly string[]): fc.Arbitrary<string> {
  const word = fc.stringMatching(/^[a-z0-9.,]{1,9}$/);
  const piece = fc.oneof({ weight: 4, arbitrary: word }, { weight: 1, arbitrary: of(pieces, 3) });
  return fc.array(piece, { maxLength: 60 }).map((w) => w.join(' '));
}

const cases = Object.entries(EDGES) as [keyof typeof reference, readonly string[]][];

describe('fast paths agree with the naive byte loops', () => {
  for (const [name, pieces] of cases) {
    const fast = TRANSFORMATIONS[name]!;
    const naive = reference[name];
    it(name, () => {
      fc.assert(
        fc.property(fc.oneof(bytes(200), trickyBytes(200), of(pieces, 120), textLike(pieces)), (s) => {
          expect(fast(s)).toBe(naive(s));
        }),
        { numRuns: 400 },
      );
    });
  }

  it('agree on values larger than the shared buffer, and the buffer is not kept across calls', () => {
    // 20000 bytes outgrows the initial 16 KB buffer; 1.1 MB takes the
    // unshared allocation. The short call in between reuses the buffer the
    // long one wrote into.
    for (const size of [20000, 1.1 * 2 ** 20]) {
      const unit = 'Ab %41+\u00c3\u00a9 /./x/../ \t#\\\\ QUJD ';
      const big = unit.repeat(Math.ceil(size / unit.length));
      for (const [name] of cases) {
        const fast = TRANSFORMATIONS[name]!;
        const naive = reference[name];
        const first = fast(big);
        const second = fast('Ab \t/./');
        expect(first, name).toBe(naive(big));
        expect(second, name).toBe(naive('Ab \t/./'));
      }
    }
  });
});
