// Byte-level helpers shared by the transformations. All predicates follow the
// C library in the "C" locale, which is what libmodsecurity runs under: only
// ASCII bytes are ever letters, digits or spaces.

/** C `isspace`: space, \t, \n, \v, \f, \r. */
export function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** C `isxdigit` (also ModSecurity's VALID_HEX). */
export function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** ModSecurity's ISODIGIT: '0'..'7'. */
export function isOctal(c: number): boolean {
  return c >= 0x30 && c <= 0x37;
}

/** C `isalnum` in the C locale. */
export function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * ModSecurity's `xsingle2c`: value of one hex digit. Deliberately computed the
 * same unchecked way (unsigned char arithmetic) so that callers which do not
 * validate their digits (hexDecode) produce the same garbage bytes v3 does.
 */
export function hexValue(c: number): number {
  return (c >= 0x41 ? (c & 0xdf) - 0x41 + 10 : c - 0x30) & 0xff;
}

/** ModSecurity's `x2c`: two hex digits to one byte, unchecked, modulo 256. */
export function hexPair(hi: number, lo: number): number {
  return ((hexValue(hi) << 4) + hexValue(lo)) & 0xff;
}

/** Is `c` 'f' or 'F'? Used by the full-width ASCII checks. */
export function isF(c: number): boolean {
  return c === 0x66 || c === 0x46;
}

/**
 * Low byte of a %uHHHH / \uHHHH code given its four hex digits, with the
 * full-width ASCII adjustment ModSecurity applies: U+FF01..U+FF5E map to
 * '!'..'~' (code - 0xFEE0); every other code keeps only its low byte.
 */
export function unicodeLowByte(h1: number, h2: number, h3: number, h4: number): number {
  const low = hexPair(h3, h4);
  if (low > 0x00 && low < 0x5f && isF(h1) && isF(h2)) return low + 0x20;
  return low;
}

/** Latin-1 string from the first `n` bytes of `buf` (native decode, no per-char work). */
export function bytesToString(buf: Uint8Array, n: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset, n).toString('latin1');
}
