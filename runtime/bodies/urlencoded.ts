/**
 * application/x-www-form-urlencoded bodies and query strings, parsed as libmodsecurity v3's
 * Transaction::extractArguments does:
 * - split on the separator (SecArgumentSeparator, '&' by default) like std::getline: an empty
 *   input yields nothing, a trailing separator adds nothing, but an empty pair in the middle or
 *   at the start ("a&&b", "&a") yields an argument with an empty name and value;
 * - name and value split on the first '=' (no '=' means an empty value);
 * - both decoded by urldecode_nonstrict: '+' becomes a space, %HH becomes the byte, and a '%'
 *   not followed by two hex digits is kept literally and sets URLENCODED_ERROR.
 */
import type { Arg, UrlencodedResult } from './types.ts';

const PERCENT = 0x25;
const PLUS = 0x2b;
const EQUALS = 0x3d;

/** Value of an ASCII hex digit, or -1. */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/** Decoded text of `s[start, end)` plus whether an invalid escape was seen. */
interface Decoded {
  text: string;
  invalid: boolean;
}

function decodeRange(s: string, start: number, end: number): Decoded {
  let i = start;
  // Fast path: most names and values need no decoding at all.
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === PERCENT || c === PLUS) break;
    i++;
  }
  if (i === end) return { text: s.slice(start, end), invalid: false };

  let out = s.slice(start, i);
  let invalid = false;
  let runStart = i;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === PLUS) {
      out += s.slice(runStart, i) + ' ';
      i++;
      runStart = i;
    } else if (c === PERCENT) {
      const hi = i + 2 < end ? hexValue(s.charCodeAt(i + 1)) : -1;
      const lo = hi >= 0 ? hexValue(s.charCodeAt(i + 2)) : -1;
      if (lo >= 0) {
        out += s.slice(runStart, i) + String.fromCharCode((hi << 4) | lo);
        i += 3;
        runStart = i;
      } else {
        // Kept literally (it stays in the current run), as urldecode_nonstrict does.
        invalid = true;
        i++;
      }
    } else {
      i++;
    }
  }
  out += s.slice(runStart, end);
  return { text: out, invalid };
}

/**
 * Parses a urlencoded byte string into arguments in order. `separator` is the first character
 * of SecArgumentSeparator. Never throws.
 */
export function parseUrlencoded(body: string, separator = '&'): UrlencodedResult {
  const args: Arg[] = [];
  let invalidEncoding = false;
  const sep = separator.length > 0 ? separator[0] : '&';
  const len = body.length;
  let start = 0;
  while (start < len) {
    let end = body.indexOf(sep, start);
    if (end === -1) end = len;
    let eq = start;
    while (eq < end && body.charCodeAt(eq) !== EQUALS) eq++;
    const name = decodeRange(body, start, eq);
    const value = eq < end ? decodeRange(body, eq + 1, end) : { text: '', invalid: false };
    if (name.invalid || value.invalid) invalidEncoding = true;
    args.push([name.text, value.text]);
    start = end + 1;
  }
  return { args, invalidEncoding };
}

/** Decodes one urlencoded component (exported for callers that decode single values). */
export function urlDecodeNonStrict(s: string): Decoded {
  return decodeRange(s, 0, s.length);
}
