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
 * One token. Mutable and reused: the tokenizer writes into a fixed vector of these. The value
 * is kept as a span of its source (src, start, len) and sliced only when `val` is read: most
 * tokens of a benign value are judged by type and by in-place keyword lookups alone, so the
 * scan allocates no strings for them.
 */
export class Token {
  type = 0;
  pos = 0;
  /** Length of `val`, at most TOKEN_VAL_MAX even when the source span was longer. */
  len = 0;
  /** The value is src[start, start + len). */
  src = '';
  start = 0;
  /** Opening / closing quote byte of a string (0 when none: simulated or unterminated). */
  strOpen = 0;
  strClose = 0;
  /** Number of `@` of a variable (1 or 2). */
  count = 0;
  /** keywords.ts wordInfo of `val` once looked up, else -1. */
  info = -1;
  /** `val` once sliced (or given whole); null until first read. */
  private str: string | null = '';

  /** The value, truncated to TOKEN_VAL_MAX bytes. */
  get val(): string {
    let v = this.str;
    if (v === null) {
      v = this.src.slice(this.start, this.start + this.len);
      this.str = v;
    }
    return v;
  }

  clear(): void {
    this.type = 0;
    this.pos = 0;
    this.len = 0;
    this.src = '';
    this.start = 0;
    this.str = '';
    this.info = -1;
    this.strOpen = 0;
    this.strClose = 0;
    this.count = 0;
  }

  copyFrom(o: Token): void {
    this.type = o.type;
    this.pos = o.pos;
    this.len = o.len;
    this.src = o.src;
    this.start = o.start;
    this.str = o.str;
    this.info = o.info;
    this.strOpen = o.strOpen;
    this.strClose = o.strClose;
    this.count = o.count;
  }

  /** Sets type, position and a value truncated to TOKEN_VAL_MAX bytes. */
  assign(type: number, pos: number, val: string): void {
    this.assignSpan(type, pos, val, 0, val.length);
  }

  /**
   * Sets type, position and the value src[from, to), truncated to TOKEN_VAL_MAX bytes, as
   * assign(type, pos, src.slice(from, to)) would, without slicing.
   */
  assignSpan(type: number, pos: number, src: string, from: number, to: number): void {
    this.type = type;
    this.pos = pos;
    this.src = src;
    this.start = from;
    // Clamped as String.slice clamps its bounds.
    const n = (to < src.length ? to : src.length) - from;
    this.len = n <= 0 ? 0 : n > TOKEN_VAL_MAX ? TOKEN_VAL_MAX : n;
    this.str = null;
    this.info = -1;
  }
}
