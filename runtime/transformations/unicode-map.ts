/**
 * SecUnicodeMapFile: the table t:urlDecodeUni consults for %uHHHH before it falls back to the
 * code point's low byte. Index: the code point; value: the byte it decodes to, or -1.
 */
export type UnicodeMap = Int16Array;

/** Ideographic, half-width and full-width full stops decode to '.', whatever the file says first. */
const FULL_STOPS = [0x3002, 0xff61, 0xff0e, 0x002e];

/**
 * Reads the entries of one code page from a map file in ModSecurity's `unicode.mapping` format,
 * as libmodsecurity v3 reads it: the file is a run of whitespace-separated words; the section
 * starts at a word whose leading decimal number is the code page (`20127` of "20127
 * (US-ASCII)"), its entries are `hhhh:hh` words (code point and byte, in hex), and the first
 * word after them that is not an entry ends it. A code page the file lacks leaves only the
 * full stops; `found` says which happened.
 */
export function parseUnicodeMap(text: string, codePage: number): { map: UnicodeMap; found: boolean; entries: number } {
  const map = new Int16Array(65536).fill(-1);
  for (const c of FULL_STOPS) map[c] = 0x2e;
  let found = false;
  let inSection = false;
  let entries = 0;
  for (const word of text.split(/[ \t\r\n]+/)) {
    if (word === '') continue;
    if (leadingInt(word) === codePage) found = true;
    const colon = word.indexOf(':');
    if (found && colon >= 0) {
      inSection = true;
      const code = parseInt(word.slice(0, colon), 16);
      const byte = parseInt(word.slice(colon + 1), 16);
      if (code >= 0 && code <= 0xffff && byte >= 0) {
        map[code] = byte & 0xff;
        entries++;
      }
    } else if (inSection && colon < 0) break;
  }
  return { map, found, entries };
}

/** C's atol: an optional sign and the decimal digits that lead the word (0 without any). */
function leadingInt(word: string): number {
  const m = /^[+-]?\d+/.exec(word);
  return m ? Number(m[0]) : 0;
}
