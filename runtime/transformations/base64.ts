// Base64 transformations. libmodsecurity v3 decodes t:base64Decode with
// mbedtls_base64_decode (strict) and t:base64DecodeExt with its own
// "forgiving" engine (Utils::Base64::decode_forgiven_engine); both are
// reproduced here, quirks included.
import { scratchBuffer } from './bytes.ts';

const INVALID = -1;
const PAD = 64;

/** mbedtls' alphabet: A-Z a-z 0-9 + / and '=' (PAD). */
const STRICT = new Int8Array(256).fill(INVALID);
/** Forgiving alphabet: also accepts the URL-safe '-' and '_'. */
const FORGIVING = new Int8Array(256).fill(INVALID);
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let k = 0; k < 64; k++) {
  STRICT[ALPHABET.charCodeAt(k)] = k;
  FORGIVING[ALPHABET.charCodeAt(k)] = k;
}
STRICT[0x3d] = PAD;
FORGIVING[0x2d] = 62; // '-'
FORGIVING[0x5f] = 63; // '_'

/**
 * t:base64Decode. v3 hands the value (up to its first NUL byte: it uses
 * strlen) to mbedtls, which rejects the whole input on any character outside
 * the alphabet, on a space inside a line, on a third '=' or on data after
 * '='; a rejected value decodes to the empty string. Line breaks ("\n",
 * "\r\n") and spaces before a line break or at the end are skipped. Only
 * complete 4-character groups produce output.
 *
 * Deviation from the lead's brief ("stops at the first invalid char"): that
 * is ModSecurity v2's behaviour; v3 is strict as described above.
 */
export function base64Decode(input: string): string {
  const nul = input.indexOf('\0');
  const slen = nul < 0 ? input.length : nul;
  // One pass validates and decodes: a rejected value discards what was
  // written, and a valid one is not read twice. The validation skips exactly
  // the bytes the decoder must skip, so the symbols decoded are the same.
  const buf = scratchBuffer(((slen * 6) >> 3) + 1);
  let o = 0;
  let acc = 0;
  let digits = 0;
  let equals = 0;
  for (let i = 0; i < slen; i++) {
    const c = input.charCodeAt(i);
    const v = c < 256 ? STRICT[c]! : INVALID;
    if (v === INVALID) {
      if (c === 0x0a) continue;
      if (c === 0x0d && i + 1 < slen && input.charCodeAt(i + 1) === 0x0a) continue;
      if (c !== 0x20) return '';
      // Spaces are allowed only before a line break or at the end.
      let j = i + 1;
      while (j < slen && input.charCodeAt(j) === 0x20) j++;
      if (j === slen) break;
      const d = input.charCodeAt(j);
      if (d !== 0x0a && !(d === 0x0d && j + 1 < slen && input.charCodeAt(j + 1) === 0x0a)) return '';
      i = j;
      continue;
    }
    if (v === PAD) {
      if (++equals > 2) return '';
    } else if (equals !== 0) {
      return '';
    }
    acc = ((acc << 6) | (v & 0x3f)) & 0xffffff;
    if (++digits === 4) {
      // Padding only ever ends the value, so `equals` counts this group's.
      digits = 0;
      buf[o++] = acc >> 16;
      if (equals <= 1) buf[o++] = (acc >> 8) & 0xff;
      if (equals === 0) buf[o++] = acc & 0xff;
    }
  }
  return o === 0 ? '' : buf.toString('latin1', 0, o);
}

/**
 * t:base64DecodeExt, as v3's forgiving decoder: every byte outside the
 * alphabet (which here includes '-' and '_') is skipped, '=' is skipped, and
 * trailing bits that do not fill a byte are dropped. Two v3 quirks are kept:
 * the result is empty when a '=' not followed by another '=' arrives after
 * 4k+1 symbols, or when the value ends after 4k+1 symbols with a last byte of
 * '=' or '9' (v3 compares the already-decoded symbol value 61 with '=').
 */
export function base64DecodeExt(input: string): string {
  const len = input.length;
  const buf = scratchBuffer(((len * 6) >> 3) + 1);
  let o = 0;
  let symbols = 0;
  let pending = 0;
  let last = -1; // last examined value, as v3's `ch`
  for (let i = 0; i < len; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x3d) {
      last = c;
      const next = i + 1 < len ? input.charCodeAt(i + 1) : 0;
      if (next !== 0x3d && symbols % 4 === 1) return '';
      continue;
    }
    const v = c < 256 ? FORGIVING[c]! : INVALID;
    last = v;
    if (v < 0) continue;
    switch (symbols % 4) {
      case 0:
        pending = (v << 2) & 0xff;
        break;
      case 1:
        buf[o++] = pending | (v >> 4);
        pending = (v & 0x0f) << 4;
        break;
      case 2:
        buf[o++] = pending | (v >> 2);
        pending = (v & 0x03) << 6;
        break;
      default:
        buf[o++] = pending | v;
    }
    symbols++;
  }
  if (last === 0x3d && symbols % 4 === 1) return '';
  return buf.toString('latin1', 0, o);
}

/** t:base64Encode: standard alphabet with '=' padding (mbedtls_base64_encode). */
export function base64Encode(input: string): string {
  return Buffer.from(input, 'latin1').toString('base64');
}
