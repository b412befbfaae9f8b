import { diagnostic, type Diagnostic } from '../../core/diagnostic.ts';
import type { Action, CtlAction, SetvarAction, SetvarOp } from '../ast.ts';
import type { ArgText } from '../arg-text.ts';
import { parseValue } from './value.ts';

const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdent = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isBlank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Parses an action list: `id:1,phase:2,t:none,msg:'a, b',setvar:'tx.x=+1',chain`.
 * Values are either single-quoted (`\'` escapes a quote, commas allowed) or run to the next
 * comma. Every malformed action is reported; parsing resumes at the next comma.
 */
export function parseActions(arg: ArgText, diags: Diagnostic[]): Action[] {
  const s = arg.text;
  const out: Action[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && isBlank(s.charCodeAt(i))) i++;
    if (i >= s.length) break;
    const start = i;
    if (!isIdentStart(s.charCodeAt(i))) {
      const next = nextComma(s, i);
      diags.push(
        next === i
          ? diagnostic('SL1007', "empty action: two commas in a row, or a comma at the start", arg.spanOf(i, i + 1))
          : diagnostic('SL1007', `expected an action name, found '${s.slice(i, Math.min(next, i + 20))}'`, arg.spanOf(i, next)),
      );
      i = next + 1;
      continue;
    }
    while (i < s.length && isIdent(s.charCodeAt(i))) i++;
    const name = s.slice(start, i);
    let value: ArgText | undefined;
    if (s[i] === ':') {
      i++;
      if (s[i] === "'") {
        const close = closingQuote(s, i + 1);
        if (close < 0) {
          diags.push(diagnostic('SL1001', `value of '${name}' has no closing quote`, arg.spanOf(i, s.length)));
          break;
        }
        value = arg.unquoted(i + 1, close);
        i = close + 1;
      } else {
        let end = nextComma(s, i);
        const next = end;
        while (end > i && isBlank(s.charCodeAt(end - 1))) end--;
        value = arg.slice(i, end);
        i = next;
      }
    }
    out.push(makeAction(name, value, arg.spanOf(start, i), diags));
    while (i < s.length && isBlank(s.charCodeAt(i))) i++;
    if (i >= s.length) break;
    if (s[i] === ',') {
      i++;
      continue;
    }
    const next = nextComma(s, i);
    diags.push(
      diagnostic('SL1007', `unexpected '${s.slice(i, Math.min(next, i + 20))}' after action '${name}': actions are separated by ','`, arg.spanOf(i, next)),
    );
    i = next + 1;
  }
  return out;
}

function nextComma(s: string, from: number): number {
  const c = s.indexOf(',', from);
  return c < 0 ? s.length : c;
}

function closingQuote(s: string, from: number): number {
  for (let j = from; j < s.length; j++) {
    if (s.charCodeAt(j) === 92 && s[j + 1] === "'") j++;
    else if (s[j] === "'") return j;
  }
  return -1;
}

function makeAction(name: string, value: ArgText | undefined, span: Action['span'], diags: Diagnostic[]): Action {
  const lower = name.toLowerCase();
  if (value && lower === 'setvar') return parseSetvar(name, value, span, diags) ?? plain(name, value, span);
  if (value && lower === 'ctl') return parseCtl(name, value, span, diags) ?? plain(name, value, span);
  return plain(name, value, span);
}

function plain(name: string, value: ArgText | undefined, span: Action['span']): Action {
  if (!value) return { kind: 'Action', name, span };
  return { kind: 'Action', name, value: parseValue(value, 0, value.text.length), span };
}

/** `[!]collection.key[=[+|-]value]`, with macros allowed in key and value. */
function parseSetvar(name: string, v: ArgText, span: SetvarAction['span'], diags: Diagnostic[]): SetvarAction | null {
  const s = v.text;
  let i = 0;
  const del = s[0] === '!';
  if (del) i++;
  const dot = s.indexOf('.', i);
  const eq = s.indexOf('=', i);
  if (dot < 0 || (eq >= 0 && eq < dot)) {
    diags.push(diagnostic('SL3012', `setvar needs 'collection.name', got '${s}'`, v.spanOf(0, s.length)));
    return null;
  }
  const collection = s.slice(i, dot);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(collection)) {
    diags.push(diagnostic('SL3012', `setvar: '${collection}' is not a collection name`, v.spanOf(i, dot)));
    return null;
  }
  const keyEnd = eq < 0 ? s.length : eq;
  if (keyEnd === dot + 1) {
    diags.push(diagnostic('SL3012', 'setvar: missing variable name after the dot', v.spanOf(dot, dot + 1)));
    return null;
  }
  const key = parseValue(v, dot + 1, keyEnd);
  if (del) {
    if (eq >= 0) {
      diags.push(diagnostic('SL3012', "setvar: a deletion ('!') takes no value", v.spanOf(eq, s.length)));
      return null;
    }
    return { kind: 'Setvar', name, collection, key, op: '!', span };
  }
  if (eq < 0) return { kind: 'Setvar', name, collection, key, op: '=', span };
  let op: SetvarOp = '=';
  let valueStart = eq + 1;
  if (s[valueStart] === '+' || s[valueStart] === '-') {
    op = s[valueStart] === '+' ? '=+' : '=-';
    valueStart++;
  }
  return { kind: 'Setvar', name, collection, key, op, value: parseValue(v, valueStart, s.length), span };
}

/** `option=value`; the value's own syntax (ids, targets) is checked by the compiler. */
function parseCtl(name: string, v: ArgText, span: CtlAction['span'], diags: Diagnostic[]): CtlAction | null {
  const s = v.text;
  const eq = s.indexOf('=');
  if (eq <= 0 || !/^[A-Za-z]+$/.test(s.slice(0, eq))) {
    diags.push(diagnostic('SL3016', `ctl needs 'option=value', got '${s}'`, v.spanOf(0, s.length)));
    return null;
  }
  return { kind: 'Ctl', name, option: s.slice(0, eq), value: parseValue(v, eq + 1, s.length), span };
}
