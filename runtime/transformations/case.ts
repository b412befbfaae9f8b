// t:lowercase / t:uppercase. libmodsecurity maps every byte through C
// tolower/toupper in the "C" locale, so only ASCII letters change; bytes
// >= 0x80 pass through untouched (String.prototype.toLowerCase would turn
// 0xC0 'À' into 0xE0 and break the byte model).
//
// The native toLowerCase/toUpperCase still do most of the work: they change
// every ASCII letter of the right case, so an unchanged result proves there
// is nothing to do, and on an all-ASCII value they agree with C exactly. Only
// values with bytes >= 0x80 that also need changing take the byte loop.
import { isAscii, scratchBuffer } from './bytes.ts';

function shiftRange(input: string, lo: number, hi: number, delta: number): string {
  const len = input.length;
  const buf = scratchBuffer(len);
  buf.write(input, 0, len, 'latin1');
  let changed = false;
  for (let i = 0; i < len; i++) {
    const c = buf[i]!;
    if (c >= lo && c <= hi) {
      buf[i] = c + delta;
      changed = true;
    }
  }
  // Reached also when only non-ASCII letters differ natively ('À', 'ß').
  return changed ? buf.toString('latin1', 0, len) : input;
}

export function lowercase(input: string): string {
  const lower = input.toLowerCase();
  if (lower === input) return input;
  return isAscii(input) ? lower : shiftRange(input, 0x41, 0x5a, 0x20);
}

export function uppercase(input: string): string {
  const upper = input.toUpperCase();
  if (upper === input) return input;
  return isAscii(input) ? upper : shiftRange(input, 0x61, 0x7a, -0x20);
}
