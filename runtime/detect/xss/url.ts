/**
 * libinjection's test for a script-capable URL in an attribute value: the scheme is compared
 * after HTML character references are decoded and with the leniency browsers show for junk
 * before and inside it (`&#9;java&#x0A;script:` and ` \x01javascript:` both count).
 */

// Length of the reference decoded by the last decodeCharAt call (module scratch, so that the
// hot path returns a plain number instead of allocating a pair).
let decodedLen = 1;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * The character at `i` with a numeric reference (`&#65;`, `&#x41`, `;` optional) decoded, as
 * libinjection's html_decode_char_at: named references are not decoded (`&` is returned), and
 * a reference whose value passes 0x1000FF is left as a plain `&`. Sets decodedLen.
 */
function decodeCharAt(s: string, i: number, end: number): number {
  decodedLen = 1;
  const c0 = s.charCodeAt(i);
  if (c0 !== 0x26 || end - i < 2) return c0;
  if (s.charCodeAt(i + 1) !== 0x23) return 0x26;
  const c2 = i + 2 < end ? s.charCodeAt(i + 2) : -1;
  const hex = c2 === 0x78 || c2 === 0x58;
  let p = hex ? i + 3 : i + 2;
  let val = p < end ? (hex ? hexValue(s.charCodeAt(p)) : s.charCodeAt(p) - 0x30) : -1;
  if (val < 0 || (!hex && val > 9)) return 0x26;
  for (p += 1; p < end; p++) {
    const c = s.charCodeAt(p);
    if (c === 0x3b) {
      decodedLen = p + 1 - i;
      return val;
    }
    const d = hex ? hexValue(c) : c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
    if (d < 0) break;
    val = val * (hex ? 16 : 10) + d;
    if (val > 0x1000ff) return 0x26;
  }
  decodedLen = p - i;
  return val;
}

/**
 * Whether the decoded text of `s[i, end)` starts with the upper-case `prefix`, as libinjection's
 * htmlencode_startswith: leading decoded bytes <= 0x20 are skipped, NUL and LF anywhere are
 * skipped, ASCII is compared case-insensitively, and a decoded value above 0xFF is compared by
 * its low byte (the C code casts it to char).
 */
function decodedStartsWith(prefix: string, s: string, i: number, end: number): boolean {
  let k = 0;
  let leading = true;
  while (i < end) {
    if (k === prefix.length) return true;
    let c = decodeCharAt(s, i, end);
    i += decodedLen;
    if (leading && c <= 0x20) continue;
    leading = false;
    if (c === 0x00 || c === 0x0a) continue;
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    if (prefix.charCodeAt(k) !== (c & 0xff)) return false;
    k++;
  }
  return k === prefix.length;
}

/**
 * A URL value libinjection flags: `data`, `view-source`, `java` (javascript, and java: in old
 * Netscape) or `vbscript` at its start, after skipping raw bytes <= 0x20 or >= 0x7F (Opera
 * skips UTF-8 whitespace; EUC-JP decoders drop some high bytes). No colon is required, so
 * `href=database` is flagged too, as libinjection does.
 */
export function isBlackUrl(s: string, start: number, len: number): boolean {
  const end = start + len;
  let i = start;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) break;
    i++;
  }
  return (
    decodedStartsWith('DATA', s, i, end) ||
    decodedStartsWith('VIEW-SOURCE', s, i, end) ||
    decodedStartsWith('JAVA', s, i, end) ||
    decodedStartsWith('VBSCRIPT', s, i, end)
  );
}
