/**
 * A lossless pre-check: values made only of words, numbers and whitespace, none of whose words
 * is a keyword or starts a keyword phrase, are certainly not SQLi for a table without a
 * fingerprint of bare words and numbers alone.
 *
 * Safety argument. With no byte outside [A-Za-z0-9_], bytes >= 0x80 and whitespace, the input
 * has no quote (so only the as-is context runs: every other context needs `'`, `"`, `#` or
 * `--`), no operator, punctuation, comment, variable, `$`, `[` or `\` token, and no special
 * string form (`x'…'`, `b'…'`, `n'…'`, `q'…'`, `e'…'`, `u&'…'` all need a quote). Every token
 * is then a number or a word, and a word is a keyword only if lookupWord says so. The tokenizer
 * starts a word after whitespace (the same as a run here) or after a number; a number takes
 * at most two letters (`1e`, `1d`, `1ed`) before the word, so for a run that follows a digit
 * the run less its first one or two letters is checked too. Runs are also split at digits, which
 * only adds words to check. Nothing but `n` and `1` can then fold into the fingerprint, and
 * FingerprintTable reports whether it holds such a fingerprint (then this check is not used).
 * Compared with the unfiltered detector in property.test.ts.
 */
import { lookupWord, startsPhrase } from './keywords.ts';
import { C, CHAR_CLASS } from './charclass.ts';
import { T } from './types.ts';

/** 1: a letter of a run (A-Z a-z _ and bytes >= 0x80 except NBSP); 2: a digit; 3: whitespace. */
const KIND: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) {
    if (CHAR_CLASS[c] === C.WHITE) t[c] = 3;
    else if (c >= 0x30 && c <= 0x39) t[c] = 2;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80) t[c] = 1;
  }
  return t;
})();

/** Whether `s` certainly folds to bare words and numbers only (see the safety argument). */
export function plainWords(s: string): boolean {
  const n = s.length;
  // Bytes first: most values that are not plain have punctuation early, so this exits soon
  // and the word lookups below run only for values that may take the shortcut.
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || KIND[c] === 0) return false;
  }
  let start = -1;
  let afterDigit = false;
  for (let i = 0; i <= n; i++) {
    const k = i < n ? KIND[s.charCodeAt(i)] : 3;
    if (k === 1) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      if (isWordy(s, start, i) || (afterDigit && (isWordy(s, start + 1, i) || isWordy(s, start + 2, i)))) {
        return false;
      }
      start = -1;
    }
    afterDigit = k === 2;
  }
  return true;
}

function isWordy(s: string, from: number, to: number): boolean {
  if (from >= to) return false;
  const w = s.slice(from, to);
  return lookupWord(w) !== T.NONE || startsPhrase(w);
}
