/**
 * Quote contexts and comment dialects, with expectations worked out by hand from the rules
 * libinjection documents (a quoted context reads the input as if a quote preceded it; `#` is a
 * comment only in MySQL; `--x` only in ANSI; token values stop at 31 bytes).
 */
import { describe, expect, it } from 'vitest';
import { fingerprintIn } from './fingerprint.ts';
import { SqliState } from './state.ts';
import { nextToken } from './tokenizer.ts';
import { QUOTE_DOUBLE, QUOTE_NONE, QUOTE_SINGLE, SQL_ANSI, SQL_MYSQL, T } from './types.ts';

const st = new SqliState();
const fp = (s: string, flags: number): string => fingerprintIn(st, s, flags);

describe('quote contexts', () => {
  it('reads a single-quoted context as if the input followed an opening quote', () => {
    // `1` closes the implied string, `or` joins, `'1'` is a string, `=`, then an open string.
    expect(fp("1' or '1'='1", QUOTE_SINGLE | SQL_ANSI)).toBe('s&sos');
    // As-is, the quotes pair up the other way: 1, ' or ', 1, '=', 1.
    expect(fp("1' or '1'='1", QUOTE_NONE | SQL_ANSI)).toBe('1s1s1');
  });

  it('reads a double-quoted context with the double quote as delimiter', () => {
    expect(fp('x" union select 1', QUOTE_DOUBLE | SQL_MYSQL)).toBe('sUE1');
  });

  it('records no opening quote for the implied string', () => {
    st.reset("abc' or 1", QUOTE_SINGLE | SQL_ANSI);
    expect(nextToken(st)).toBe(true);
    expect(st.current.type).toBe(T.STRING);
    expect(st.current.strOpen).toBe(0);
    expect(st.current.strClose).toBe(0x27);
    expect(st.current.val).toBe('abc');
  });
});

describe('comment dialects', () => {
  it('reads # as an operator in ANSI and as a comment in MySQL', () => {
    st.reset('1#x', QUOTE_NONE | SQL_ANSI);
    nextToken(st);
    nextToken(st);
    expect(st.current.type).toBe(T.OPERATOR);
    expect(fp('1 union#x', QUOTE_NONE | SQL_MYSQL)).toBe('1Uc');
  });

  it('reads --x as a comment in ANSI only; "-- " is a comment in both', () => {
    expect(fp('1 union --x', QUOTE_NONE | SQL_ANSI)).toBe('1Uc');
    expect(fp('1 union -- x', QUOTE_NONE | SQL_MYSQL)).toBe('1Uc');
    expect(fp('1 union --x', QUOTE_NONE | SQL_MYSQL)).not.toContain('c');
  });
});

describe('token values', () => {
  it('keeps at most 31 bytes of a value but scans the whole token', () => {
    const long = 'a'.repeat(40);
    st.reset(`${long} 1`, QUOTE_NONE | SQL_ANSI);
    nextToken(st);
    expect(st.current.val).toBe('a'.repeat(31));
    expect(st.current.len).toBe(31);
    nextToken(st);
    expect(st.current.type).toBe(T.NUMBER);
  });

  it('never reads a word with bytes >= 0x80 as a keyword', () => {
    st.reset('s\u00e9lect', QUOTE_NONE | SQL_ANSI);
    nextToken(st);
    expect(st.current.type).toBe(T.BAREWORD);
  });
});
