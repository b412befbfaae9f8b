/** Byte-string search helpers (memchr2 / memmem equivalents over latin1 strings). */

/** Index of the first `a` immediately followed by `b` in [from, end), or -1. */
export function findPair(s: string, from: number, end: number, a: number, b: number): number {
  for (let i = from; i + 1 < end; i++) {
    if (s.charCodeAt(i) === a && s.charCodeAt(i + 1) === b) return i;
  }
  return -1;
}

/** Index of the first run of bytes in [from, end) equal to `needle`, or -1. */
export function findSub(s: string, from: number, end: number, needle: string): number {
  const i = s.indexOf(needle, from);
  return i >= 0 && i + needle.length <= end ? i : -1;
}

/** Length of the run at `from` (< end) of bytes in `set`. */
export function spanOf(s: string, from: number, end: number, set: Uint8Array): number {
  let i = from;
  while (i < end && set[s.charCodeAt(i)] === 1) i++;
  return i - from;
}

/** Lookup table of the bytes in `chars`. */
export function byteSet(chars: string): Uint8Array {
  const t = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}
