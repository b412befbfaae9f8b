/**
 * A lossless pre-check: a value that can only tokenize into bare words, numbers, variables,
 * operators and plain punctuation, none of whose words is a keyword or starts a keyword
 * phrase, is certainly not SQLi for a table that holds no fingerprint of those token types
 * alone (FingerprintTable.acceptsPlainShapes; the derived table has none by construction, its
 * proseShape filter drops such shapes). Most benign values end here after one pass.
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
 *    before the word: so in a run that starts with a digit or follows a `.`, every suffix is
 *    checked too. A word prefix before `.` (`SELECT.1`) is the run before the `.`.
 *  - Then the folder only sees n, 1, v, o, `.`, `,`, `:` and `?`; no rule makes another type
 *    from those alone, and the refinements cannot accept what the table does not hold.
 *
 * Quote contexts. In the single (double) quote context the input is read as if after an
 * opening quote: the first token is a string up to the first `'` (`"`) that is neither
 * backslash-escaped nor doubled, or to the end. When the rest after the first such quote byte
 * is plain by the rules above, it holds no second quote, so the string ends at that byte or
 * runs to the end, and the fingerprint is `s` followed by plain types only (the tokenizer
 * reads the rest as in the as-is context: the quote flags only shape the implied string, and
 * without `#` or `--` the MySQL re-run does not happen). FingerprintTable.acceptsQuotedPlain
 * reports whether the table holds such a shape; the derived table does not.
 * Compared with the unfiltered detector in property.test.ts and corpora.test.ts.
 */
import { KEYWORD_MAX_LEN, lookupWord, maybeWordy, startsPhrase } from './keywords.ts';
import { C, CHAR_CLASS } from './charclass.ts';
import { T } from './types.ts';

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

/**
 * Whether `s` from `from` on certainly folds to plain token types only (see the safety
 * argument); `from` > 0 reads the rest of a value after the quote that ends a quote
 * context's implied string (detect.ts).
 */
export function plainShape(s: string, from = 0): boolean {
  // The bytes that most often rule the shortcut out, found by native search first (each is
  // also refused below; this only orders the work).
  if (s.indexOf("'", from) >= 0 || s.indexOf('"', from) >= 0 || s.indexOf('(', from) >= 0 ||
      s.indexOf('#', from) >= 0) return false;
  const n = s.length;
  // One pass: bytes are checked as read, and each run of word bytes when it ends, so a value
  // that cannot take the shortcut stops at its first quote, comment or parenthesis.
  let prev = SEP;
  let start = -1;
  let digitLed = false;
  for (let i = from; i <= n; i++) {
    let k = SEP;
    if (i < n) {
      const c = s.charCodeAt(i);
      if (c > 0xff) return false;
      k = KIND[c];
      if (k === BAD) return false;
      if (k === prev && (k === DASH || k === AMP || k === BAR)) return false; // `--` `&&` `||`
      if (prev === SLASH && c === 0x2a) return false; // `/*`
    }
    if (k === WORD || k === DIGIT) {
      if (start < 0) {
        start = i;
        digitLed = k === DIGIT || prev === DOT;
      }
    } else if (start >= 0) {
      if (digitLed ? anySuffixWordy(s, start, i) : isWordy(s, start, i)) return false;
      start = -1;
    }
    prev = k;
  }
  return true;
}

function anySuffixWordy(s: string, from: number, to: number): boolean {
  for (let j = Math.max(from, to - KEYWORD_MAX_LEN); j < to; j++) {
    if (KIND[s.charCodeAt(j)] === WORD && isWordy(s, j, to)) return true;
  }
  return false;
}

function isWordy(s: string, from: number, to: number): boolean {
  if (!maybeWordy(s, from, to)) return false;
  const w = s.slice(from, to);
  return lookupWord(w) !== T.NONE || startsPhrase(w);
}
