import type { LiteralPart, MacroPart, Value, ValuePart } from '../ast.ts';
import type { ArgText } from '../arg-text.ts';

const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdent = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);

/**
 * Splits text[from, to) of an argument into literal text and `%{collection.key}` macros.
 * Only a well-formed macro is a macro; any other `%{` stays literal text, because regexes and
 * messages may contain it (ModSecurity expands only what resolves to a variable).
 */
export function parseValue(arg: ArgText, from: number, to: number, text = arg.text.slice(from, to)): Value {
  const parts: ValuePart[] = [];
  const src = arg.text;
  let lit = from;
  let i = from;
  while (i < to) {
    const at = src.indexOf('%{', i);
    if (at < 0 || at + 2 >= to) break;
    const macro = readMacro(arg, at, to);
    if (!macro) {
      i = at + 2;
      continue;
    }
    if (at > lit) parts.push(literal(arg, lit, at));
    parts.push(macro.part);
    i = lit = macro.end;
  }
  if (lit < to || parts.length === 0) parts.push(literal(arg, lit, to));
  return { text, parts, span: arg.spanOf(from, to) };
}

function literal(arg: ArgText, from: number, to: number): LiteralPart {
  return { kind: 'literal', text: arg.text.slice(from, to), span: arg.spanOf(from, to) };
}

function readMacro(arg: ArgText, at: number, to: number): { part: MacroPart; end: number } | null {
  const s = arg.text;
  let j = at + 2;
  if (!isIdentStart(s.charCodeAt(j))) return null;
  while (j < to && isIdent(s.charCodeAt(j))) j++;
  const collection = s.slice(at + 2, j);
  let key: string | undefined;
  if (s.charCodeAt(j) === 46 /* . */) {
    const close = s.indexOf('}', j + 1);
    if (close < 0 || close >= to || close === j + 1) return null;
    key = s.slice(j + 1, close);
    if (key.includes('%{')) return null;
    j = close;
  }
  if (s.charCodeAt(j) !== 125 /* } */) return null;
  const part: MacroPart =
    key === undefined
      ? { kind: 'macro', collection, span: arg.spanOf(at, j + 1) }
      : { kind: 'macro', collection, key, span: arg.spanOf(at, j + 1) };
  return { part, end: j + 1 };
}
