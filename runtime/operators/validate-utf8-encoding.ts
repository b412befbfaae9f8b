import { isAscii } from '../transformations/bytes.ts';
import type { CompiledOperator, OperatorSpec } from './types.ts';

function isCont(c: number): boolean {
  return (c & 0xc0) === 0x80;
}

/**
 * Length of the valid UTF-8 sequence at `i`, or 0 when it is invalid, following ModSecurity's
 * detect_utf8_character(): a lead byte 0x80-0xBF or 0xF8-0xFF is invalid; a 2-, 3- or 4-byte
 * sequence must be complete and its continuation bytes 10xxxxxx; overlong forms (C0/C1 leads,
 * E0 80-9F, F0 80-8F) and UTF-16 surrogates (ED A0-BF) are rejected; a 4-byte lead above 0xF4
 * is rejected. Note ModSecurity's exact limit: the lead byte, not the code point, is checked,
 * so F4 90-BF (U+110000-U+13FFFF) passes there and here.
 */
function sequenceLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const left = s.length - i;
  if (c < 0x80) return 1;
  let len: number;
  let cp: number;
  if ((c & 0xe0) === 0xc0) {
    if (left < 2 || !isCont(s.charCodeAt(i + 1))) return 0;
    len = 2;
    cp = ((c & 0x1f) << 6) | (s.charCodeAt(i + 1) & 0x3f);
  } else if ((c & 0xf0) === 0xe0) {
    if (left < 3 || !isCont(s.charCodeAt(i + 1)) || !isCont(s.charCodeAt(i + 2))) return 0;
    len = 3;
    cp = ((c & 0x0f) << 12) | ((s.charCodeAt(i + 1) & 0x3f) << 6) | (s.charCodeAt(i + 2) & 0x3f);
  } else if ((c & 0xf8) === 0xf0 && c < 0xf5) {
    if (left < 4 || !isCont(s.charCodeAt(i + 1)) || !isCont(s.charCodeAt(i + 2)) || !isCont(s.charCodeAt(i + 3))) return 0;
    len = 4;
    cp =
      ((c & 0x07) << 18) |
      ((s.charCodeAt(i + 1) & 0x3f) << 12) |
      ((s.charCodeAt(i + 2) & 0x3f) << 6) |
      (s.charCodeAt(i + 3) & 0x3f);
  } else {
    return 0;
  }
  if (cp >= 0xd800 && cp <= 0xdfff) return 0;
  const min = len === 2 ? 0x80 : len === 3 ? 0x800 : 0x10000;
  return cp < min ? 0 : len;
}

/** Matches when the value is not valid UTF-8 by ModSecurity's definition (see sequenceLength). */
class ValidateUtf8Encoding implements CompiledOperator {
  match(input: string): boolean {
    // Nearly every value is ASCII, which is valid UTF-8: one native length check decides it.
    if (isAscii(input)) return false;
    for (let i = 0; i < input.length; ) {
      if (input.charCodeAt(i) > 0xff) return true; // not a byte string: cannot be valid bytes
      const n = sequenceLength(input, i);
      if (n === 0) return true;
      i += n;
    }
    return false;
  }
}

const instance = new ValidateUtf8Encoding();

export const validateUtf8Encoding: OperatorSpec = {
  name: 'validateUtf8Encoding',
  capture: false,
  create: () => instance,
};
