/**
 * A lossless pre-check: a value that can only tokenize into bare words, numbers, variables,
 * operators and plain punctuation, none of whose words is a keyword or starts a keyword
 * phrase, is certainly not SQLi for a table that holds no fingerprint of those token types
 * alone that the value could fold to (FingerprintTable.plainShapes: ModSecurity's table has one,
 * `1ov`, which needs a digit and an `@`). Most benign values end here after one pass.
 *
 * Safety argument, byte by byte (charclass.ts, tokenizer.ts):
 *  - No `'` `"` `` ` `` `$`: no string token (`x'…'`, `n'…'`, `q'…'`, `e'…'`, `u&'…'`, `$$…$$`
 *    all need one), no backtick name, and only the as-is context runs (the quote contexts
 *    need a quote; the MySQL re-run needs `#` or `--`).
 *  - No `#`, `--`, `/*`: no comment, so no `c` and no EVIL `/*!`. No `{` `}` `[` `\` `;` `(` `)`:
 *    no braces (EVIL `{``}`), bracket names, backslash numbers, semicolons or parentheses, so
 *    no CALLABLE_WORDS call and no `IN (`. No `&&` `||`: `&` and `|` alone are operators.
 *  - Every word token is checked with lookupWord and startsPhrase. A word starts where a run
 *    of word bytes starts, except after a number, which may take letters (`0xabc`, `1e`, `1.ed`)
 *    before the word, and a word runs through digits and dots (`DBMS_LOCK.SLEEP` is an entry)
 *    unless a keyword prefix before a `.` splits it (`SELECT.1`): so in a run of letters,
 *    digits and dots that is not letters alone, every letter-led stretch ending at the run's
 *    end or before a `.` is checked (anyWordIn).
 *  - Then the folder only sees n, 1, v, o, `.`, `,`, `:` and `?`; no rule makes another type
 *    from those alone, and the short-fingerprint checks cannot accept what the table does not hold.
 *
 * Quote contexts. In the single (double) quote context the input is read as if after an
 * opening quote: the first token is a string up to the first `'` (`"`) that is neither
 * backslash-escaped nor doubled, or to the end. When the rest after the first such quote byte
 * is plain by the rules above, it holds no second quote, so the string ends at that byte or
 * runs to the end, and the fingerprint is `s` followed by plain types only (the tokenizer
 * reads the rest as in the as-is context: the quote flags only shape the implied string, and
 * without `#` or `--` the MySQL re-run does not happen). FingerprintTable.quotedPlainShapes
 * reports whether the table holds such a shape the rest could give (`so1n,` needs a digit).
 * Compared with the unfiltered detector in property.test.ts and corpora.test.ts.
 */
import { isWordOrHead, KEYWORD_MAX_LEN, maybeWordy } from './keywords.ts';
import { C, CHAR_CLASS } from './charclass.ts';

const BAD = 0;
const WORD = 1;
const DIGIT = 2;
const SEP = 3;
/** Separators not allowed in some pairs: `-` (`--`), `/` (`/*`), `&` (`&&`), `|` (`||`). */
const DASH = 4;
const SLASH = 5;
const AMP = 6;
const BAR = 7;
const DOT = 8;

const KIND: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) {
    if (CHAR_CLASS[c] === C.WHITE) t[c] = SEP;
    else if (c >= 0x30 && c <= 0x39) t[c] = DIGIT;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80) t[c] = WORD;
  }
  for (const ch of ',:?]@!*<=>%+^~') t[ch.charCodeAt(0)] = SEP;
  t[0x2d] = DASH;
  t[0x2f] = SLASH;
  t[0x26] = AMP;
  t[0x7c] = BAR;
  t[0x2e] = DOT;
  return t;
})();

/** plainKinds' bits: the value holds a digit, so its fingerprint may hold a number (`1`). */
export const MAY_NUMBER = 1;
/** plainKinds' bits: the value holds `@`, so its fingerprint may hold a variable (`v`). */
export const MAY_VARIABLE = 2;

/**
 * Whether `s` from `from` on certainly folds to plain token types only (see the safety
 * argument; `from` > 0 reads the rest of a value after the quote that ends a quote context's
 * implied string, detect.ts), and which of the plain types that need a certain byte the
 * fingerprint may hold: -1 when the value is not plain, else MAY_NUMBER and MAY_VARIABLE bits.
 * Words, operators and punctuation may always occur. A number needs a digit (the word check
 * rules out TRUE and the like), a variable `@` (it rules out NULL and the like; `$` is refused).
 */
export function plainKinds(s: string, from = 0): number {
  // The bytes that most often rule the shortcut out, found by native search first (each is
  // also refused below; this only orders the work).
  if (s.indexOf("'", from) >= 0 || s.indexOf('"', from) >= 0 || s.indexOf('(', from) >= 0 ||
      s.indexOf('#', from) >= 0) return -1;
  let kinds = 0;
  const n = s.length;
  // One pass: bytes are checked as read, and each run of word bytes when it ends, so a value
  // that cannot take the shortcut stops at its first quote, comment or parenthesis.
  let prev = SEP;
  let start = -1;
  let simple = true;
  for (let i = from; i <= n; i++) {
    let k = SEP;
    if (i < n) {
      const c = s.charCodeAt(i);
      if (c > 0xff) return -1;
      k = KIND[c];
      if (k === BAD) return -1;
      if (k === prev && (k === DASH || k === AMP || k === BAR)) return -1; // `--` `&&` `||`
      if (prev === SLASH && c === 0x2a) return -1; // `/*`
      if (k === DIGIT) kinds |= MAY_NUMBER;
      else if (c === 0x40) kinds |= MAY_VARIABLE;
    }
    if (k === WORD || k === DIGIT || k === DOT) {
      if (start < 0) {
        start = i;
        simple = k === WORD;
      } else if (k !== WORD) {
        simple = false;
      }
    } else if (start >= 0) {
      if (simple ? isWordy(s, start, i) : anyWordIn(s, start, i)) return -1;
      start = -1;
    }
    prev = k;
  }
  return kinds;
}

/**
 * Every word the tokenizer could read in a run of word bytes, digits and dots: one starting
 * where a token can start (wordStart) and ending at the run's end or before a `.` (a keyword
 * prefix split off, `SELECT.1`); whole dotted names too (`DBMS_LOCK.SLEEP` is one entry).
 */
function anyWordIn(s: string, from: number, to: number): boolean {
  // Whether p follows the digits of a `0x…` / `0b…` literal (wordStart), kept as p moves on
  // rather than found by a scan back from every p: that scan made a 32-byte hex session id
  // cost more than the rest of the pre-check.
  let hexTail = false;
  for (let p = from; p < to; p++) {
    if (p > from) hexTail = hexPrefixAt(s, from, p - 1) || (hexTail && HEXDIG[s.charCodeAt(p - 1)] === 1);
    if (KIND[s.charCodeAt(p)] !== WORD || !(hexTail || wordStart(s, from, p)) || !mayStartWord(s, p, to)) continue;
    const last = to - p > KEYWORD_MAX_LEN ? p + KEYWORD_MAX_LEN : to;
    for (let q = p + 1; q <= last; q++) {
      if ((q === to || s.charCodeAt(q) === 0x2e) && isWordy(s, p, q)) return true;
    }
  }
  return false;
}

/**
 * A lossless gate for one start `p` of anyWordIn: false when no word from `p` to an end
 * (a `.` or `to`) can pass isWordy's first stage. That stage reads the first three bytes,
 * so one test stands for every word of three bytes or more; the one- and two-byte words are
 * tested when they end at an end. Most starts stop here instead of testing each end in turn.
 */
function mayStartWord(s: string, p: number, to: number): boolean {
  if (p + 3 <= to && maybeWordy(s, p, p + 3)) return true;
  if (endsAt(s, p + 1, to) && maybeWordy(s, p, p + 1)) return true;
  return p + 2 <= to && endsAt(s, p + 2, to) && maybeWordy(s, p, p + 2);
}

function endsAt(s: string, q: number, to: number): boolean {
  return q === to || s.charCodeAt(q) === 0x2e;
}

/**
 * Whether a word may start at letter `p` of a run starting at `from`: at the run's start,
 * after a digit or a `.` (a number or a DOT ends there), after the letters a number takes
 * (`1e`, `1d`, `1ed`, `1.5f`: one or two of e/d/f after a digit or `.`), or after the hex or
 * binary digits of `0x…` / `0b…` (scan-numbers.ts; anyWordIn tracks that last case). A
 * superset of where scanNumber stops.
 */
function wordStart(s: string, from: number, p: number): boolean {
  if (p === from || numberByte(s, from, p - 1)) return true;
  return EDF[s.charCodeAt(p - 1)] === 1 &&
    (numberByte(s, from, p - 2) || (p - 2 >= from && EDF[s.charCodeAt(p - 2)] === 1 && numberByte(s, from, p - 3)));
}

/**
 * Whether byte `i` is the `x` / `b` of a `0x` / `0b` inside the run. With the hex digits
 * after it (possibly none: `0bminus` is `0b` then MINUS; `b` is itself a hex digit, so a
 * prefix may also follow hex digits), a word may start after them.
 */
function hexPrefixAt(s: string, from: number, i: number): boolean {
  const x = s.charCodeAt(i) | 0x20;
  return (x === 0x78 || x === 0x62) && i > from && s.charCodeAt(i - 1) === 0x30;
}

/** Whether byte `i` (within the run) is a digit or a `.`: where a number may end. */
function numberByte(s: string, from: number, i: number): boolean {
  if (i < from) return false;
  const c = s.charCodeAt(i);
  return (c >= 0x30 && c <= 0x39) || c === 0x2e;
}

const EDF = new Uint8Array(256);
for (const ch of 'eEdDfF') EDF[ch.charCodeAt(0)] = 1;
const HEXDIG = new Uint8Array(256);
for (const ch of '0123456789abcdefABCDEF') HEXDIG[ch.charCodeAt(0)] = 1;

/** lookupWord(w) !== T.NONE || startsPhrase(w) for w = s.slice(from, to), read in place. */
function isWordy(s: string, from: number, to: number): boolean {
  return isWordOrHead(s, from, to);
}
