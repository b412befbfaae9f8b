/** Fingerprint of an input in one quote context: the folded token types as a string. */
import { fold } from './fold.ts';
import type { SqliState } from './state.ts';
import { T } from './types.ts';

/**
 * Folds `input` in context `flags` (QUOTE_* | SQL_*) and returns its fingerprint, also left in
 * st.fingerprint with the tokens in st.tokenvec. Any EVIL token makes the whole fingerprint `X`:
 * the input could not be read consistently (nested or MySQL-executable comments).
 */
export function fingerprintIn(st: SqliState, input: string, flags: number): string {
  foldIn(st, input, flags);
  return st.fingerprint;
}

/**
 * Folds `input` in context `flags` and returns the fingerprint's lookup key (fingerprintKey of
 * st.fingerprint), computed from the token types without building the string; the string is
 * left in st.fingerprint only for callers that read it. The detector's hot path calls this and
 * builds the string on a table hit alone.
 */
export function foldKey(st: SqliState, input: string, flags: number): number {
  st.reset(input, flags);
  const n = fold(st);
  const vec = st.tokenvec;
  // PHP-style trailing unclosed empty backtick acts as a comment (MySQL ignores it).
  if (n > 2) {
    const last = vec[n - 1];
    if (last.type === T.BAREWORD && last.strOpen === 0x60 && last.len === 0 && last.strClose === 0) {
      last.type = T.COMMENT;
    }
  }
  let key = 0;
  for (let i = 0; i < n; i++) {
    const t = vec[i].type;
    if (t === T.EVIL) {
      vec[0].assign(T.EVIL, 0, 'X');
      vec[1].type = T.NONE;
      st.fingerprintLen = 1;
      return KEY_CODE[T.EVIL];
    }
    key = key * 32 + KEY_CODE[t];
  }
  st.fingerprintLen = n;
  return key;
}

/** Builds st.fingerprint from the tokens foldKey left (after a table hit, or for inspection). */
export function fingerprintString(st: SqliState): string {
  let fp = '';
  for (let i = 0; i < st.fingerprintLen; i++) fp += String.fromCharCode(st.tokenvec[i].type);
  st.fingerprint = fp;
  return fp;
}

function foldIn(st: SqliState, input: string, flags: number): void {
  foldKey(st, input, flags);
  fingerprintString(st);
}

/**
 * Fingerprint letter -> 5-bit code, ASCII case folded as libinjection's lookup folds it (`t`
 * and `T`, `f` and `F` are one letter). 25 letters are in use; 0 is none, 31 any other byte.
 */
const KEY_CODE: Uint8Array = (() => {
  const t = new Uint8Array(256).fill(31);
  const letters = 'KUBETFN1VSO&CA(){}.,:;?X\\';
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i);
    t[c] = i + 1;
    if (c >= 0x41 && c <= 0x5a) t[c + 0x20] = i + 1;
  }
  t[0] = 0;
  return t;
})();

/**
 * Lookup key of a fingerprint string: its letters' codes in base 32 (at most 25 bits for five
 * letters; a leading code is never 0, so lengths do not collide). Equal for fingerprints that
 * differ only in ASCII case.
 */
export function fingerprintKey(fp: string): number {
  let key = 0;
  for (let i = 0; i < fp.length; i++) key = key * 32 + KEY_CODE[fp.charCodeAt(i) & 0xff];
  return key;
}
