// t:parityEven7bit, t:parityOdd7bit, t:parityZero7bit (libmodsecurity v3
// parity_*_7bit.cc). Like v3 (and v2), the parity is computed over all eight
// bits of the byte, high bit included, and then the high bit is set or
// cleared from that result; that is not textbook 7-bit parity for bytes
// >= 0x80, but it is what the engine does.
import { scratchBuffer } from './bytes.ts';

/** Bit i of 0x6996 is the parity of the nibble i. */
function oddParity(b: number): boolean {
  return ((0x6996 >> ((b ^ (b >> 4)) & 0x0f)) & 1) === 1;
}

function mapBytes(input: string, f: (b: number) => number): string {
  const len = input.length;
  let i = 0;
  while (i < len && f(input.charCodeAt(i)) === input.charCodeAt(i)) i++;
  if (i === len) return input;
  const buf = scratchBuffer(len);
  for (let k = 0; k < len; k++) buf[k] = f(input.charCodeAt(k));
  return buf.toString('latin1', 0, len);
}

function even(b: number): number {
  return oddParity(b) ? b | 0x80 : b & 0x7f;
}

function odd(b: number): number {
  return oddParity(b) ? b & 0x7f : b | 0x80;
}

function zero(b: number): number {
  return b & 0x7f;
}

export function parityEven7bit(input: string): string {
  return mapBytes(input, even);
}

export function parityOdd7bit(input: string): string {
  return mapBytes(input, odd);
}

export function parityZero7bit(input: string): string {
  return mapBytes(input, zero);
}
