// t:cmdLine, following libmodsecurity v3's cmd_line.cc (the manual's
// description of the Windows/Unix command-line normalisation).
import { scratchBuffer } from './bytes.ts';

// What each byte does, looked up once per byte: cheaper than a switch over
// twelve cases, most of which every letter has to be compared against.
const COPY = 0;
const DROP = 1;
const SPACE = 2;
const EATS_SPACE = 3;
const UPPER = 4;
const CLASS = new Uint8Array(256);
for (const c of '"\'\\^') CLASS[c.charCodeAt(0)] = DROP;
for (const c of ' ,;\t\r\n') CLASS[c.charCodeAt(0)] = SPACE;
for (const c of '/(') CLASS[c.charCodeAt(0)] = EATS_SPACE;
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = UPPER;

/**
 * Deletes \ " ' ^; turns each run of space, tab, CR, LF, ',' and ';' into one
 * space; deletes that space when it directly precedes '/' or '('; lowercases
 * ASCII letters (C tolower, so bytes >= 0x80 are unchanged).
 */
export function cmdLine(input: string): string {
  const len = input.length;
  // The output is never longer than the input. Whether anything changed is
  // tracked while writing, so an unchanged value (the common case) is
  // returned as is without a compare pass or a string conversion.
  const buf = scratchBuffer(len);
  let n = 0;
  let space = false;
  let replaced = false;
  for (let i = 0; i < len; i++) {
    const c = input.charCodeAt(i);
    const k = c < 0x100 ? CLASS[c]! : COPY;
    if (k === COPY) {
      buf[n++] = c;
      space = false;
    } else if (k === SPACE) {
      if (!space) {
        buf[n++] = 0x20;
        space = true;
        if (c !== 0x20) replaced = true;
      }
    } else if (k === UPPER) {
      buf[n++] = c + 0x20;
      replaced = true;
      space = false;
    } else if (k === EATS_SPACE) {
      if (space) n--;
      space = false;
      buf[n++] = c;
    }
    // DROP: nothing written.
  }
  // With nothing dropped (n === len) every output byte sits at its input
  // position, so only a replaced byte can make the two differ.
  if (n === len && !replaced) return input;
  return buf.toString('latin1', 0, n);
}
