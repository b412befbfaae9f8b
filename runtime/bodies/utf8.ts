/**
 * Conversions between byte strings (one char code per byte) and Unicode code points, for the
 * processors whose syntax carries text (JSON \u escapes, XML documents).
 */

/** The UTF-8 bytes of one code point, as a byte string. */
export function codePointToBytes(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) {
    return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return String.fromCharCode(
    0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f),
  );
}

/** A JS (UTF-16) string encoded as a UTF-8 byte string. Pure ASCII is returned as is. */
export function textToBytes(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) return Buffer.from(text, 'utf8').toString('latin1');
  }
  return text;
}

/** A byte string decoded as UTF-8 (invalid sequences become U+FFFD). */
export function bytesToText(bytes: string): string {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes.charCodeAt(i) >= 0x80) return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return bytes;
}

/**
 * Length of the UTF-8 sequence starting at `i` (1-4), or 0 when it is malformed. Checks only
 * the lead/continuation structure, as yajl's string validation does (no overlong check).
 */
export function utf8SequenceLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  let n: number;
  if (c < 0x80) return 1;
  if (c >> 5 === 0x6) n = 2;
  else if (c >> 4 === 0xe) n = 3;
  else if (c >> 3 === 0x1e) n = 4;
  else return 0;
  if (i + n > s.length) return 0;
  for (let k = 1; k < n; k++) if (s.charCodeAt(i + k) >> 6 !== 0x2) return 0;
  return n;
}
