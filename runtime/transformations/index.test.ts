// Table-wide checks: every transformation is total on byte strings, stays in
// the byte model, and returns its input untouched when there is nothing to do.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TRANSFORMATIONS } from './index.ts';
import { bytes, over, trickyBytes } from './testdata/harness.ts';

const names = Object.keys(TRANSFORMATIONS);

const NO_SPACE = 'az09_.:@~\u00e9\u00ff';

/**
 * Inputs on which each transformation has nothing to change. Every table entry
 * must appear here or in ALWAYS_REWRITES, so a new transformation cannot slip
 * in without a no-op check.
 */
const NOOP_INPUTS: Record<string, fc.Arbitrary<string>> = {
  none: bytes(),
  lowercase: over('az09 !@[`{\u00c0\u00e9\u00ff'),
  uppercase: over('AZ09 !@[`{\u00c0\u00e9\u00ff'),
  urlDecode: over('az09 &=/\u0000\u00e9u'),
  urlDecodeUni: over('az09 &=/\u0000\u00e9u'),
  urlEncode: over('azAZ09*'),
  htmlEntityDecode: over('az09 #;x<>\u00e9'),
  jsDecode: over('az09 u x\'"\u00e9'),
  cssDecode: over('az09 u x\'"\u00e9'),
  escapeSeqDecode: over('az09 u x\'"\u00e9'),
  utf8toUnicode: over('az09 ~\u0001\u007f'),
  removeNulls: over('az \u0001\u00ff'),
  replaceNulls: over('az \u0001\u00ff'),
  removeWhitespace: over('az09\u0000\u00c3\u00a9\u0085'),
  compressWhitespace: fc.array(over(NO_SPACE, 5).filter((w) => w.length > 0), { maxLength: 8 }).map((w) => w.join(' ')),
  trim: over(NO_SPACE + ' \t').map((s) => `x${s}y`),
  trimLeft: over(NO_SPACE + ' \t').map((s) => `x${s}`),
  trimRight: over(NO_SPACE + ' \t').map((s) => `${s}y`),
  removeComments: over('az09 *!>\u00e9'),
  replaceComments: over('az09 *-#<!>\u00e9'),
  removeCommentsChar: over('az09 !>\u00e9'),
  cmdLine: over('az09-.:=\u00e9'),
  normalizePath: over('az09 \\\u00e9'),
  normalisePath: over('az09 \\\u00e9'),
  normalizePathWin: over('az09 \u00e9'),
  normalisePathWin: over('az09 \u00e9'),
  sqlHexDecode: over('az19 x\u00e9'),
  parityZero7bit: over('az09 \u0000\u007f'),
  parityEven7bit: over('AB\u00c1\u0000'),
  parityOdd7bit: over('C\u0001\u00c3'),
};

/** Transformations whose output is a different encoding of any input. */
const ALWAYS_REWRITES = new Set([
  'base64Decode',
  'base64DecodeExt',
  'base64Encode',
  'hexDecode',
  'hexEncode',
  'md5',
  'sha1',
  'length',
]);

const IDEMPOTENT = [
  'none',
  'lowercase',
  'uppercase',
  'removeNulls',
  'replaceNulls',
  'removeWhitespace',
  'compressWhitespace',
  'trim',
  'trimLeft',
  'trimRight',
  'cmdLine',
  'parityZero7bit',
  'replaceComments',
];

function inByteRange(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}

describe('TRANSFORMATIONS table', () => {
  it('spells names as the ModSecurity manual does, with the normalise* aliases', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'lowercase', 'uppercase', 'urlDecode', 'urlDecodeUni', 'urlEncode', 'htmlEntityDecode', 'jsDecode',
        'cssDecode', 'utf8toUnicode', 'removeNulls', 'replaceNulls', 'removeWhitespace', 'compressWhitespace',
        'removeComments', 'removeCommentsChar', 'replaceComments', 'cmdLine', 'normalizePath', 'normalisePath',
        'normalizePathWin', 'normalisePathWin', 'escapeSeqDecode', 'hexDecode', 'hexEncode', 'base64Decode',
        'base64DecodeExt', 'base64Encode', 'sqlHexDecode', 'length', 'md5', 'sha1', 'trim', 'trimLeft',
        'trimRight', 'none', 'parityEven7bit', 'parityOdd7bit', 'parityZero7bit',
      ]),
    );
    expect(TRANSFORMATIONS['normalisePath']).toBe(TRANSFORMATIONS['normalizePath']);
    expect(TRANSFORMATIONS['normalisePathWin']).toBe(TRANSFORMATIONS['normalizePathWin']);
    expect(Object.isFrozen(TRANSFORMATIONS)).toBe(true);
  });

  it('classifies every entry for the no-op check', () => {
    for (const name of names) {
      expect(name in NOOP_INPUTS || ALWAYS_REWRITES.has(name), name).toBe(true);
    }
  });

  for (const name of names) {
    const t = TRANSFORMATIONS[name]!;
    describe(name, () => {
      it('never throws and stays within bytes 0x00-0xFF', () => {
        fc.assert(
          fc.property(fc.oneof(bytes(), trickyBytes()), (s) => {
            expect(inByteRange(t(s))).toBe(true);
          }),
          { numRuns: 300 },
        );
      });

      it('handles the empty string and a large input', () => {
        expect(() => t('')).not.toThrow();
        const big = '%41&lt;\\x41/*a*/\u00c3\u00a9 0x41 ../'.repeat(20000);
        expect(inByteRange(t(big))).toBe(true);
      });

      const noop = NOOP_INPUTS[name];
      if (noop) {
        it('returns its input when there is nothing to change', () => {
          fc.assert(
            fc.property(noop, (s) => {
              expect(t(s)).toBe(s);
            }),
          );
        });
      }

      if (IDEMPOTENT.includes(name)) {
        it('is idempotent', () => {
          fc.assert(
            fc.property(fc.oneof(bytes(), trickyBytes()), (s) => {
              const once = t(s);
              expect(t(once)).toBe(once);
            }),
          );
        });
      }
    });
  }
});
