// t:utf8toUnicode, following libmodsecurity v3's utf8_to_unicode.cc,
// including its quirks, because CRS chains it before t:urlDecodeUni and the
// exact bytes decide what later operators see.
import { isAscii, scratchBuffer } from './bytes.ts';

function isCont(input: string, at: number): boolean {
  // Past the end v3 reads the string's NUL terminator, which is never a
  // continuation byte.
  return at < input.length && (input.charCodeAt(at) & 0xc0) === 0x80;
}

const HEX_DIGITS = '0123456789abcdef';

/**
 * Writes "%u" + lowercase hex, zero-padded to at least four digits (v3 pads
 * printf("%x") output by hand), and returns the new write position.
 */
function writePercentU(buf: Buffer, n: number, code: number): number {
  buf[n++] = 0x25;
  buf[n++] = 0x75;
  let digits = 4;
  while (code >>> (digits * 4) !== 0) digits++;
  for (let k = digits - 1; k >= 0; k--) buf[n++] = HEX_DIGITS.charCodeAt((code >>> (k * 4)) & 0x0f);
  return n;
}

/**
 * Rewrites each well-formed 2-, 3- and 4-byte UTF-8 sequence as %uHHHH (more
 * digits above U+FFFF). Bytes behave as in v3:
 * - ASCII bytes are copied, except NUL, which v3 never emits (its output is
 *   measured with strlen and the NUL branch does not advance the write head).
 * - A lead byte C0..DF / E0..EF / F0..F4 whose continuation bytes are missing
 *   or wrong is dropped; F5..F7 is always copied, and still decoded if a
 *   well-formed tail follows. Stray continuation bytes and F8..FF are copied.
 * - For overlong forms and UTF-16 surrogates v3 emits the %u escape and then
 *   the lead byte again (once per problem).
 */
export function utf8toUnicode(input: string): string {
  // Only NUL and bytes >= 0x80 change anything; both checks are native.
  if (input.indexOf('\0') < 0 && isAscii(input)) return input;
  const len = input.length;
  let i = 0;
  while (i < len) {
    const c = input.charCodeAt(i);
    if (c === 0 || c >= 0x80) break;
    i++;
  }
  // Worst case is 3.5 output bytes per input byte (overlong 2-byte form).
  const buf = scratchBuffer(len * 4);
  let n = buf.write(input, 0, i, 'latin1');
  while (i < len) {
    const c = input.charCodeAt(i);
    if (c < 0x80) {
      if (c !== 0) buf[n++] = c;
      i++;
      continue;
    }
    let size = 0;
    let code = 0;
    if ((c & 0xe0) === 0xc0) {
      if (isCont(input, i + 1)) {
        size = 2;
        code = ((c & 0x1f) << 6) | (input.charCodeAt(i + 1) & 0x3f);
      }
    } else if ((c & 0xf0) === 0xe0) {
      if (isCont(input, i + 1) && isCont(input, i + 2)) {
        size = 3;
        code = ((c & 0x0f) << 12) | ((input.charCodeAt(i + 1) & 0x3f) << 6) | (input.charCodeAt(i + 2) & 0x3f);
      }
    } else if ((c & 0xf8) === 0xf0) {
      if (c >= 0xf5) buf[n++] = c;
      if (isCont(input, i + 1) && isCont(input, i + 2) && isCont(input, i + 3)) {
        size = 4;
        code =
          ((c & 0x07) << 18) |
          ((input.charCodeAt(i + 1) & 0x3f) << 12) |
          ((input.charCodeAt(i + 2) & 0x3f) << 6) |
          (input.charCodeAt(i + 3) & 0x3f);
      }
    } else {
      buf[n++] = c;
    }
    if (size > 0) {
      n = writePercentU(buf, n, code);
      if (code >= 0xd800 && code <= 0xdfff) buf[n++] = c;
      if ((size === 4 && code < 0x10000) || (size === 3 && code < 0x800) || (size === 2 && code < 0x80)) {
        buf[n++] = c;
      }
      i += size;
    } else {
      i++;
    }
  }
  return buf.toString('latin1', 0, n);
}
