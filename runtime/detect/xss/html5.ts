/**
 * The HTML5 tokenizer libinjection's XSS check runs on (libinjection_html5.c behaviour).
 *
 * It is deliberately not a full WHATWG tokenizer: it emits only the token kinds the XSS check
 * looks at, never decodes entities, and keeps libinjection's non-standard leniencies (NUL bytes
 * in tag names, `<% … %>` comments, back-tick quoted attribute values, `-!>` closing a comment).
 * It can start inside an attribute value (see {@link Html5Context}) so that a value reflected
 * into an attribute is parsed the way the browser would continue parsing it.
 *
 * Input is a byte string (one char code per byte). The state machine is a loop over a numeric
 * state rather than mutually recursive calls: a run such as `<a ////…` moves between two states
 * once per byte, which recursion would turn into stack depth.
 */

import {
  CH_BANG,
  CH_DASH,
  CH_GT,
  CH_NUL,
  afterCommentClose,
  findCdataClose,
  findCommentClose,
  findPercentClose,
  isAsciiAlpha,
  isWhite,
  matchesUpper,
} from './html5-scan.ts';
import { Html5Context, TokenType } from './html5-tokens.ts';
import type { Html5Token } from './html5-tokens.ts';

export { Html5Context, TOKEN_TYPE_NAMES, TokenType } from './html5-tokens.ts';
export type { Html5Token } from './html5-tokens.ts';

// Tokenizer states. A handler returns EMIT (a token is ready), STOP (end of input) or GOTO
// (this.state was set to the state that must run now, without emitting).
const S_EOF = 0;
const S_DATA = 1;
const S_TAG_OPEN = 2;
const S_END_TAG_OPEN = 3;
const S_TAG_NAME = 4;
const S_TAG_NAME_CLOSE = 5;
const S_SELF_CLOSING_START_TAG = 6;
const S_BEFORE_ATTR_NAME = 7;
const S_ATTR_NAME = 8;
const S_AFTER_ATTR_NAME = 9;
const S_BEFORE_ATTR_VALUE = 10;
const S_VALUE_DOUBLE_QUOTE = 11;
const S_VALUE_SINGLE_QUOTE = 12;
const S_VALUE_BACK_QUOTE = 13;
const S_VALUE_NO_QUOTE = 14;
const S_AFTER_VALUE_QUOTED = 15;
const S_MARKUP_DECLARATION_OPEN = 16;
const S_BOGUS_COMMENT = 17;
const S_BOGUS_COMMENT2 = 18;
const S_COMMENT = 19;
const S_CDATA = 20;
const S_DOCTYPE = 21;

const STOP = 0;
const EMIT = 1;
const GOTO = 2;

const CH_DQUOTE = 0x22;
const CH_PERCENT = 0x25;
const CH_SQUOTE = 0x27;
const CH_SLASH = 0x2f;
const CH_EQUALS = 0x3d;
const CH_QUESTION = 0x3f;
const CH_TICK = 0x60;

export class Html5Tokenizer {
  private s = '';
  private len = 0;
  private pos = 0;
  private state = S_EOF;
  private isClose = false;

  /** Kind of the last token returned by {@link next}. */
  tokenType: TokenType = TokenType.DATA_TEXT;
  /** Offset of the last token in the input. */
  tokenStart = 0;
  /** Length in bytes of the last token. */
  tokenLen = 0;

  constructor(input = '', context: Html5Context = Html5Context.DATA_STATE) {
    this.reset(input, context);
  }

  /** Restart on a new input, so that one instance can serve many calls without allocating. */
  reset(input: string, context: Html5Context): void {
    this.s = input;
    this.len = input.length;
    this.pos = 0;
    this.isClose = false;
    this.tokenType = TokenType.DATA_TEXT;
    this.tokenStart = 0;
    this.tokenLen = 0;
    switch (context) {
      // libinjection starts an unquoted value *before an attribute name*: whatever ends the
      // value (a space) has already been seen, so what follows is a new attribute or `>`.
      case Html5Context.VALUE_NO_QUOTE: this.state = S_BEFORE_ATTR_NAME; break;
      case Html5Context.VALUE_SINGLE_QUOTE: this.state = S_VALUE_SINGLE_QUOTE; break;
      case Html5Context.VALUE_DOUBLE_QUOTE: this.state = S_VALUE_DOUBLE_QUOTE; break;
      case Html5Context.VALUE_BACK_QUOTE: this.state = S_VALUE_BACK_QUOTE; break;
      default: this.state = S_DATA; break;
    }
  }

  /** Advances to the next token; false at the end of input. */
  next(): boolean {
    for (;;) {
      const r = this.run(this.state);
      if (r === GOTO) continue;
      if (r === STOP) this.state = S_EOF;
      return r === EMIT;
    }
  }

  /** Text of the current token. */
  tokenText(): string {
    return this.s.slice(this.tokenStart, this.tokenStart + this.tokenLen);
  }

  private run(state: number): number {
    switch (state) {
      case S_DATA: return this.data();
      case S_TAG_OPEN: return this.tagOpen();
      case S_END_TAG_OPEN: return this.endTagOpen();
      case S_TAG_NAME: return this.tagName();
      case S_TAG_NAME_CLOSE: return this.tagNameClose();
      case S_SELF_CLOSING_START_TAG: return this.selfClosingStartTag();
      case S_BEFORE_ATTR_NAME: return this.beforeAttributeName();
      case S_ATTR_NAME: return this.attributeName();
      case S_AFTER_ATTR_NAME: return this.afterAttributeName();
      case S_BEFORE_ATTR_VALUE: return this.beforeAttributeValue();
      case S_VALUE_DOUBLE_QUOTE: return this.attributeValueQuoted(CH_DQUOTE);
      case S_VALUE_SINGLE_QUOTE: return this.attributeValueQuoted(CH_SQUOTE);
      case S_VALUE_BACK_QUOTE: return this.attributeValueQuoted(CH_TICK);
      case S_VALUE_NO_QUOTE: return this.attributeValueNoQuote();
      case S_AFTER_VALUE_QUOTED: return this.afterAttributeValueQuoted();
      case S_MARKUP_DECLARATION_OPEN: return this.markupDeclarationOpen();
      case S_BOGUS_COMMENT: return this.bogusComment();
      case S_BOGUS_COMMENT2: return this.bogusComment2();
      case S_COMMENT: return this.comment();
      case S_CDATA: return this.cdata();
      case S_DOCTYPE: return this.doctype();
      default: return STOP;
    }
  }

  private emit(type: TokenType, start: number, length: number, nextState: number): number {
    this.tokenType = type;
    this.tokenStart = start;
    this.tokenLen = length;
    this.state = nextState;
    return EMIT;
  }

  private goto(state: number): number {
    this.state = state;
    return GOTO;
  }

  private data(): number {
    const lt = this.s.indexOf('<', this.pos);
    const start = this.pos;
    if (lt < 0) {
      if (this.len === start) return STOP;
      this.pos = this.len;
      return this.emit(TokenType.DATA_TEXT, start, this.len - start, S_EOF);
    }
    this.pos = lt + 1;
    if (lt === start) return this.goto(S_TAG_OPEN);
    return this.emit(TokenType.DATA_TEXT, start, lt - start, S_TAG_OPEN);
  }

  private tagOpen(): number {
    if (this.pos >= this.len) return STOP;
    const c = this.s.charCodeAt(this.pos);
    switch (c) {
      case CH_BANG: this.pos += 1; return this.goto(S_MARKUP_DECLARATION_OPEN);
      case CH_SLASH: this.pos += 1; this.isClose = true; return this.goto(S_END_TAG_OPEN);
      case CH_QUESTION: this.pos += 1; return this.goto(S_BOGUS_COMMENT);
      // `<% … %>`: not HTML5, but IE <= 9 and Safari < 4.0.3 treat it as a comment.
      case CH_PERCENT: this.pos += 1; return this.goto(S_BOGUS_COMMENT2);
      // IE ignores NUL, so `<\0script>` still opens a tag.
      case CH_NUL: return this.goto(S_TAG_NAME);
      default:
        if (isAsciiAlpha(c)) return this.goto(S_TAG_NAME);
        if (this.pos === 0) return this.goto(S_DATA);
        // Not a tag: the `<` alone is text, and data resumes after it.
        return this.emit(TokenType.DATA_TEXT, this.pos - 1, 1, S_DATA);
    }
  }

  private endTagOpen(): number {
    if (this.pos >= this.len) return STOP;
    const c = this.s.charCodeAt(this.pos);
    if (c === CH_GT) return this.goto(S_DATA);
    if (isAsciiAlpha(c)) return this.goto(S_TAG_NAME);
    this.isClose = false;
    return this.goto(S_BOGUS_COMMENT);
  }

  private tagName(): number {
    const s = this.s;
    const start = this.pos;
    for (let p = start; p < this.len; p++) {
      const c = s.charCodeAt(p);
      // Every byte that ends a name is <= '>', so letters skip all tests.
      if (c > CH_GT) continue;
      // NUL is kept inside the name (old browsers ignore it), so it is tested before isWhite.
      if (c === CH_NUL) continue;
      if (isWhite(c)) {
        this.pos = p + 1;
        return this.emit(TokenType.TAG_NAME_OPEN, start, p - start, S_BEFORE_ATTR_NAME);
      }
      if (c === CH_SLASH) {
        this.pos = p + 1;
        return this.emit(TokenType.TAG_NAME_OPEN, start, p - start, S_SELF_CLOSING_START_TAG);
      }
      if (c === CH_GT) {
        if (this.isClose) {
          this.pos = p + 1;
          this.isClose = false;
          return this.emit(TokenType.TAG_CLOSE, start, p - start, S_DATA);
        }
        this.pos = p;
        return this.emit(TokenType.TAG_NAME_OPEN, start, p - start, S_TAG_NAME_CLOSE);
      }
    }
    this.pos = this.len;
    return this.emit(TokenType.TAG_NAME_OPEN, start, this.len - start, S_EOF);
  }

  private tagNameClose(): number {
    this.isClose = false;
    const at = this.pos;
    this.pos += 1;
    return this.emit(TokenType.TAG_NAME_CLOSE, at, 1, this.pos < this.len ? S_DATA : S_EOF);
  }

  private selfClosingStartTag(): number {
    if (this.pos >= this.len) return STOP;
    if (this.s.charCodeAt(this.pos) === CH_GT) {
      const at = this.pos - 1;
      this.pos += 1;
      return this.emit(TokenType.TAG_NAME_SELFCLOSE, at, 2, S_DATA);
    }
    return this.goto(S_BEFORE_ATTR_NAME);
  }

  /** libinjection's h5_skip_white: also skips NUL, \v and \r (IE-isms). Returns -1 at EOF. */
  private skipWhite(): number {
    const s = this.s;
    while (this.pos < this.len) {
      const c = s.charCodeAt(this.pos);
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === CH_NUL) this.pos += 1;
      else return c;
    }
    return -1;
  }

  private beforeAttributeName(): number {
    const c = this.skipWhite();
    if (c < 0) return STOP;
    if (c === CH_SLASH) {
      this.pos += 1;
      return this.goto(S_SELF_CLOSING_START_TAG);
    }
    if (c === CH_GT) {
      // Unlike tagNameClose this path leaves isClose set, as libinjection does.
      const at = this.pos;
      this.pos += 1;
      return this.emit(TokenType.TAG_NAME_CLOSE, at, 1, S_DATA);
    }
    return this.goto(S_ATTR_NAME);
  }

  private attributeName(): number {
    const s = this.s;
    const start = this.pos;
    // The first byte always belongs to the name, even `=` (so `<a =x=y>` names `=x`).
    for (let p = start + 1; p < this.len; p++) {
      const c = s.charCodeAt(p);
      if (c > CH_GT) continue;
      let next = -1;
      if (isWhite(c)) next = S_AFTER_ATTR_NAME;
      else if (c === CH_SLASH) next = S_SELF_CLOSING_START_TAG;
      else if (c === CH_EQUALS) next = S_BEFORE_ATTR_VALUE;
      else if (c === CH_GT) {
        this.pos = p;
        return this.emit(TokenType.ATTR_NAME, start, p - start, S_TAG_NAME_CLOSE);
      }
      if (next >= 0) {
        this.pos = p + 1;
        return this.emit(TokenType.ATTR_NAME, start, p - start, next);
      }
    }
    this.pos = this.len;
    return this.emit(TokenType.ATTR_NAME, start, this.len - start, S_EOF);
  }

  private afterAttributeName(): number {
    const c = this.skipWhite();
    if (c < 0) return STOP;
    if (c === CH_SLASH) {
      this.pos += 1;
      return this.goto(S_SELF_CLOSING_START_TAG);
    }
    if (c === CH_EQUALS) {
      this.pos += 1;
      return this.goto(S_BEFORE_ATTR_VALUE);
    }
    if (c === CH_GT) return this.goto(S_TAG_NAME_CLOSE);
    return this.goto(S_ATTR_NAME);
  }

  private beforeAttributeValue(): number {
    const c = this.skipWhite();
    if (c < 0) return STOP;
    if (c === CH_DQUOTE) return this.goto(S_VALUE_DOUBLE_QUOTE);
    if (c === CH_SQUOTE) return this.goto(S_VALUE_SINGLE_QUOTE);
    // Back-tick quoting is IE-only and non-standard.
    if (c === CH_TICK) return this.goto(S_VALUE_BACK_QUOTE);
    return this.goto(S_VALUE_NO_QUOTE);
  }

  private attributeValueQuoted(quote: number): number {
    // Skip the opening quote, except when starting inside a value (pos 0): there the value
    // has no opening quote and runs to the first closing one.
    if (this.pos > 0) this.pos += 1;
    const start = this.pos;
    const end = this.s.indexOf(String.fromCharCode(quote), start);
    if (end < 0) {
      this.pos = this.len;
      return this.emit(TokenType.ATTR_VALUE, start, this.len - start, S_EOF);
    }
    this.pos = end + 1;
    return this.emit(TokenType.ATTR_VALUE, start, end - start, S_AFTER_VALUE_QUOTED);
  }

  private afterAttributeValueQuoted(): number {
    if (this.pos >= this.len) return STOP;
    const c = this.s.charCodeAt(this.pos);
    if (isWhite(c)) {
      this.pos += 1;
      return this.goto(S_BEFORE_ATTR_NAME);
    }
    if (c === CH_SLASH) {
      this.pos += 1;
      return this.goto(S_SELF_CLOSING_START_TAG);
    }
    if (c === CH_GT) {
      const at = this.pos;
      this.pos += 1;
      return this.emit(TokenType.TAG_NAME_CLOSE, at, 1, S_DATA);
    }
    // `<a b="x"c>`: a new attribute name starts right after the quote.
    return this.goto(S_BEFORE_ATTR_NAME);
  }

  private attributeValueNoQuote(): number {
    const s = this.s;
    const start = this.pos;
    for (let p = start; p < this.len; p++) {
      const c = s.charCodeAt(p);
      if (c > CH_GT) continue;
      if (isWhite(c)) {
        this.pos = p + 1;
        return this.emit(TokenType.ATTR_VALUE, start, p - start, S_BEFORE_ATTR_NAME);
      }
      if (c === CH_GT) {
        this.pos = p;
        return this.emit(TokenType.ATTR_VALUE, start, p - start, S_TAG_NAME_CLOSE);
      }
    }
    this.pos = this.len;
    return this.emit(TokenType.ATTR_VALUE, start, this.len - start, S_EOF);
  }

  private markupDeclarationOpen(): number {
    const s = this.s;
    const p = this.pos;
    // DOCTYPE is matched case-insensitively, [CDATA[ only in upper case, as libinjection does.
    if (matchesUpper(s, p, 'DOCTYPE')) return this.goto(S_DOCTYPE);
    if (s.startsWith('[CDATA[', p)) {
      this.pos += 7;
      return this.goto(S_CDATA);
    }
    if (s.charCodeAt(p) === CH_DASH && s.charCodeAt(p + 1) === CH_DASH) {
      this.pos += 2;
      return this.goto(S_COMMENT);
    }
    return this.goto(S_BOGUS_COMMENT);
  }

  /** Up to the next `>` (`<?…>`, `<!…>`, `</ …>`). */
  private bogusComment(): number {
    const start = this.pos;
    const gt = this.s.indexOf('>', start);
    if (gt < 0) {
      this.pos = this.len;
      return this.emit(TokenType.TAG_COMMENT, start, this.len - start, S_EOF);
    }
    this.pos = gt + 1;
    return this.emit(TokenType.TAG_COMMENT, start, gt - start, S_DATA);
  }

  /** `<% … %>`, ended only by `%>`. */
  private bogusComment2(): number {
    const start = this.pos;
    const pct = findPercentClose(this.s, start);
    if (pct < 0) {
      this.pos = this.len;
      return this.emit(TokenType.TAG_COMMENT, start, this.len - start, S_EOF);
    }
    this.pos = pct + 2;
    return this.emit(TokenType.TAG_COMMENT, start, pct - start, S_DATA);
  }

  /** `<!-- … -->`; libinjection also ends it on `-!>` and ignores NULs after the first dash. */
  private comment(): number {
    const start = this.pos;
    const dash = findCommentClose(this.s, start);
    if (dash < 0) {
      this.pos = this.len;
      return this.emit(TokenType.TAG_COMMENT, start, this.len - start, S_EOF);
    }
    this.pos = afterCommentClose(this.s, dash);
    return this.emit(TokenType.TAG_COMMENT, start, dash - start, S_DATA);
  }

  private cdata(): number {
    const start = this.pos;
    const rb = findCdataClose(this.s, start);
    if (rb < 0) {
      this.pos = this.len;
      return this.emit(TokenType.DATA_TEXT, start, this.len - start, S_EOF);
    }
    this.pos = rb + 3;
    return this.emit(TokenType.DATA_TEXT, start, rb - start, S_DATA);
  }

  private doctype(): number {
    const start = this.pos;
    const gt = this.s.indexOf('>', start);
    if (gt < 0) {
      this.pos = this.len;
      return this.emit(TokenType.DOCTYPE, start, this.len - start, S_EOF);
    }
    this.pos = gt + 1;
    return this.emit(TokenType.DOCTYPE, start, gt - start, S_DATA);
  }
}

/** All tokens of `input` parsed from `context`, as values (tests, tools; not the hot path). */
export function tokenizeHtml5(
  input: string,
  context: Html5Context = Html5Context.DATA_STATE,
): Html5Token[] {
  const t = new Html5Tokenizer(input, context);
  const out: Html5Token[] = [];
  while (t.next()) {
    out.push({ type: t.tokenType, start: t.tokenStart, length: t.tokenLen, text: t.tokenText() });
  }
  return out;
}
