// t:jsDecode, following libmodsecurity v3's js_decode.cc.
import { hex4LowByteAt, hexPair, isHex, isOctal } from './bytes.ts';

/**
 * Value and length of an octal escape body starting at `at`: up to three
 * octal digits, but a three-digit run starting above '3' uses only two, so the
 * value always fits in one byte (v3: "\OOO (only one byte, \000 - \377)").
 */
export function readOctal(input: string, at: number, clampToByte: boolean): [value: number, digits: number] {
  const len = input.length;
  let n = 0;
  while (n < 3 && at + n < len && isOctal(input.charCodeAt(at + n))) n++;
  if (clampToByte && n === 3 && input.charCodeAt(at) > 0x33) n = 2;
  let v = 0;
  for (let k = 0; k < n; k++) v = v * 8 + (input.charCodeAt(at + k) - 0x30);
  return [v, n];
}

/** The single-letter C escapes shared by jsDecode and escapeSeqDecode. */
export function simpleEscape(c: number): number {
  switch (c) {
    case 0x61: return 0x07; // \a
    case 0x62: return 0x08; // \b
    case 0x66: return 0x0c; // \f
    case 0x6e: return 0x0a; // \n
    case 0x72: return 0x0d; // \r
    case 0x74: return 0x09; // \t
    case 0x76: return 0x0b; // \v
    default: return -1;
  }
}

/**
 * Decodes \uHHHH (low byte; full-width ASCII U+FF01..U+FF5E folded to ASCII),
 * \xHH, \OOO, the C letter escapes, and "\C" as C for any other character.
 * Only lowercase 'u' and 'x' introduce escapes, as in JavaScript and v3.
 * A lone trailing backslash is kept.
 */
export function jsDecode(input: string): string {
  let i = input.indexOf('\\');
  if (i < 0) return input;
  const len = input.length;
  let out = '';
  let start = 0;
  while (i >= 0) {
    if (i + 1 >= len) break;
    const n = input.charCodeAt(i + 1);
    let byte: number;
    let next: number;
    const u = n === 0x75 ? hex4LowByteAt(input, i + 2) : -1;
    if (u >= 0) {
      byte = u;
      next = i + 6;
    } else if (n === 0x78 && i + 3 < len && isHex(input.charCodeAt(i + 2)) && isHex(input.charCodeAt(i + 3))) {
      byte = hexPair(input.charCodeAt(i + 2), input.charCodeAt(i + 3));
      next = i + 4;
    } else if (isOctal(n)) {
      const [v, digits] = readOctal(input, i + 1, true);
      byte = v;
      next = i + 1 + digits;
    } else {
      const e = simpleEscape(n);
      byte = e >= 0 ? e : n;
      next = i + 2;
    }
    out += input.slice(start, i) + String.fromCharCode(byte);
    start = next;
    i = input.indexOf('\\', next);
  }
  if (start === 0) return input;
  return out + input.slice(start);
}
