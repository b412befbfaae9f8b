// t:cmdLine, following libmodsecurity v3's cmd_line.cc (the manual's
// description of the Windows/Unix command-line normalisation).
import { bytesToString } from './bytes.ts';

/**
 * Deletes \ " ' ^; turns each run of space, tab, CR, LF, ',' and ';' into one
 * space; deletes that space when it directly precedes '/' or '('; lowercases
 * ASCII letters (C tolower, so bytes >= 0x80 are unchanged).
 */
export function cmdLine(input: string): string {
  const len = input.length;
  // The output is never longer than the input, so one buffer suffices.
  const buf = new Uint8Array(len);
  let n = 0;
  let space = false;
  for (let i = 0; i < len; i++) {
    const c = input.charCodeAt(i);
    switch (c) {
      case 0x22: // "
      case 0x27: // '
      case 0x5c: // \
      case 0x5e: // ^
        break;
      case 0x20:
      case 0x2c: // ,
      case 0x3b: // ;
      case 0x09:
      case 0x0d:
      case 0x0a:
        if (!space) {
          buf[n++] = 0x20;
          space = true;
        }
        break;
      case 0x2f: // /
      case 0x28: // (
        if (space) n--;
        space = false;
        buf[n++] = c;
        break;
      default:
        buf[n++] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
        space = false;
    }
  }
  if (n === len) {
    let same = true;
    for (let k = 0; k < n; k++) {
      if (buf[k] !== input.charCodeAt(k)) {
        same = false;
        break;
      }
    }
    if (same) return input;
  }
  return bytesToString(buf, n);
}
