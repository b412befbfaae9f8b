/**
 * The names libinjection's XSS check treats as dangerous (libinjection_xss.c BLACKTAG and
 * BLACKATTR), and its NUL-skipping name compare.
 */

/** How an attribute's value is judged (libinjection's `attribute_t`). */
export const AttrKind = {
  /** Harmless name: the value is not looked at. */
  NONE: 0,
  /** Any value is an attack (event handlers, IE data binding, xmlns/xlink). */
  BLACK: 1,
  /** The value is a URL: an attack when its scheme is script-capable. */
  URL: 2,
  /** Inline CSS: any value is an attack. */
  STYLE: 3,
  /** The value itself names an attribute (SVG `attributeName`). */
  INDIRECT: 4,
} as const;
export type AttrKind = (typeof AttrKind)[keyof typeof AttrKind];

const BLACK_TAGS: readonly string[] = [
  'APPLET',
  'BASE',
  'COMMENT', // IE, html5sec.org #38
  'EMBED',
  'FRAME',
  'FRAMESET',
  'HANDLER', // Opera SVG: effectively a script tag
  'IFRAME',
  'IMPORT',
  'ISINDEX',
  'LINK',
  'LISTENER',
  'META',
  'NOSCRIPT',
  'OBJECT',
  'SCRIPT',
  'STYLE',
  'VMLFRAME',
  'XML',
  'XSS',
];

type AttrEntry = readonly [name: string, kind: AttrKind];

const BLACK_ATTRS: readonly AttrEntry[] = [
  ['ACTION', AttrKind.URL], // form
  ['ATTRIBUTENAME', AttrKind.INDIRECT], // SVG animation names the attribute in a value
  ['BY', AttrKind.URL], // SVG
  ['BACKGROUND', AttrKind.URL], // IE6, Opera 11
  ['DATAFORMATAS', AttrKind.BLACK], // IE
  ['DATASRC', AttrKind.BLACK], // IE
  ['DYNSRC', AttrKind.URL], // obsolete img attribute
  ['FILTER', AttrKind.STYLE], // Opera, SVG inline style
  ['FORMACTION', AttrKind.URL], // HTML5
  ['FOLDER', AttrKind.URL], // IE, on <a>
  ['FROM', AttrKind.URL], // SVG
  ['HANDLER', AttrKind.URL], // SVG Tiny, Opera
  ['HREF', AttrKind.URL],
  ['LOWSRC', AttrKind.URL], // obsolete img attribute
  ['POSTER', AttrKind.URL], // Opera 10, 11
  ['SRC', AttrKind.URL],
  ['STYLE', AttrKind.STYLE],
  ['TO', AttrKind.URL], // SVG
  ['VALUES', AttrKind.URL], // SVG
  ['XLINK:HREF', AttrKind.URL],
];

/**
 * Whether `s[start, start+len)`, with NUL bytes dropped and ASCII upper-cased, equals the
 * upper-case `word` (libinjection's cstrcasecmp_with_null; equality, not a prefix test, unless
 * `len` is cut short by the caller).
 */
export function equalsIgnoringNul(word: string, s: string, start: number, len: number): boolean {
  let w = 0;
  const wlen = word.length;
  for (let i = start, end = start + len; i < end; i++) {
    let c = s.charCodeAt(i);
    if (c === 0) continue;
    if (w >= wlen) return false;
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    if (c !== word.charCodeAt(w)) return false;
    w++;
  }
  return w === wlen;
}

// The lists bucketed by first letter, so that a lookup compares against one or two names
// rather than all twenty (attribute names are the most frequent token in benign markup).
const TAGS_BY_FIRST: string[][] = Array.from({ length: 256 }, () => []);
for (const tag of BLACK_TAGS) TAGS_BY_FIRST[tag.charCodeAt(0)].push(tag);
const ATTRS_BY_FIRST: AttrEntry[][] = Array.from({ length: 256 }, () => []);
for (const entry of BLACK_ATTRS) ATTRS_BY_FIRST[entry[0].charCodeAt(0)].push(entry);

/**
 * Upper-cased first non-NUL byte of `s[start, end)`, or 0 when there is none. A char above
 * 0xFF (not a byte string, a caller's mistake) also gives 0: it matches no name and must not
 * index past the tables.
 */
function firstByteUpper(s: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0) return c >= 0x61 && c <= 0x7a ? c - 0x20 : c > 0xff ? 0 : c;
  }
  return 0;
}

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** A tag name libinjection flags: the list above, or anything starting `svg` or `xsl`. */
export function isBlackTag(s: string, start: number, len: number): boolean {
  if (len < 3) return false;
  const tags = TAGS_BY_FIRST[firstByteUpper(s, start, start + len)];
  for (let i = 0; i < tags.length; i++) {
    if (equalsIgnoringNul(tags[i], s, start, len)) return true;
  }
  const a = lower(s.charCodeAt(start));
  const b = lower(s.charCodeAt(start + 1));
  const c = lower(s.charCodeAt(start + 2));
  // Any SVG element can carry script; xsl* covers XSLT stylesheets.
  if (a === 0x73 && b === 0x76 && c === 0x67) return true;
  if (a === 0x78 && b === 0x73 && c === 0x6c) return true;
  return false;
}

/** How libinjection treats an attribute named `s[start, start+len)`. */
export function blackAttrKind(s: string, start: number, len: number): AttrKind {
  if (len < 2) return AttrKind.NONE;
  const first = firstByteUpper(s, start, start + len);
  if (len >= 5) {
    const c0 = s.charCodeAt(start);
    // on* event handlers; libinjection only requires five bytes, so `one1x` counts too.
    if ((c0 === 0x6f || c0 === 0x4f) && lower(s.charCodeAt(start + 1)) === 0x6e) {
      return AttrKind.BLACK;
    }
    // xmlns* can declare namespaces that turn arbitrary tags into script; xlink* likewise.
    if (
      first === 0x58 &&
      (equalsIgnoringNul('XMLNS', s, start, 5) || equalsIgnoringNul('XLINK', s, start, 5))
    ) {
      return AttrKind.BLACK;
    }
  }
  const attrs = ATTRS_BY_FIRST[first];
  for (let i = 0; i < attrs.length; i++) {
    const entry = attrs[i];
    if (equalsIgnoringNul(entry[0], s, start, len)) return entry[1];
  }
  return AttrKind.NONE;
}
