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
  let fp = '';
  let evil = false;
  for (let i = 0; i < n; i++) {
    const t = vec[i].type;
    if (t === T.EVIL) evil = true;
    fp += String.fromCharCode(t);
  }
  if (evil) {
    fp = 'X';
    vec[0].assign(T.EVIL, 0, 'X');
    vec[1].type = T.NONE;
  }
  st.fingerprint = fp;
  return fp;
}
