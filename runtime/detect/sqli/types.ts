/**
 * Token types of the SQL tokenizer. Each type is the byte of its fingerprint letter, the same
 * letters libinjection prints, so a fingerprint is just the types of the folded tokens.
 */
export const T = {
  NONE: 0,
  KEYWORD: 0x6b, // k
  UNION: 0x55, // U
  GROUP: 0x42, // B
  EXPRESSION: 0x45, // E
  SQLTYPE: 0x74, // t
  FUNCTION: 0x66, // f
  BAREWORD: 0x6e, // n
  NUMBER: 0x31, // 1
  VARIABLE: 0x76, // v
  STRING: 0x73, // s
  OPERATOR: 0x6f, // o
  LOGIC_OPERATOR: 0x26, // &
  COMMENT: 0x63, // c
  COLLATE: 0x41, // A
  LEFTPARENS: 0x28, // (
  RIGHTPARENS: 0x29, // )
  LEFTBRACE: 0x7b, // {
  RIGHTBRACE: 0x7d, // }
  DOT: 0x2e, // .
  COMMA: 0x2c, // ,
  COLON: 0x3a, // :
  SEMICOLON: 0x3b, // ;
  TSQL: 0x54, // T
  UNKNOWN: 0x3f, // ?
  EVIL: 0x58, // X
  BACKSLASH: 0x5c, // \
} as const;

/** Quote context the input is read in (libinjection's FLAG_QUOTE_*). */
export const QUOTE_NONE = 1;
export const QUOTE_SINGLE = 2;
export const QUOTE_DOUBLE = 4;
/** Comment dialect: ANSI treats `--x` as a comment, MySQL needs `-- ` and reads `#` as one. */
export const SQL_ANSI = 8;
export const SQL_MYSQL = 16;

/** Token values are kept to 31 bytes, as libinjection's fixed 32-byte buffers do. */
export const TOKEN_VAL_MAX = 31;
/** A fingerprint has at most five tokens. */
export const MAX_TOKENS = 5;

/**
 * One token. Mutable and reused: the tokenizer writes into a fixed vector of these, so a scan
 * allocates nothing but the (sliced) value strings.
 */
export class Token {
  type = 0;
  pos = 0;
  /** Length of `val`, at most TOKEN_VAL_MAX even when the source span was longer. */
  len = 0;
  val = '';
  /** Opening / closing quote byte of a string (0 when none: simulated or unterminated). */
  strOpen = 0;
  strClose = 0;
  /** Number of `@` of a variable (1 or 2). */
  count = 0;

  clear(): void {
    this.type = 0;
    this.pos = 0;
    this.len = 0;
    this.val = '';
    this.strOpen = 0;
    this.strClose = 0;
    this.count = 0;
  }

  copyFrom(o: Token): void {
    this.type = o.type;
    this.pos = o.pos;
    this.len = o.len;
    this.val = o.val;
    this.strOpen = o.strOpen;
    this.strClose = o.strClose;
    this.count = o.count;
  }

  /** Sets type, position and a value truncated to TOKEN_VAL_MAX bytes. */
  assign(type: number, pos: number, val: string): void {
    this.type = type;
    this.pos = pos;
    this.val = val.length > TOKEN_VAL_MAX ? val.slice(0, TOKEN_VAL_MAX) : val;
    this.len = this.val.length;
  }
}
