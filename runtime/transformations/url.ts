// URL transformations: t:urlDecode, t:urlDecodeUni, t:urlEncode.
import { hexPair, isHex, unicodeLowByte } from './bytes.ts';

const PERCENT = 0x25;
const PLUS = 0x2b;

/** Does the value contain anything a URL decoder could touch? */
function needsUrlDecode(input: string): boolean {
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === PERCENT || c === PLUS) return true;
  }
  return false;
}

/**
 * t:urlDecode, as libmodsecurity's urldecode_nonstrict_inplace: %HH with two
 * valid hex digits becomes one byte, '+' becomes a space, and any other '%'
 * (bad digits, or fewer than two bytes left) is kept verbatim.
 */
export function urlDecode(input: string): string {
  if (!needsUrlDecode(input)) return input;
  const len = input.length;
  let out = '';
  let start = 0;
  let i = 0;
  while (i < len) {
    const c = input.charCodeAt(i);
    if (c === PERCENT) {
      if (i + 2 < len) {
        const h = input.charCodeAt(i + 1);
        const l = input.charCodeAt(i + 2);
        if (isHex(h) && isHex(l)) {
          out += input.slice(start, i) + String.fromCharCode(hexPair(h, l));
          i += 3;
          start = i;
          continue;
        }
      }
      i++;
    } else if (c === PLUS) {
      out += input.slice(start, i) + ' ';
      i++;
      start = i;
    } else {
      i++;
    }
  }
  out += input.slice(start);
  return out === input ? input : out;
}

/**
 * t:urlDecodeUni: urlDecode plus the IIS %uHHHH form. ModSecurity v3 keeps
 * only the low byte of the code point, except that full-width ASCII
 * (U+FF01..U+FF5E) is folded to ASCII. An invalid or truncated %u copies the
 * two bytes "%u" and decoding resumes after them.
 *
 * Deviation: SecUnicodeMapFile/SecUnicodeCodePage (a configured code point to
 * byte table consulted before the low-byte fallback) is not supported here.
 */
export function urlDecodeUni(input: string): string {
  if (!needsUrlDecode(input)) return input;
  const len = input.length;
  let out = '';
  let start = 0;
  let i = 0;
  while (i < len) {
    const c = input.charCodeAt(i);
    if (c === PERCENT) {
      const n = i + 1 < len ? input.charCodeAt(i + 1) : -1;
      if (n === 0x75 || n === 0x55) {
        if (
          i + 5 < len &&
          isHex(input.charCodeAt(i + 2)) &&
          isHex(input.charCodeAt(i + 3)) &&
          isHex(input.charCodeAt(i + 4)) &&
          isHex(input.charCodeAt(i + 5))
        ) {
          const b = unicodeLowByte(
            input.charCodeAt(i + 2),
            input.charCodeAt(i + 3),
            input.charCodeAt(i + 4),
            input.charCodeAt(i + 5),
          );
          out += input.slice(start, i) + String.fromCharCode(b);
          i += 6;
          start = i;
        } else {
          i += 2;
        }
        continue;
      }
      if (i + 2 < len) {
        const l = input.charCodeAt(i + 2);
        if (isHex(n) && isHex(l)) {
          out += input.slice(start, i) + String.fromCharCode(hexPair(n, l));
          i += 3;
          start = i;
          continue;
        }
      }
      i++;
    } else if (c === PLUS) {
      out += input.slice(start, i) + ' ';
      i++;
      start = i;
    } else {
      i++;
    }
  }
  out += input.slice(start);
  return out === input ? input : out;
}

/** Bytes t:urlEncode leaves alone: '*', digits and ASCII letters (v3 url_enc). */
function isUrlSafe(c: number): boolean {
  return (
    c === 0x2a ||
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a)
  );
}

const HEX_DIGITS = '0123456789abcdef';

/**
 * t:urlEncode, as ModSecurity's url_enc: space becomes '+', '*', digits and
 * letters stay, every other byte becomes %hh with lowercase hex.
 */
export function urlEncode(input: string): string {
  const len = input.length;
  let i = 0;
  while (i < len && isUrlSafe(input.charCodeAt(i))) i++;
  if (i === len) return input;
  const buf = Buffer.allocUnsafe(len * 3);
  const head = buf.write(input.slice(0, i), 'latin1');
  let n = head;
  for (; i < len; i++) {
    const c = input.charCodeAt(i);
    if (isUrlSafe(c)) {
      buf[n++] = c;
    } else if (c === 0x20) {
      buf[n++] = PLUS;
    } else {
      buf[n++] = PERCENT;
      buf[n++] = HEX_DIGITS.charCodeAt(c >> 4);
      buf[n++] = HEX_DIGITS.charCodeAt(c & 0x0f);
    }
  }
  return buf.toString('latin1', 0, n);
}
