/**
 * Folding: collapses the token stream into at most five tokens that keep the statement's shape
 * (`1 + 2 OR 'a'='a'` -> `1&s`), following libinjection's rules so fingerprints agree with it.
 */
import { asciiUpper, lookupWord, tokenStartsPhrase } from './keywords.ts';
import type { SqliState } from './state.ts';
import { nextToken } from './tokenizer.ts';
import { MAX_TOKENS, T, Token, TOKEN_VAL_MAX } from './types.ts';
import { foldThree } from './fold-three.ts';
import { EVIL_STOP, FALL_LEFT0, NO_FOLD, resume } from './fold-result.ts';
import { isUnaryOp } from './token-tests.ts';

/**
 * Folds the input of `st` into st.tokenvec and returns how many tokens the fingerprint has.
 * A trailing comment is kept when there is room, since `1 --` differs from `1`.
 */
export function fold(st: SqliState): number {
  const vec = st.tokenvec;
  const lastComment = st.lastComment;
  lastComment.clear();
  let pos = 0;
  let left = 0;
  let more = true;
  st.more = true;

  // Leading comments, `(`, types and unary operators say nothing about the shape.
  st.current = vec[0];
  while (more) {
    more = nextToken(st);
    const t = st.current.type;
    if (!(t === T.COMMENT || t === T.LEFTPARENS || t === T.SQLTYPE || isUnaryOp(st.current))) break;
  }
  if (!more) return 0;
  st.more = true;
  pos = 1;

  for (;;) {
    if (pos >= MAX_TOKENS && fiveTokenSpecial(vec)) {
      if (pos > MAX_TOKENS) {
        vec[1].copyFrom(vec[MAX_TOKENS]);
        pos = 2;
      } else {
        pos = 1;
      }
      left = 0;
    }
    if (!more || left >= MAX_TOKENS) {
      left = pos;
      break;
    }
    if (more) pos = pull(st, pos, left + 2);
    more = st.more;
    if (pos - left < 2) {
      left = pos;
      continue;
    }
    const r2 = foldTwo(st, left, pos);
    if (r2 === EVIL_STOP) return left + 2;
    if (r2 === FALL_LEFT0) left = 0;
    else if (r2 !== NO_FOLD) {
      pos = r2 >> 8;
      left = r2 & 0xff;
      continue;
    }
    if (more) pos = pull(st, pos, left + 3);
    more = st.more;
    if (pos - left < 3) {
      left = pos;
      continue;
    }
    const r3 = foldThree(st, left, pos);
    if (r3 !== NO_FOLD) {
      pos = r3 >> 8;
      left = r3 & 0xff;
      continue;
    }
    left++;
  }
  if (left < MAX_TOKENS && lastComment.type === T.COMMENT) {
    vec[left].copyFrom(lastComment);
    left++;
  }
  return left > MAX_TOKENS ? MAX_TOKENS : left;
}


/**
 * Reads tokens into the vector until `pos` reaches `until` (or the vector or input ends);
 * returns the new pos and leaves in st.more whether input remains. Comments are not kept in
 * the vector, only remembered in st.lastComment, as libinjection does.
 */
function pull(st: SqliState, pos: number, until: number): number {
  const vec = st.tokenvec;
  while (pos <= MAX_TOKENS && pos < until) {
    st.current = vec[pos];
    if (!nextToken(st)) {
      st.more = false;
      return pos;
    }
    if (st.current.type === T.COMMENT) st.lastComment.copyFrom(st.current);
    else {
      st.lastComment.type = T.NONE;
      pos++;
    }
  }
  return pos;
}

/** libinjection's five-token shapes that restart folding to see past a leading number list. */
function fiveTokenSpecial(v: Token[]): boolean {
  const a = v[0].type, b = v[1].type, c = v[2].type, d = v[3].type, e = v[4].type;
  return (a === T.NUMBER && (b === T.OPERATOR || b === T.COMMA) && c === T.LEFTPARENS &&
      d === T.NUMBER && e === T.RIGHTPARENS) ||
    (a === T.BAREWORD && b === T.OPERATOR && c === T.LEFTPARENS &&
      (d === T.BAREWORD || d === T.NUMBER) && e === T.RIGHTPARENS) ||
    (a === T.NUMBER && b === T.RIGHTPARENS && c === T.COMMA && d === T.LEFTPARENS &&
      e === T.NUMBER) ||
    (a === T.BAREWORD && b === T.RIGHTPARENS && c === T.OPERATOR && d === T.LEFTPARENS &&
      e === T.BAREWORD);
}

/** T-SQL names that are functions when called but common as column names otherwise. */
const CALLABLE_WORDS = new Set([
  'USER_ID', 'USER_NAME', 'DATABASE', 'PASSWORD', 'USER', 'CURRENT_USER', 'CURRENT_DATE',
  'CURRENT_TIME', 'CURRENT_TIMESTAMP', 'LOCALTIME', 'LOCALTIMESTAMP',
]);

function upperEq(tok: Token, word: string): boolean {
  if (tok.len !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    let c = tok.val.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    if (c !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** Two adjacent words that form a known phrase ("UNION" "ALL") become one token. */
function mergeWords(a: Token, b: Token): boolean {
  const ta = a.type;
  if (!(ta === T.KEYWORD || ta === T.BAREWORD || ta === T.OPERATOR || ta === T.UNION ||
      ta === T.FUNCTION || ta === T.EXPRESSION || ta === T.TSQL || ta === T.SQLTYPE)) return false;
  const tb = b.type;
  if (!(tb === T.KEYWORD || tb === T.BAREWORD || tb === T.OPERATOR || tb === T.UNION ||
      tb === T.FUNCTION || tb === T.EXPRESSION || tb === T.TSQL || tb === T.SQLTYPE ||
      tb === T.LOGIC_OPERATOR)) return false;
  if (a.len + b.len + 1 > TOKEN_VAL_MAX || !tokenStartsPhrase(a)) return false;
  const phrase = a.val + ' ' + b.val;
  const type = lookupWord(phrase);
  if (type === T.NONE) return false;
  a.assign(type, a.pos, phrase);
  return true;
}

/** The two-token rules. */
function foldTwo(st: SqliState, left: number, pos: number): number {
  const vec = st.tokenvec;
  const a = vec[left];
  const b = vec[left + 1];
  const ta = a.type;
  const tb = b.type;
  if (ta === T.STRING && tb === T.STRING) return resume(pos - 1, left);
  if (ta === T.SEMICOLON && tb === T.SEMICOLON) return resume(pos - 1, left);
  if ((ta === T.OPERATOR || ta === T.LOGIC_OPERATOR) && (isUnaryOp(b) || tb === T.SQLTYPE)) {
    return resume(pos - 1, 0);
  }
  if (ta === T.LEFTPARENS && isUnaryOp(b)) return resume(pos - 1, left > 0 ? left - 1 : 0);
  if (mergeWords(a, b)) return resume(pos - 1, left > 0 ? left - 1 : 0);
  if (ta === T.SEMICOLON && tb === T.FUNCTION && b.len >= 2 &&
      (b.val.charCodeAt(0) | 0x20) === 0x69 && (b.val.charCodeAt(1) | 0x20) === 0x66) {
    // T-SQL `; IF 1=1 …` is control flow, not the IF() function.
    b.type = T.TSQL;
    return resume(pos, left);
  }
  if ((ta === T.BAREWORD || ta === T.VARIABLE) && tb === T.LEFTPARENS &&
      a.len <= 17 && CALLABLE_WORDS.has(asciiUpper(a.val))) {
    a.type = T.FUNCTION;
    return resume(pos, left);
  }
  if (ta === T.KEYWORD && (upperEq(a, 'IN') || upperEq(a, 'NOT IN'))) {
    // `IN (` compares; a bare IN (as in MySQL's IN BOOLEAN MODE) is left for word merging.
    a.type = tb === T.LEFTPARENS ? T.OPERATOR : T.BAREWORD;
    return resume(pos, left);
  }
  if (ta === T.OPERATOR && (upperEq(a, 'LIKE') || upperEq(a, 'NOT LIKE'))) {
    if (tb === T.LEFTPARENS) a.type = T.FUNCTION;
    return NO_FOLD;
  }
  if (ta === T.SQLTYPE && (tb === T.BAREWORD || tb === T.NUMBER || tb === T.SQLTYPE ||
      tb === T.LEFTPARENS || tb === T.FUNCTION || tb === T.VARIABLE || tb === T.STRING)) {
    a.copyFrom(b);
    return resume(pos - 1, 0);
  }
  if (ta === T.COLLATE && tb === T.BAREWORD) {
    // Too many collations to list: one with `_` (utf8_bin) is taken as a type.
    if (b.val.indexOf('_') >= 0) {
      b.type = T.SQLTYPE;
      return FALL_LEFT0;
    }
    return NO_FOLD;
  }
  if (ta === T.BACKSLASH) {
    // T-SQL reads `\%1` as `0 % 1` and `\1` as `1`.
    if (isArithmeticOp(b)) {
      a.type = T.NUMBER;
      return resume(pos, 0);
    }
    a.copyFrom(b);
    return resume(pos - 1, 0);
  }
  if (ta === T.LEFTPARENS && tb === T.LEFTPARENS) return resume(pos - 1, 0);
  if (ta === T.RIGHTPARENS && tb === T.RIGHTPARENS) return resume(pos - 1, 0);
  if (ta === T.LEFTBRACE && tb === T.BAREWORD) {
    // MySQL's `{ ``.``.id }` names the current database and table; too odd to fold, so EVIL.
    if (b.len === 0) {
      b.type = T.EVIL;
      return EVIL_STOP;
    }
    // ODBC `{foo expr}`: drop the `{ foo`.
    return resume(pos - 2, 0);
  }
  if (tb === T.RIGHTBRACE) return resume(pos - 1, 0);
  return NO_FOLD;
}

function isArithmeticOp(t: Token): boolean {
  if (t.type !== T.OPERATOR || t.len !== 1) return false;
  const c = t.val.charCodeAt(0);
  return c === 0x2a || c === 0x2f || c === 0x2d || c === 0x2b || c === 0x25;
}
