import { diagnostic, type Diagnostic } from '../../core/diagnostic.ts';
import type { Selector, SelectorKind, Variable } from '../ast.ts';
import type { ArgText } from '../arg-text.ts';

const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdent = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isBlank = (c: number) => c === 32 || c === 9;

/**
 * Parses a variable list: `A|B|!A:x|&A|A:/regex/|A:'quoted'|XML:/xpath|TX:name`.
 * Reports every malformed element and goes on with the next `|`.
 */
export function parseVariables(arg: ArgText, diags: Diagnostic[]): Variable[] {
  const s = arg.text;
  const out: Variable[] = [];
  let i = 0;
  if (s.trim() === '') {
    diags.push(diagnostic('SL1005', 'empty variable list', arg.span));
    return out;
  }
  while (i <= s.length) {
    while (i < s.length && isBlank(s.charCodeAt(i))) i++;
    const start = i;
    const v = parseOne(arg, i, diags);
    i = v.end;
    if (v.variable) out.push(v.variable);
    while (i < s.length && isBlank(s.charCodeAt(i))) i++;
    if (i >= s.length) break;
    if (s.charCodeAt(i) === 124 /* | */) {
      i++;
      if (i < s.length) continue;
      diags.push(diagnostic('SL1005', "variable list ends with '|'", arg.spanOf(i - 1, i)));
      break;
    }
    // Something other than `|` after an element: report once and resynchronise at the next `|`
    // (an element that failed to parse has reported already).
    const bar = s.indexOf('|', i);
    const end = bar < 0 ? s.length : bar;
    if (v.variable) diags.push(
      diagnostic('SL1005', `unexpected '${s.slice(i, Math.min(end, i + 20))}' in variable list: elements are separated by '|'`, arg.spanOf(i, end)),
    );
    if (v.end === start && bar < 0) break;
    i = bar < 0 ? s.length : bar + 1;
  }
  return out;
}

function parseOne(arg: ArgText, from: number, diags: Diagnostic[]): { variable?: Variable; end: number } {
  const s = arg.text;
  let i = from;
  let exclude = false;
  let count = false;
  while (i < s.length && (s[i] === '!' || s[i] === '&')) {
    if (s[i] === '!') exclude = true;
    else count = true;
    i++;
  }
  const nameStart = i;
  if (!isIdentStart(s.charCodeAt(i))) {
    const what = i < s.length ? `'${s[i]}'` : 'end of list';
    diags.push(diagnostic('SL1005', `expected a variable name, found ${what}`, arg.spanOf(i, i + 1)));
    return { end: i };
  }
  while (i < s.length && isIdent(s.charCodeAt(i))) i++;
  const name = s.slice(nameStart, i);
  let selector: Selector | undefined;
  if (s.charCodeAt(i) === 58 /* : */) {
    const sel = parseSelector(arg, i + 1, name, diags);
    selector = sel.selector;
    i = sel.end;
  }
  const variable: Variable = selector
    ? { kind: 'Variable', name, count, exclude, selector, span: arg.spanOf(from, i) }
    : { kind: 'Variable', name, count, exclude, span: arg.spanOf(from, i) };
  return { variable, end: i };
}

function parseSelector(arg: ArgText, from: number, name: string, diags: Diagnostic[]): { selector?: Selector; end: number } {
  const s = arg.text;
  const c = s[from];
  const make = (kind: SelectorKind, value: string, end: number): { selector: Selector; end: number } => ({
    selector: { kind, value, span: arg.spanOf(from, end) },
    end,
  });
  if (from >= s.length || c === '|') {
    diags.push(diagnostic('SL1009', `'${name}:' needs a key after the colon`, arg.spanOf(from - 1, from)));
    return { end: from };
  }
  if (name.toUpperCase() === 'XML') {
    const end = scanXPath(s, from);
    return make('xpath', s.slice(from, end), end);
  }
  if (c === '/') {
    for (let j = from + 1; j < s.length; j++) {
      const ch = s.charCodeAt(j);
      if (ch === 92 /* \ */) {
        j++;
        continue;
      }
      if (ch === 47 /* / */ && (j + 1 === s.length || s[j + 1] === '|' || isBlank(s.charCodeAt(j + 1)))) {
        return make('regex', s.slice(from + 1, j), j + 1);
      }
    }
    diags.push(diagnostic('SL1012', `regular expression key of '${name}' has no closing '/'`, arg.spanOf(from, s.length)));
    return { end: s.length };
  }
  if (c === "'") {
    let value = '';
    for (let j = from + 1; j < s.length; j++) {
      if (s[j] === '\\' && s[j + 1] === "'") {
        value += "'";
        j++;
      } else if (s[j] === "'") {
        return make('quoted', value, j + 1);
      } else value += s[j];
    }
    diags.push(diagnostic('SL1001', `quoted key of '${name}' has no closing quote`, arg.spanOf(from, s.length)));
    return { end: s.length };
  }
  let end = from;
  while (end < s.length && s[end] !== '|' && !isBlank(s.charCodeAt(end))) end++;
  return make('literal', s.slice(from, end), end);
}

/** An XPath runs to the next `|` outside brackets, parentheses and quotes. */
function scanXPath(s: string, from: number): number {
  let depth = 0;
  let quote = '';
  for (let j = from; j < s.length; j++) {
    const c = s[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && depth > 0) depth--;
    else if (depth === 0 && (c === '|' || c === ' ' || c === '\t')) return j;
  }
  return s.length;
}
