import { describe, expect, it } from 'vitest';
import { OPERATORS, isOperatorError } from './index.ts';

const env = { readDataFile: () => new Error('none') };

describe('@detectSQLi / @detectXSS', () => {
  it('@detectSQLi matches SQL injection and captures the fingerprint', () => {
    const op = OPERATORS.detectSQLi.create('', env);
    if (isOperatorError(op)) throw new Error(op.error);
    const captures: string[] = [];
    expect(op.match("1' or '1'='1", captures)).toBe(true);
    expect(captures.length).toBe(1);
    expect(captures[0]).toMatch(/^[a-zA-Z&;()1sonkvEUfTBc]{1,5}$/);
    expect(op.match('hello world', [])).toBe(false);
  });

  it('@detectXSS matches script injection only', () => {
    const op = OPERATORS.detectXSS.create('', env);
    if (isOperatorError(op)) throw new Error(op.error);
    expect(op.match('<script>alert(1)</script>', null)).toBe(true);
    expect(op.match('<img src=x onerror=alert(1)>', null)).toBe(true);
    expect(op.match('a < b and c > d', null)).toBe(false);
  });

  it('@detectXSS captures the whole value (ModSecurity v3 puts it in TX:0)', () => {
    const op = OPERATORS.detectXSS.create('', env);
    if (isOperatorError(op)) throw new Error(op.error);
    const captures = ['stale'];
    expect(op.match('a < b', captures)).toBe(false);
    expect(captures).toEqual(['stale']);
    expect(op.match('x<script>alert(1)</script>', captures)).toBe(true);
    expect(captures).toEqual(['x<script>alert(1)</script>']);
  });

  it('refuses a parameter', () => {
    expect(isOperatorError(OPERATORS.detectSQLi.create('x', env))).toBe(true);
  });
});
