// t:htmlEntityDecode, following libmodsecurity v3's html_entity_decode.cc.
import { hexValue, isAlnum, isDigit, isHex } from './bytes.ts';

const HASH = 0x23;
const SEMI = 0x3b;

/**
 * The named entities v3 decodes, compared case-insensitively against the
 * whole alphanumeric run after '&' (so "&ltest;" is not "&lt;" + "est;").
 * Later v3 builds (after GHSA-cxqf-vgrr-xxrv) extend this table with ASCII
 * punctuation names (&colon; &sol; &lpar; ...); extending it here is a data
 * change only.
 */
const NAMED_ENTITIES: ReadonlyMap<string, number> = new Map([
  ['quot', 0x22],
  ['amp', 0x26],
  ['lt', 0x3c],
  ['gt', 0x3e],
  ['nbsp', 0xa0],
]);

/** Longest name in NAMED_ENTITIES; longer runs can never match. */
const MAX_NAME = 4;

// strtol() saturates at LONG_MAX (2^63 - 1) and v3 keeps the low byte of the
// result, so an overflowing number decodes to 0xFF rather than wrapping.
const LONG_MAX_DEC = '9223372036854775807';

function hexEntityByte(input: string, from: number, to: number): number {
  let k = from;
  while (k < to && input.charCodeAt(k) === 0x30) k++;
  const sig = to - k;
  if (sig > 16 || (sig === 16 && hexValue(input.charCodeAt(k)) >= 8)) return 0xff;
  if (sig === 0) return 0;
  if (sig === 1) return hexValue(input.charCodeAt(to - 1));
  return (hexValue(input.charCodeAt(to - 2)) << 4) | hexValue(input.charCodeAt(to - 1));
}

function decEntityByte(input: string, from: number, to: number): number {
  let k = from;
  while (k < to && input.charCodeAt(k) === 0x30) k++;
  const sig = to - k;
  if (sig > 19 || (sig === 19 && input.slice(k, to) > LONG_MAX_DEC)) return 0xff;
  let v = 0;
  for (; k < to; k++) v = (v * 10 + (input.charCodeAt(k) - 0x30)) & 0xff;
  return v;
}

function namedEntityByte(input: string, from: number, to: number): number {
  if (to - from > MAX_NAME) return -1;
  let name = '';
  for (let k = from; k < to; k++) name += String.fromCharCode(input.charCodeAt(k) | 0x20);
  return NAMED_ENTITIES.get(name) ?? -1;
}

/**
 * Decodes &#DDD; &#xHH; and the named entities above, with or without the
 * trailing ';' (v3 skips it when present). A numeric entity keeps the low
 * byte of its value. Anything that is not a complete entity is copied as is.
 */
export function htmlEntityDecode(input: string): string {
  const len = input.length;
  let i = input.indexOf('&');
  if (i < 0) return input;
  let out = '';
  let start = 0;
  for (; i >= 0 && i < len; i = input.indexOf('&', i)) {
    if (i + 1 >= len) break;
    let j = i + 1;
    let byte = -1;
    if (input.charCodeAt(j) === HASH) {
      j++;
      if (j >= len) break;
      const x = input.charCodeAt(j);
      if (x === 0x78 || x === 0x58) {
        j++;
        const k = j;
        while (j < len && isHex(input.charCodeAt(j))) j++;
        if (j > k) byte = hexEntityByte(input, k, j);
      } else {
        const k = j;
        while (j < len && isDigit(input.charCodeAt(j))) j++;
        if (j > k) byte = decEntityByte(input, k, j);
      }
    } else {
      const k = j;
      while (j < len && isAlnum(input.charCodeAt(j))) j++;
      if (j > k) byte = namedEntityByte(input, k, j);
    }
    if (byte < 0) {
      // Not an entity: the '&' stays and scanning resumes right after it,
      // which yields the same output as v3 copying the whole examined run.
      i++;
      continue;
    }
    out += input.slice(start, i) + String.fromCharCode(byte);
    i = j < len && input.charCodeAt(j) === SEMI ? j + 1 : j;
    start = i;
  }
  if (start === 0) return input;
  return out + input.slice(start);
}
