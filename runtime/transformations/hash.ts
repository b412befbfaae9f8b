// t:md5, t:sha1 and t:length. The digests are the raw 16/20 bytes as a byte
// string, as in libmodsecurity v3 (rules usually chain t:hexEncode after).
import { hash } from 'node:crypto';
import { isAscii } from './bytes.ts';

// crypto.hash (Node >= 20.12) is one native call instead of a Hash object and
// three calls, about four times cheaper on short values. It reads a string
// as UTF-8, which is the byte string itself only when every byte is ASCII;
// otherwise the bytes go in as a Buffer. 'binary' is Node's name for latin1.
function digest(algorithm: string, input: string): string {
  return hash(algorithm, isAscii(input) ? input : Buffer.from(input, 'latin1'), 'binary');
}

export function md5(input: string): string {
  return digest('md5', input);
}

export function sha1(input: string): string {
  return digest('sha1', input);
}

/** t:length: the byte count in decimal. */
export function length(input: string): string {
  return String(input.length);
}
