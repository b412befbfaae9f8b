// Whitespace transformations. "Whitespace" is C isspace() in the "C" locale
// (space, \t, \n, \v, \f, \r) unless stated otherwise, as in libmodsecurity v3.
import { isCSpace, scratchBuffer } from './bytes.ts';

/** Bytes t:removeWhitespace drops: 1 at isspace(), 0xA0 and 0xC2. */
const REMOVED = new Uint8Array(256);
for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0xc2]) REMOVED[c] = 1;

/**
 * Below this length the removed bytes are cut out with slices: writing into
 * the shared buffer and decoding it back costs two native calls, more than a
 * few slices of a short value.
 */
const SHORT = 64;

/**
 * t:removeWhitespace. v3 (remove_whitespace.cc) also drops the bytes 0xA0
 * (Latin-1 NBSP) and 0xC2 (lead byte of UTF-8 NBSP C2 A0) wherever they
 * appear, so any UTF-8 sequence starting with C2 loses its lead byte too.
 */
export function removeWhitespace(input: string): string {
  const len = input.length;
  let i = 0;
  while (i < len && REMOVED[input.charCodeAt(i) & 0xff] === 0) i++;
  if (i === len) return input;
  if (len < SHORT) {
    let out = input.slice(0, i);
    let start = i + 1;
    for (i++; i < len; i++) {
      if (REMOVED[input.charCodeAt(i) & 0xff] === 1) {
        if (start < i) out += input.slice(start, i);
        start = i + 1;
      }
    }
    return start < len ? out + input.slice(start) : out;
  }
  // Text has a space every few bytes, so slicing would build a long rope;
  // a branch-free copy that advances the write head past kept bytes only is
  // about three times faster on a form field.
  const buf = scratchBuffer(len);
  buf.write(input, 0, i, 'latin1');
  let n = i;
  for (i++; i < len; i++) {
    const c = input.charCodeAt(i);
    buf[n] = c;
    n += 1 - REMOVED[c & 0xff]!;
  }
  return buf.toString('latin1', 0, n);
}

// Anything t:compressWhitespace changes: a control whitespace byte, or a
// space followed by any whitespace. A regex test runs this scan in native
// code, three times faster per byte than a charCodeAt loop (and than six
// indexOf calls, as "  " is a two-byte pattern on text full of spaces).
const COMPRESSIBLE = /[\t-\r]| [\t-\r ]/;

/**
 * t:compressWhitespace: every run of isspace() bytes becomes one space.
 * Unlike ModSecurity v2, v3 does not treat 0xA0 as whitespace here.
 */
export function compressWhitespace(input: string): string {
  // No match allocates nothing; a match gives where the first run starts.
  const first = COMPRESSIBLE.exec(input);
  if (first === null) return input;
  const len = input.length;
  let i = first.index;
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
