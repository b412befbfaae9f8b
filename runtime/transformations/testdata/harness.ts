// One harness for the JSON fixtures in this folder. A fixture file maps a
// transformation name (as spelled in TRANSFORMATIONS) to cases; `output` is
// the expected byte string, `outputHex` the same as lowercase hex (for
// digests). JSON "\u00XX" escapes carry the bytes 0x00-0xFF.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TRANSFORMATIONS } from '../index.ts';

interface FixtureCase {
  input: string;
  output?: string;
  outputHex?: string;
  note?: string;
}

function toHex(s: string): string {
  return Buffer.from(s, 'latin1').toString('hex');
}

export function fixtureSuite(file: string): void {
  const path = new URL(`./${file}`, import.meta.url);
  const data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, FixtureCase[]>;
  for (const [name, cases] of Object.entries(data)) {
    describe(`${name} fixtures (${file})`, () => {
      const t = TRANSFORMATIONS[name];
      it('is in the table', () => {
        expect(t).toBeTypeOf('function');
      });
      for (const c of cases) {
        const label = `${JSON.stringify(c.input)}${c.note ? ` (${c.note})` : ''}`;
        it(label, () => {
          const out = t!(c.input);
          if (c.outputHex !== undefined) expect(toHex(out)).toBe(c.outputHex);
          else expect(out).toBe(c.output);
        });
      }
    });
  }
}

/** Arbitrary byte strings (char codes 0-255). */
export const bytes = (maxLength = 64): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength }).map((a) => String.fromCharCode(...a));

/**
 * Byte strings biased towards the characters the decoders react to, so that
 * escapes, entities and comment markers actually occur in generated inputs.
 */
export const trickyBytes = (maxLength = 64): fc.Arbitrary<string> => {
  const special = '%+uUxX\\&#;/*-<!>.=0123456789abcdefABCDEF \t\n\r\u000b\f\u0000\u00a0\u00c2\u00c3\u00e4\u00f0\u0080\u00bf';
  const unit = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...special.split('').map((ch) => ch.charCodeAt(0))) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
  );
  return fc.array(unit, { maxLength }).map((a) => String.fromCharCode(...a));
};

/** Strings over a given alphabet. */
export const over = (alphabet: string, maxLength = 64): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...alphabet.split('')), { maxLength }).map((a) => a.join(''));
