/**
 * SQL tokenizer, compatible token for token with libinjection's: the same token types, the same
 * quote contexts (none, single, double) and comment dialects (ANSI, MySQL), the same 31-byte
 * value truncation. Input is a byte string (one char code per byte).
 */
import { findPair } from './bytes.ts';
import { C, CHAR_CLASS, VAR_END, WHITE } from './charclass.ts';
import { lookupSpan, tokenStartsPhrase } from './keywords.ts';
import { scanBinaryString, scanHexString, scanMoney, scanNumber } from './scan-numbers.ts';
import { scanQString, scanString, scanTick } from './scan-strings.ts';
import { scanWord } from './scan-word.ts';
import type { SqliState } from './state.ts';
import { QUOTE_DOUBLE, QUOTE_SINGLE, SQL_ANSI, SQL_MYSQL, T } from './types.ts';

/**
 * Reads the next token into `st.current`. Returns false at end of input. In a quoted context
 * the input is read as if it started just after an opening quote, so `1' or '1` is a string
 * followed by SQL.
 */
export function nextToken(st: SqliState): boolean {
  const s = st.s;
  const slen = st.slen;
  if (slen === 0) return false;
  const cur = st.current;
  cur.clear();
  if (st.pos === 0 && (st.flags & (QUOTE_SINGLE | QUOTE_DOUBLE)) !== 0) {
    const delim = (st.flags & QUOTE_SINGLE) !== 0 ? 0x27 : 0x22;
    st.pos = scanString(s, slen, 0, cur, delim, 0);
    st.statsTokens++;
    return true;
  }
  while (st.pos < slen) {
    let c = s.charCodeAt(st.pos);
    // Whitespace runs are skipped here rather than one dispatch per byte.
    while (CHAR_CLASS[c] === C.WHITE) {
      if (++st.pos === slen) return false;
      c = s.charCodeAt(st.pos);
    }
    st.pos = scanOne(st, c);
    if (cur.type !== T.NONE) {
      st.statsTokens++;
      // Words that may merge into a keyword phrase (SOUNDS of SOUNDS LIKE) are not counted.
      if (cur.type === T.BAREWORD && !tokenStartsPhrase(cur)) st.statsBarewords++;
      return true;
    }
  }
  return false;
}

/** Dispatches on the byte class; returns the position after what was read. */
function scanOne(st: SqliState, ch: number): number {
  const s = st.s;
  const pos = st.pos;
  const cur = st.current;
  switch (CHAR_CLASS[ch]) {
    case C.WHITE: return pos + 1;
    case C.OP1: cur.assignSpan(T.OPERATOR, pos, s, pos, pos + 1); return pos + 1;
    case C.OP2: return scanOperator2(st);
    case C.STRING: return scanString(s, st.slen, pos, cur, ch, 1);
    case C.HASH: return scanHash(st);
    case C.MONEY: return scanMoney(st);
    case C.CHAR: cur.assignSpan(ch, pos, s, pos, pos + 1); return pos + 1;
    case C.DASH: return scanDash(st);
    case C.NUMBER: return scanNumber(st);
    case C.SLASH: return scanSlash(st);
    case C.OTHER: cur.assignSpan(T.UNKNOWN, pos, s, pos, pos + 1); return pos + 1;
    case C.VAR: return scanVariable(st);
    case C.BSTRING: return scanBinaryString(st);
    case C.ESTRING: return scanEString(st);
    case C.NQSTRING: return scanNQString(st);
    case C.QSTRING: return scanQString(st, 0);
    case C.USTRING: return scanUString(st);
    case C.XSTRING: return scanHexString(st);
    case C.BWORD: return scanBracketWord(st);
    case C.BACKSLASH: return scanBackslash(st);
    case C.TICK: return scanTick(st);
    default: return scanWord(st);
  }
}

/** Comment to end of line; the newline is consumed but not part of the token. */
export function scanEolComment(st: SqliState): number {
  const nl = st.s.indexOf('\n', st.pos);
  if (nl < 0) {
    st.current.assignSpan(T.COMMENT, st.pos, st.s, st.pos, st.s.length);
    return st.slen;
  }
  st.current.assignSpan(T.COMMENT, st.pos, st.s, st.pos, nl);
  return nl + 1;
}

/** `#` is a comment in MySQL only; elsewhere an operator (PostgreSQL's bitwise xor). */
function scanHash(st: SqliState): number {
  st.statsCommentHash++;
  if ((st.flags & SQL_MYSQL) !== 0) {
    st.statsCommentHash++;
    return scanEolComment(st);
  }
  st.current.assign(T.OPERATOR, st.pos, '#');
  return st.pos + 1;
}

/** `-- ` always starts a comment; `--x` only in ANSI (MySQL wants the space). */
function scanDash(st: SqliState): number {
  const s = st.s;
  const pos = st.pos;
  const slen = st.slen;
  const next = pos + 1 < slen ? s.charCodeAt(pos + 1) : -1;
  if (next === 0x2d) {
    if (pos + 2 < slen && WHITE[s.charCodeAt(pos + 2)] === 1) {
      st.statsCommentDdw++;
      return scanEolComment(st);
    }
    if (pos + 2 === slen) {
      st.statsCommentDdw++;
      return scanEolComment(st);
    }
    if ((st.flags & SQL_ANSI) !== 0) {
      st.statsCommentDdx++;
      return scanEolComment(st);
    }
  }
  st.current.assign(T.OPERATOR, pos, '-');
  return pos + 1;
}

/**
 * C-style comment. A nested `/*` (PostgreSQL nests, others do not) or a MySQL executable
 * comment `/*!` makes the parse ambiguous, so such a comment is EVIL, as libinjection rules.
 */
function scanSlash(st: SqliState): number {
  const s = st.s;
  const pos = st.pos;
  const slen = st.slen;
  if (pos + 1 === slen || s.charCodeAt(pos + 1) !== 0x2a) {
    st.current.assign(T.OPERATOR, pos, '/');
    return pos + 1;
  }
  const close = findPair(s, pos + 2, slen, 0x2a, 0x2f);
  const clen = close < 0 ? slen - pos : close + 2 - pos;
  let type: number = T.COMMENT;
  if (close >= 0 && findPair(s, pos + 2, close + 1, 0x2f, 0x2a) >= 0) type = T.EVIL;
  else if (pos + 2 < slen && s.charCodeAt(pos + 2) === 0x21) type = T.EVIL;
  st.current.assignSpan(type, pos, s, pos, pos + clen);
  return pos + clen;
}

/** `\N` is MySQL's NULL; a lone backslash is kept for the folder to judge. */
function scanBackslash(st: SqliState): number {
  const pos = st.pos;
  if (pos + 1 < st.slen && st.s.charCodeAt(pos + 1) === 0x4e) {
    st.current.assignSpan(T.NUMBER, pos, st.s, pos, pos + 2);
    return pos + 2;
  }
  st.current.assign(T.BACKSLASH, pos, '\\');
  return pos + 1;
}

/** Two- and three-byte operators (`<=>`, `!=`, `||`, `:=` …), else a one-byte one. */
function scanOperator2(st: SqliState): number {
  const s = st.s;
  const pos = st.pos;
  const slen = st.slen;
  const cur = st.current;
  if (pos + 1 >= slen) {
    cur.assignSpan(T.OPERATOR, pos, s, pos, pos + 1);
    return pos + 1;
  }
  if (pos + 2 < slen && s.charCodeAt(pos) === 0x3c && s.charCodeAt(pos + 1) === 0x3d &&
      s.charCodeAt(pos + 2) === 0x3e) {
    cur.assign(T.OPERATOR, pos, '<=>');
    return pos + 3;
  }
  const type = lookupSpan(s, pos, pos + 2);
  if (type !== T.NONE) {
    cur.assignSpan(type, pos, s, pos, pos + 2);
    return pos + 2;
  }
  // A lone ':' is not an operator (it is `:name` binding or a label).
  cur.assignSpan(s.charCodeAt(pos) === 0x3a ? T.COLON : T.OPERATOR, pos, s, pos, pos + 1);
  return pos + 1;
}

/** Variables: `@name`, `@@name`, and MySQL's quoted forms `@'x'`, `@@\`x\``. */
function scanVariable(st: SqliState): number {
  const s = st.s;
  const slen = st.slen;
  const cur = st.current;
  let p = st.pos + 1;
  if (p < slen && s.charCodeAt(p) === 0x40) {
    p++;
    cur.count = 2;
  } else {
    cur.count = 1;
  }
  if (p < slen) {
    const c = s.charCodeAt(p);
    if (c === 0x60) {
      st.pos = p;
      const end = scanTick(st);
      cur.type = T.VARIABLE;
      return end;
    }
    if (c === 0x27 || c === 0x22) {
      const end = scanString(s, slen, p, cur, c, 1);
      cur.type = T.VARIABLE;
      return end;
    }
  }
  let e = p;
  while (e < slen && VAR_END[s.charCodeAt(e)] !== 1) e++;
  cur.assignSpan(T.VARIABLE, p, s, p, e);
  return e;
}

/** MSSQL `[bracketed name]`, kept as a bare word. */
function scanBracketWord(st: SqliState): number {
  const pos = st.pos;
  const end = st.s.indexOf(']', pos);
  if (end < 0) {
    st.current.assignSpan(T.BAREWORD, pos, st.s, pos, st.s.length);
    return st.slen;
  }
  st.current.assignSpan(T.BAREWORD, pos, st.s, pos, end + 1);
  return end + 1;
}

/** PostgreSQL / Oracle `E'…'` escape string (and `N'…'` by way of scanNQString). */
function scanEString(st: SqliState): number {
  const pos = st.pos;
  if (pos + 2 >= st.slen || st.s.charCodeAt(pos + 1) !== 0x27) return scanWord(st);
  return scanString(st.s, st.slen, pos, st.current, 0x27, 2);
}

/** `N'…'` national string, or Oracle `Nq'…'`. */
function scanNQString(st: SqliState): number {
  const pos = st.pos;
  if (pos + 2 < st.slen && st.s.charCodeAt(pos + 1) === 0x27) return scanEString(st);
  return scanQString(st, 1);
}

/** PostgreSQL `U&'…'` unicode string; its quotes print as `u`. */
function scanUString(st: SqliState): number {
  const s = st.s;
  const pos = st.pos;
  if (pos + 2 < st.slen && s.charCodeAt(pos + 1) === 0x26 && s.charCodeAt(pos + 2) === 0x27) {
    const end = scanString(s, st.slen, pos + 2, st.current, 0x27, 1);
    st.current.strOpen = 0x75;
    if (st.current.strClose === 0x27) st.current.strClose = 0x75;
    return end;
  }
  return scanWord(st);
}

