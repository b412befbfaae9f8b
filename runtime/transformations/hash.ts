// t:md5, t:sha1 and t:length. The digests are the raw 16/20 bytes as a byte
// string, as in libmodsecurity v3 (rules usually chain t:hexEncode after).
import { createHash } from 'node:crypto';

export function md5(input: string): string {
  return createHash('md5').update(input, 'latin1').digest().toString('latin1');
}

export function sha1(input: string): string {
  return createHash('sha1').update(input, 'latin1').digest().toString('latin1');
}

/** t:length: the byte count in decimal. */
export function length(input: string): string {
  return String(input.length);
}
