import { diagnostic, type Diagnostic } from '../../core/diagnostic.ts';
import type { Operator } from '../ast.ts';
import type { ArgText } from '../arg-text.ts';
import { parseValue } from './value.ts';

const isNameChar = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;

/**
 * Parses `[!]@name param` or a bare pattern (an implicit `@rx`). As in ModSecurity, the blanks
 * between the name and the parameter are not part of the parameter; everything after them is.
 */
export function parseOperator(arg: ArgText, diags: Diagnostic[]): Operator {
  const s = arg.text;
  let i = 0;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  let negated = false;
  if (s[i] === '!') {
    negated = true;
    i++;
  }
  if (s[i] !== '@') {
    // No operator name: the whole (rest of the) argument is a regular expression.
    return {
      kind: 'Operator',
      name: 'rx',
      negated,
      implicit: true,
      param: parseValue(arg, i, s.length),
      span: arg.spanOf(0, s.length),
    };
  }
  const nameStart = ++i;
  while (i < s.length && isNameChar(s.charCodeAt(i))) i++;
  const name = s.slice(nameStart, i);
  if (name === '') {
    diags.push(diagnostic('SL1006', "expected an operator name after '@'", arg.spanOf(nameStart - 1, nameStart + 1)));
  } else if (i < s.length && s[i] !== ' ' && s[i] !== '\t') {
    diags.push(
      diagnostic('SL1006', `unexpected '${s[i]}' after operator name '@${name}': put a blank before the parameter`, arg.spanOf(i, i + 1)),
    );
  }
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return {
    kind: 'Operator',
    name: name || 'rx',
    negated,
    implicit: false,
    param: parseValue(arg, i, s.length),
    span: arg.spanOf(0, s.length),
  };
}
