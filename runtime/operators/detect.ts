import { detectSQLi as sqli } from '../detect/sqli/index.ts';
import { detectXSS as xss } from '../detect/xss/index.ts';
import type { CompiledOperator, OperatorSpec } from './types.ts';

/**
 * @detectSQLi: libinjection-compatible SQL injection detection. As ModSecurity does, a match
 * captures the fingerprint into TX:0 when the rule has `capture`.
 */
const sqliMatcher: CompiledOperator = {
  keepAnswers: true,
  match(input, captures) {
    const r = sqli(input);
    if (r.isSqli && captures) {
      captures.length = 0;
      captures.push(r.fingerprint);
    }
    return r.isSqli;
  },
};

export const detectSQLi: OperatorSpec = {
  name: 'detectSQLi',
  capture: true,
  create: (param) => (param.trim() === '' ? sqliMatcher : { error: '@detectSQLi takes no parameter' }),
};

/**
 * @detectXSS: libinjection-compatible cross-site scripting detection. libinjection gives no
 * fingerprint for XSS, so a match captures the whole value into TX:0, as ModSecurity v3 does.
 */
const xssMatcher: CompiledOperator = {
  keepAnswers: true,
  match(input, captures) {
    const hit = xss(input);
    if (hit && captures) {
      captures.length = 0;
      captures.push(input);
    }
    return hit;
  },
};

export const detectXSS: OperatorSpec = {
  name: 'detectXSS',
  capture: true,
  create: (param) => (param.trim() === '' ? xssMatcher : { error: '@detectXSS takes no parameter' }),
};
