// t:escapeSeqDecode, following libmodsecurity v3's escape_seq_decode.cc
// (ansi_c_sequences_decode_inplace).
import { hexPair, isHex } from './bytes.ts';
import { readOctal, simpleEscape } from './js-decode.ts';

/**
 * Decodes ANSI C escapes: \a \b \f \n \r \t \v \\ \? \' \", \xHH (either
 * case of x) and \O, \OO, \OOO. As in v3, an octal value above 0377 keeps its
 * low byte, and an unrecognised or incomplete escape drops the backslash and
 * keeps the next character ("\x4" becomes "x4"). A trailing backslash stays.
 */
export function escapeSeqDecode(input: string): string {
  let i = input.indexOf('\\');
  if (i < 0) return input;
  const len = input.length;
  let out = '';
  let start = 0;
  while (i >= 0) {
    if (i + 1 >= len) break;
    const n = input.charCodeAt(i + 1);
    let byte = simpleEscape(n);
    let next = i + 2;
    if (byte < 0) {
      if (n === 0x5c || n === 0x3f || n === 0x27 || n === 0x22) {
        byte = n;
      } else if (n === 0x78 || n === 0x58) {
        if (i + 3 < len && isHex(input.charCodeAt(i + 2)) && isHex(input.charCodeAt(i + 3))) {
          byte = hexPair(input.charCodeAt(i + 2), input.charCodeAt(i + 3));
          next = i + 4;
        }
      } else {
        const [v, digits] = readOctal(input, i + 1, false);
        if (digits > 0) {
          byte = v & 0xff;
          next = i + 1 + digits;
        }
      }
    }
    if (byte < 0) byte = n;
    out += input.slice(start, i) + String.fromCharCode(byte);
    start = next;
    i = input.indexOf('\\', next);
  }
  if (start === 0) return input;
  return out + input.slice(start);
}
