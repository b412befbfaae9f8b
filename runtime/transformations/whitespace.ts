// Whitespace transformations. "Whitespace" is C isspace() in the "C" locale
// (space, \t, \n, \v, \f, \r) unless stated otherwise, as in libmodsecurity v3.
import { isCSpace } from './bytes.ts';

/**
 * t:removeWhitespace. v3 (remove_whitespace.cc) also drops the bytes 0xA0
 * (Latin-1 NBSP) and 0xC2 (lead byte of UTF-8 NBSP C2 A0) wherever they
 * appear, so any UTF-8 sequence starting with C2 loses its lead byte too.
 */
export function removeWhitespace(input: string): string {
  const len = input.length;
  let out = '';
  let start = 0;
  for (let i = 0; i < len; i++) {
    const c = input.charCodeAt(i);
    if (isCSpace(c) || c === 0xa0 || c === 0xc2) {
      if (start < i) out += input.slice(start, i);
      start = i + 1;
    }
  }
  if (start === 0) return input;
  return start < len ? out + input.slice(start) : out;
}

/**
 * t:compressWhitespace: every run of isspace() bytes becomes one space.
 * Unlike ModSecurity v2, v3 does not treat 0xA0 as whitespace here.
 */
export function compressWhitespace(input: string): string {
  const len = input.length;
  let i = 0;
  // Fast path: only a run longer than one, or a single non-space whitespace
  // byte, changes anything.
  for (; i < len; i++) {
    const c = input.charCodeAt(i);
    if (!isCSpace(c)) continue;
    if (c !== 0x20 || (i + 1 < len && isCSpace(input.charCodeAt(i + 1)))) break;
  }
  if (i === len) return input;
  let out = input.slice(0, i);
  while (i < len) {
    if (isCSpace(input.charCodeAt(i))) {
      out += ' ';
      i++;
      while (i < len && isCSpace(input.charCodeAt(i))) i++;
    } else {
      const s = i;
      while (i < len && !isCSpace(input.charCodeAt(i))) i++;
      out += input.slice(s, i);
    }
  }
  return out;
}

/** t:trimLeft: strip leading isspace() bytes. */
export function trimLeft(input: string): string {
  let i = 0;
  while (i < input.length && isCSpace(input.charCodeAt(i))) i++;
  return i === 0 ? input : input.slice(i);
}

/** t:trimRight: strip trailing isspace() bytes. */
export function trimRight(input: string): string {
  let e = input.length;
  while (e > 0 && isCSpace(input.charCodeAt(e - 1))) e--;
  return e === input.length ? input : input.slice(0, e);
}

/** t:trim: both ends. */
export function trim(input: string): string {
  return trimLeft(trimRight(input));
}
