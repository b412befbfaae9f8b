// t:hexDecode, t:hexEncode and t:sqlHexDecode (libmodsecurity v3
// hex_decode.cc, hex_encode.cc, sql_hex_decode.cc).
import { hexPair, isHex, scratchBuffer } from './bytes.ts';

/**
 * t:hexDecode: every pair of bytes becomes one byte. v3 does not validate the
 * digits (x2c on whatever is there, modulo 256) and drops an odd last byte;
 * both are reproduced so garbage input decodes to the same garbage.
 */
export function hexDecode(input: string): string {
  const len = input.length;
  if (len === 0) return input;
  const n = len >> 1;
  const buf = scratchBuffer(n);
  for (let k = 0; k < n; k++) {
    buf[k] = hexPair(input.charCodeAt(2 * k), input.charCodeAt(2 * k + 1));
  }
  return buf.toString('latin1', 0, n);
}

/** t:hexEncode: two lowercase hex digits per byte. */
export function hexEncode(input: string): string {
  // Through the shared buffer: Buffer.from would allocate a Buffer per call.
  const len = input.length;
  const buf = scratchBuffer(len);
  buf.write(input, 0, len, 'latin1');
  return buf.toString('hex', 0, len);
}

/**
 * t:sqlHexDecode: each 0xHH... literal (x in either case, at least one full
 * pair) becomes its bytes, pair by pair while pairs stay valid; an odd last
 * digit is kept as text. Everything else is copied, as v3 does since its
 * rewrite (older builds truncated the last byte of every value).
 */
export function sqlHexDecode(input: string): string {
  const out = decodeSqlHex(input);
  // libmodsecurity 3.0.9 returns the decoded buffer as a C string: it ends at its first NUL.
  const nul = out.indexOf('\0');
  return nul < 0 ? out : out.slice(0, nul);
}

function decodeSqlHex(input: string): string {
  const len = input.length;
  let i = input.indexOf('0');
  if (i < 0) return input;
  let out = '';
  let start = 0;
  while (i >= 0 && i + 3 < len) {
    const x = input.charCodeAt(i + 1);
    if ((x === 0x78 || x === 0x58) && isHex(input.charCodeAt(i + 2)) && isHex(input.charCodeAt(i + 3))) {
      out += input.slice(start, i);
      let p = i + 2;
      do {
        out += String.fromCharCode(hexPair(input.charCodeAt(p), input.charCodeAt(p + 1)));
        p += 2;
      } while (p + 1 < len && isHex(input.charCodeAt(p)) && isHex(input.charCodeAt(p + 1)));
      start = p;
      i = input.indexOf('0', p);
    } else {
      i = input.indexOf('0', i + 1);
    }
  }
  if (start === 0) return input;
  return out + input.slice(start);
}
