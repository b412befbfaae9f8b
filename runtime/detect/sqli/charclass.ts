/**
 * Byte -> scanner table. Each byte selects the routine that reads the token starting with it,
 * so the scan does one table load per token instead of a chain of tests or a regex.
 */
import { byteSet } from './bytes.ts';

export const C = {
  WHITE: 0, OP1: 1, OP2: 2, STRING: 3, HASH: 4, MONEY: 5, CHAR: 6, DASH: 7, NUMBER: 8,
  SLASH: 9, OTHER: 10, VAR: 11, WORD: 12, BSTRING: 13, ESTRING: 14, NQSTRING: 15, QSTRING: 16,
  USTRING: 17, XSTRING: 18, BWORD: 19, BACKSLASH: 20, TICK: 21,
} as const;

function build(): Uint8Array {
  const t = new Uint8Array(256).fill(C.WORD);
  // Control bytes, space and DEL separate tokens; so does NBSP (0xA0), which MySQL skips.
  for (let i = 0; i <= 32; i++) t[i] = C.WHITE;
  t[127] = C.WHITE;
  t[0xa0] = C.WHITE;
  const set = (chars: string, cls: number): void => {
    for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = cls;
  };
  set('!&*:<=>|', C.OP2);
  set('%+^~', C.OP1);
  set('"\'', C.STRING);
  set('#', C.HASH);
  set('$', C.MONEY);
  set('(),;{}', C.CHAR);
  set('-', C.DASH);
  set('.0123456789', C.NUMBER);
  set('/', C.SLASH);
  set('?]', C.OTHER);
  set('@', C.VAR);
  set('Bb', C.BSTRING);
  set('Ee', C.ESTRING);
  set('Nn', C.NQSTRING);
  set('Qq', C.QSTRING);
  set('Uu', C.USTRING);
  set('Xx', C.XSTRING);
  set('[', C.BWORD);
  set('\\', C.BACKSLASH);
  set('`', C.TICK);
  return t;
}

export const CHAR_CLASS: Uint8Array = build();

/** Bytes that end a bare word (libinjection's word delimiters). */
export const WORD_END: Uint8Array = byteSet(' []{}<>:\\?=@!#~+-*/&|^%(),\';\t\n\v\f\r"\xa0\0');
/** Bytes that end a variable name. */
export const VAR_END: Uint8Array = byteSet(' <>:\\?=@!#~+-*/&|^%(),\';\t\n\v\f\r`"');
/** Whitespace as libinjection's char_is_white sees it, NUL included. */
export const WHITE: Uint8Array = byteSet(' \t\n\v\f\r\xa0\0');
