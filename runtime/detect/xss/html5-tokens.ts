/**
 * Token kinds and start contexts of the HTML5 tokenizer, numbered as in libinjection's
 * libinjection_html5.h so that printed tokens match its test vectors.
 */

/** Token kinds, numbered as in libinjection's `enum html5_type`. */
export const TokenType = {
  DATA_TEXT: 0,
  TAG_NAME_OPEN: 1,
  TAG_NAME_CLOSE: 2,
  TAG_NAME_SELFCLOSE: 3,
  TAG_DATA: 4,
  TAG_CLOSE: 5,
  ATTR_NAME: 6,
  ATTR_VALUE: 7,
  TAG_COMMENT: 8,
  DOCTYPE: 9,
} as const;
export type TokenType = (typeof TokenType)[keyof typeof TokenType];

/** Names as printed by libinjection's test driver, indexed by {@link TokenType}. */
export const TOKEN_TYPE_NAMES: readonly string[] = [
  'DATA_TEXT',
  'TAG_NAME_OPEN',
  'TAG_NAME_CLOSE',
  'TAG_NAME_SELFCLOSE',
  'TAG_DATA',
  'TAG_CLOSE',
  'ATTR_NAME',
  'ATTR_VALUE',
  'TAG_COMMENT',
  'DOCTYPE',
];

/** Where the input is assumed to be reflected (libinjection's `enum html5_flags`). */
export const Html5Context = {
  DATA_STATE: 0,
  VALUE_NO_QUOTE: 1,
  VALUE_SINGLE_QUOTE: 2,
  VALUE_DOUBLE_QUOTE: 3,
  VALUE_BACK_QUOTE: 4,
} as const;
export type Html5Context = (typeof Html5Context)[keyof typeof Html5Context];

/** One token as a value, for tests and tools; the hot path reads the tokenizer's fields. */
export interface Html5Token {
  type: TokenType;
  start: number;
  length: number;
  text: string;
}
