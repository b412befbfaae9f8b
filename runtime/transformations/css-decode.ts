// t:cssDecode, following libmodsecurity v3's css_decode.cc (CSS 2.1 escapes,
// https://www.w3.org/TR/CSS2/syndata.html#characters).
import { hexPair, hexValue, isCSpace, isF, isHex } from './bytes.ts';

/**
 * Decodes "\" followed by 1–6 hex digits into one byte, keeping only the last
 * two digits (the last one when there is a single digit). Full-width ASCII
 * (U+FF01..U+FF5E, written with 4 digits, or 5–6 with leading zeros) is folded
 * to ASCII. One whitespace byte after a hex escape is swallowed. "\" before a
 * newline is a line continuation (both dropped); "\" before anything else
 * yields that character; a trailing "\" is dropped.
 */
export function cssDecode(input: string): string {
  return untilNul(decode(input));
}

/**
 * libmodsecurity 3.0.9 hands the decoded buffer on as a C string: the value ends at its first
 * NUL, whether the request sent one or an escape (`\0`, `\00`) made it. CRS's XSS rules chain
 * t:jsDecode before t:cssDecode, so `<\x00script>` reaches their regexes as `<`.
 */
function untilNul(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

function decode(input: string): string {
  let i = input.indexOf('\\');
  if (i < 0) return input;
  const len = input.length;
  let out = input.slice(0, i);
  while (i < len) {
    const c = input.charCodeAt(i);
    if (c !== 0x5c) {
      const nextSlash = input.indexOf('\\', i);
      const stop = nextSlash < 0 ? len : nextSlash;
      out += input.slice(i, stop);
      i = stop;
      continue;
    }
    i++; // the backslash itself never survives
    if (i >= len) break;
    let j = 0;
    while (j < 6 && i + j < len && isHex(input.charCodeAt(i + j))) j++;
    if (j > 0) {
      out += String.fromCharCode(cssHexByte(input, i, j));
      if (i + j < len && isCSpace(input.charCodeAt(i + j))) j++;
      i += j;
    } else if (input.charCodeAt(i) === 0x0a) {
      i++;
    } else {
      out += input[i];
      i++;
    }
  }
  return out;
}

function cssHexByte(input: string, at: number, digits: number): number {
  if (digits === 1) return hexValue(input.charCodeAt(at));
  const last = at + digits;
  const low = hexPair(input.charCodeAt(last - 2), input.charCodeAt(last - 1));
  // v3 only checks for full-width ASCII when the value fits in 16 bits:
  // exactly 4 digits, or 5/6 digits with leading zeros.
  const fullCheck =
    digits === 4 ||
    (digits === 5 && input.charCodeAt(at) === 0x30) ||
    (digits === 6 && input.charCodeAt(at) === 0x30 && input.charCodeAt(at + 1) === 0x30);
  if (
    fullCheck &&
    low > 0x00 &&
    low < 0x5f &&
    isF(input.charCodeAt(last - 3)) &&
    isF(input.charCodeAt(last - 4))
  ) {
    return low + 0x20;
  }
  return low;
}
