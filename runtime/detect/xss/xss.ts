/**
 * libinjection_xss: tokenize the input as HTML5 from each context it may be reflected into and
 * flag it when any token is dangerous. This is the check behind ModSecurity's and Coraza's
 * `@detectXSS`.
 */
import { AttrKind, blackAttrKind, equalsIgnoringNul, isBlackTag } from './blacklists.ts';
import { Html5Context, Html5Tokenizer, TokenType } from './html5.ts';
import { isBlackUrl } from './url.ts';

// One tokenizer reused by every call: detection never re-enters itself, so sharing is safe and
// the hot path allocates nothing.
const scratch = new Html5Tokenizer();

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

function containsByte(s: string, start: number, end: number, byte: number): boolean {
  for (let i = start; i < end; i++) if (s.charCodeAt(i) === byte) return true;
  return false;
}

/**
 * Comments libinjection flags: a back-tick anywhere (IE ends tags on it), IE conditional
 * comments (`[if`), `xml…` processing instructions, `<?import` (IE pseudo-tag) and `<!ENTITY`.
 */
function isBlackComment(s: string, start: number, len: number): boolean {
  if (containsByte(s, start, start + len, 0x60)) return true;
  if (len > 3) {
    const a = s.charCodeAt(start);
    const b = lower(s.charCodeAt(start + 1));
    const c = lower(s.charCodeAt(start + 2));
    if (a === 0x5b && b === 0x69 && c === 0x66) return true;
    if (lower(a) === 0x78 && b === 0x6d && c === 0x6c) return true;
  }
  if (len > 5) {
    if (equalsIgnoringNul('IMPORT', s, start, 6)) return true;
    if (equalsIgnoringNul('ENTITY', s, start, 6)) return true;
  }
  return false;
}

/** Whether an attribute value is an attack given the kind of the attribute it belongs to. */
function isBlackValue(kind: AttrKind, s: string, start: number, len: number): boolean {
  switch (kind) {
    case AttrKind.BLACK:
    case AttrKind.STYLE:
      return true;
    case AttrKind.URL:
      return isBlackUrl(s, start, len);
    case AttrKind.INDIRECT:
      return blackAttrKind(s, start, len) !== AttrKind.NONE;
    default:
      return false;
  }
}

/** libinjection_is_xss: whether `input`, parsed from `context`, holds a dangerous token. */
export function isXSSInContext(input: string, context: Html5Context): boolean {
  const t = scratch;
  t.reset(input, context);
  let attr: AttrKind = AttrKind.NONE;
  let found = false;
  while (t.next()) {
    const type = t.tokenType;
    if (type === TokenType.ATTR_VALUE) {
      // A value is judged by the attribute name right before it; a value token that follows
      // anything else (a bare start in a value context) is harmless on its own.
      if (isBlackValue(attr, input, t.tokenStart, t.tokenLen)) found = true;
      attr = AttrKind.NONE;
    } else if (type === TokenType.ATTR_NAME) {
      attr = blackAttrKind(input, t.tokenStart, t.tokenLen);
    } else {
      attr = AttrKind.NONE;
      if (type === TokenType.DOCTYPE) found = true;
      else if (type === TokenType.TAG_NAME_OPEN) found = isBlackTag(input, t.tokenStart, t.tokenLen);
      else if (type === TokenType.TAG_COMMENT) found = isBlackComment(input, t.tokenStart, t.tokenLen);
    }
    if (found) break;
  }
  // Drop the reference so a large input is not kept alive by the shared tokenizer.
  t.reset('', Html5Context.DATA_STATE);
  return found;
}

/**
 * libinjection_xss: true when `input` (a byte string) is XSS in any of the contexts a value
 * may be reflected into: HTML text, or an unquoted, single-, double- or back-tick-quoted
 * attribute value.
 */
export function detectXSS(input: string): boolean {
  // Prefilters, exact (differential test in xss.test.ts against detectXSSUnfiltered):
  // - every flagged token needs a `<` or an `=` before it. Tags, comments and doctypes are
  //   only reached from the tag-open state, which only a `<` enters; a value is only judged
  //   when it follows an attribute name, and the state that reads such a value is only entered
  //   on `=` (the value that starts a quoted context has no name before it);
  // - so the text context needs a `<`, and a quoted context needs its quote: without it the
  //   whole input is that first, unjudged value.
  // Most benign values hold none of these bytes, and a native scan is cheaper than a
  // tokenizer run.
  const hasLt = input.indexOf('<') >= 0;
  if (!hasLt && input.indexOf('=') < 0) return false;
  return (
    (hasLt && isXSSInContext(input, Html5Context.DATA_STATE)) ||
    isXSSInContext(input, Html5Context.VALUE_NO_QUOTE) ||
    (input.indexOf("'") >= 0 && isXSSInContext(input, Html5Context.VALUE_SINGLE_QUOTE)) ||
    (input.indexOf('"') >= 0 && isXSSInContext(input, Html5Context.VALUE_DOUBLE_QUOTE)) ||
    (input.indexOf('`') >= 0 && isXSSInContext(input, Html5Context.VALUE_BACK_QUOTE))
  );
}

/** {@link detectXSS} without its prefilter: the reference the prefilter is tested against. */
export function detectXSSUnfiltered(input: string): boolean {
  return (
    isXSSInContext(input, Html5Context.DATA_STATE) ||
    isXSSInContext(input, Html5Context.VALUE_NO_QUOTE) ||
    isXSSInContext(input, Html5Context.VALUE_SINGLE_QUOTE) ||
    isXSSInContext(input, Html5Context.VALUE_DOUBLE_QUOTE) ||
    isXSSInContext(input, Html5Context.VALUE_BACK_QUOTE)
  );
}
