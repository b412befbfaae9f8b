/** Numbers in their dialect forms: 0x.., 0b.., x'..', b'..', 1.5e3, 1.5f (Oracle), $1,000.00. */
import { byteSet, findPair, findSub, spanOf } from './bytes.ts';
import { scanWord } from './scan-word.ts';
import type { SqliState } from './state.ts';
import { T } from './types.ts';
import { WHITE } from './charclass.ts';

const HEX = byteSet('0123456789ABCDEFabcdef');
const BIN = byteSet('01');
const MONEY = byteSet('0123456789.,');
const ALPHA = byteSet('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `b'0101'` (and `x'0F'` with HEX): a number when well formed, else a word. */
function scanQuotedDigits(st: SqliState, digits: Uint8Array): number {
  const s = st.s;
  const pos = st.pos;
  const slen = st.slen;
  if (pos + 2 >= slen || s.charCodeAt(pos + 1) !== 0x27) return scanWord(st);
  const n = spanOf(s, pos + 2, slen, digits);
  if (pos + 2 + n >= slen || s.charCodeAt(pos + 2 + n) !== 0x27) return scanWord(st);
  st.current.assignSpan(T.NUMBER, pos, s, pos, pos + n + 3);
  return pos + n + 3;
}

export function scanBinaryString(st: SqliState): number {
  return scanQuotedDigits(st, BIN);
}

export function scanHexString(st: SqliState): number {
  return scanQuotedDigits(st, HEX);
}

/**
 * Decimal, hex and binary literals. `1.e` with no exponent digits is a word, not a number;
 * a lone `.` is a DOT. Oracle's `d`/`f` suffix belongs to the number only when the number ends
 * there, so `1.4func` stays number + word.
 */
export function scanNumber(st: SqliState): number {
  const s = st.s;
  const slen = st.slen;
  const start = st.pos;
  let pos = start;
  if (s.charCodeAt(pos) === 0x30 && pos + 1 < slen) {
    const x = s.charCodeAt(pos + 1);
    const digits = x === 0x58 || x === 0x78 ? HEX : x === 0x42 || x === 0x62 ? BIN : null;
    if (digits !== null) {
      const n = spanOf(s, pos + 2, slen, digits);
      st.current.assignSpan(n === 0 ? T.BAREWORD : T.NUMBER, pos, s, pos, pos + 2 + n);
      return pos + 2 + n;
    }
  }
  while (pos < slen && isDigit(s.charCodeAt(pos))) pos++;
  if (pos < slen && s.charCodeAt(pos) === 0x2e) {
    pos++;
    while (pos < slen && isDigit(s.charCodeAt(pos))) pos++;
    if (pos - start === 1) {
      st.current.assign(T.DOT, start, '.');
      return pos;
    }
  }
  let haveE = false;
  let haveExp = false;
  if (pos < slen && (s.charCodeAt(pos) | 0x20) === 0x65) {
    haveE = true;
    pos++;
    if (pos < slen && (s.charCodeAt(pos) === 0x2b || s.charCodeAt(pos) === 0x2d)) pos++;
    while (pos < slen && isDigit(s.charCodeAt(pos))) {
      haveExp = true;
      pos++;
    }
  }
  if (pos < slen) {
    const c = s.charCodeAt(pos) | 0x20;
    if (c === 0x64 || c === 0x66) {
      if (pos + 1 === slen) pos++;
      else {
        const n = s.charCodeAt(pos + 1);
        if (WHITE[n] === 1 || n === 0x3b || n === 0x75 || n === 0x55) pos++;
      }
    }
  }
  st.current.assignSpan(haveE && !haveExp ? T.BAREWORD : T.NUMBER, start, s, start, pos);
  return pos;
}

/**
 * `$`: money ($1,000.00), PostgreSQL dollar quoting ($$…$$, $tag$…$tag$) or a lone `$` word.
 * The tag search repeats libinjection's window (it starts at tag-length + 2 from the input
 * start, not from the tag), so that both agree on where such a string ends.
 */
export function scanMoney(st: SqliState): number {
  const s = st.s;
  const slen = st.slen;
  const pos = st.pos;
  const cur = st.current;
  if (pos + 1 === slen) {
    cur.assign(T.BAREWORD, pos, '$');
    return slen;
  }
  const n = spanOf(s, pos + 1, slen, MONEY);
  if (n === 1 && s.charCodeAt(pos + 1) === 0x2e) return scanWord(st);
  if (n > 0) {
    cur.assignSpan(T.NUMBER, pos, s, pos, pos + 1 + n);
    return pos + 1 + n;
  }
  if (s.charCodeAt(pos + 1) === 0x24) {
    const end = findPair(s, pos + 2, slen, 0x24, 0x24);
    cur.assignSpan(T.STRING, pos + 2, s, pos + 2, end < 0 ? slen : end);
    cur.strOpen = 0x24;
    cur.strClose = end < 0 ? 0 : 0x24;
    return end < 0 ? slen : end + 2;
  }
  const tl = spanOf(s, pos + 1, slen, ALPHA);
  if (tl === 0 || pos + tl + 1 === slen || s.charCodeAt(pos + tl + 1) !== 0x24) {
    cur.assign(T.BAREWORD, pos, '$');
    return pos + 1;
  }
  const body = pos + tl + 2;
  const tag = s.slice(pos, body);
  const found = findSub(s, tl + 2, slen - pos, tag);
  cur.strOpen = 0x24;
  if (found < 0 || found < body) {
    cur.assignSpan(T.STRING, body, s, body, s.length);
    cur.strClose = 0;
    return slen;
  }
  cur.assignSpan(T.STRING, body, s, body, found);
  cur.strClose = 0x24;
  return found + tag.length;
}
