// URL transformations: t:urlDecode, t:urlDecodeUni, t:urlEncode.
import { hex4LowByteAt, hexPair, isHex } from './bytes.ts';
import type { Transformation } from './types.ts';
import type { UnicodeMap } from './unicode-map.ts';

const PERCENT = 0x25;
const PLUS = 0x2b;

/** '+' means a space in both decoders; replaceAll is native and skips a copy when there is none. */
function plusToSpace(s: string): string {
  return s.indexOf('+') < 0 ? s : s.replaceAll('+', ' ');
}

// Both decoders turn every '+' into ' ' first, in one native replaceAll, and
// then jump from '%' to '%' with indexOf (a native memchr, far cheaper per
// byte than a charCodeAt loop). That is the byte loop's result: an escape
// consists of '%', 'u'/'U' and hex digits only, so swapping '+' for ' '
// neither makes nor breaks one, and decoded bytes (a '+' from %2B included)
// are never examined again.

/**
 * t:urlDecode, as libmodsecurity's urldecode_nonstrict_inplace: %HH with two
 * valid hex digits becomes one byte, '+' becomes a space, and any other '%'
 * (bad digits, or fewer than two bytes left) is kept verbatim.
 */
export function urlDecode(raw: string): string {
  const input = plusToSpace(raw);
  let i = input.indexOf('%');
  if (i < 0) return input;
  const len = input.length;
  let out = '';
  let start = 0;
  while (i >= 0) {
    if (i + 2 < len) {
      const h = input.charCodeAt(i + 1);
      const l = input.charCodeAt(i + 2);
      if (isHex(h) && isHex(l)) {
        out += input.slice(start, i) + String.fromCharCode(hexPair(h, l));
        start = i + 3;
        i = input.indexOf('%', start);
        continue;
      }
    }
    i = input.indexOf('%', i + 1);
  }
  return start === 0 ? input : out + input.slice(start);
}

/**
 * t:urlDecodeUni: urlDecode plus the IIS %uHHHH form. ModSecurity v3 keeps
 * only the low byte of the code point, except that full-width ASCII
 * (U+FF01..U+FF5E) is folded to ASCII. An invalid or truncated %u copies the
 * two bytes "%u" and decoding resumes after them.
 */
export function urlDecodeUni(raw: string): string {
  return decodeUni(raw, null);
}

/**
 * t:urlDecodeUni for a rule set with SecUnicodeMapFile: a %uHHHH whose code
 * point the map holds becomes the map's byte; any other decodes as above.
 */
export function urlDecodeUniWith(map: UnicodeMap): Transformation {
  return (raw) => decodeUni(raw, map);
}

function decodeUni(raw: string, map: UnicodeMap | null): string {
  const input = plusToSpace(raw);
  let i = input.indexOf('%');
  if (i < 0) return input;
  const len = input.length;
  let out = '';
  let start = 0;
  while (i >= 0) {
    const n = i + 1 < len ? input.charCodeAt(i + 1) : -1;
    let byte = -1;
    let next = i + 1;
    if (n === 0x75 || n === 0x55) {
      byte = hex4LowByteAt(input, i + 2);
      if (byte >= 0 && map !== null) {
        const mapped = map[parseInt(input.slice(i + 2, i + 6), 16)];
        if (mapped >= 0) byte = mapped;
      }
      next = byte >= 0 ? i + 6 : i + 2;
    } else if (i + 2 < len && isHex(n) && isHex(input.charCodeAt(i + 2))) {
      byte = hexPair(n, input.charCodeAt(i + 2));
      next = i + 3;
    }
    if (byte >= 0) {
      out += input.slice(start, i) + String.fromCharCode(byte);
      start = next;
    }
    i = input.indexOf('%', next);
  }
  return start === 0 ? input : out + input.slice(start);
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
