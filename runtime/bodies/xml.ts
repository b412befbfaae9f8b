/**
 * XML bodies: a DOM for the XML:<xpath> variable.
 *
 * Parsing uses @xmldom/xmldom, which never loads anything: it knows only the predefined and
 * numeric entities. An internal entity whose value is plain text is expanded beforehand, as
 * libxml2 expands it (expandInternalEntities, one level, so nothing grows beyond one value per
 * reference); any other DOCTYPE-declared entity (external, parameter, or holding markup) stays
 * unexpanded. XXE and entity-expansion bombs are impossible by construction, matching
 * ModSecurity with SecXmlExternalEntity Off.
 *
 * The byte-string body is decoded as UTF-8 (the XML default; a declared legacy encoding is
 * not honoured: bytes that are not UTF-8 end the document, as they do for libxml2 without the
 * declaration) and every value handed back is re-encoded to UTF-8 bytes. xmldom is lenient where
 * libxml2 is not; parseXml finds libxml2's first well-formedness error itself and keeps the
 * document up to it, as ModSecurity keeps libxml2's partial tree.
 */
import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import { bytesToText, textToBytes } from './utf8.ts';
import type { XmlDocument, XmlResult } from './types.ts';

/** The subset of DOM node shape we walk; both xmldom and xpath results satisfy it. */
interface DomNode {
  nodeType: number;
  nodeName?: string;
  nodeValue: string | null;
  textContent: string | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
  attributes?: { length: number; item(i: number): DomNode | null };
}

/**
 * libxml2's default nesting limit (without XML_PARSE_HUGE), so deeper documents fail as they
 * do in ModSecurity. It also bounds the xpath library, whose `//` steps are super-linear in
 * depth.
 */
export const XML_MAX_DEPTH = 256;


const ELEMENT = 1;
const ATTRIBUTE = 2;
const TEXT = 3;
const CDATA = 4;

/**
 * Parses an XML byte-string body. A document that is not well-formed sets `error` (for
 * REQBODY_ERROR), and what was built up to the first fatal error is still returned for rules to
 * inspect: ModSecurity keeps libxml2's partial tree the same way, so `<r><a>1' or 1=1--</b></r>`
 * is still seen as `1' or 1=1--`. A character XML does not allow (a control character other
 * than tab and line ends) is such an error where it stands: libxml2 keeps the document up to it,
 * text before it included (measured on libmodsecurity 3.0.9: `<r><q>Roses are \x1b[0;31mred`
 * gives `Roses are `). Never throws.
 */
export function parseXml(body: string): XmlResult {
  // libxml2 takes a UTF-8 byte order mark as the encoding signature it is; xmldom would
  // call it content before the root element.
  let bytes = body;
  if (bytes.startsWith('\xef\xbb\xbf')) bytes = bytes.slice(3);
  // Bytes that are not UTF-8 end the document there, as for libxml2 ("Input is not proper UTF-8").
  const badByte = firstInvalidUtf8(bytes);
  const text = expandInternalEntities(bytesToText(badByte < 0 ? bytes : bytes.slice(0, badByte)));
  const wf = firstWellFormednessError(text);
  const bad = wf !== null ? wf : badByte >= 0 ? { at: text.length, what: 'input is not proper UTF-8' } : null;
  if (bad === null) {
    const r = parseText(text, null);
    if (r.error === null) return r;
    // A document that just stops (`<r>' or 1=1--`): libxml2 keeps the text it read, xmldom
    // drops what follows the last tag. Closed, the same text reaches the tree.
    const whole = completeTags(text);
    if (whole.doc === text || whole.mismatched) return r;
    const closed = parseText(whole.doc, r.error);
    return closed.doc === null ? r : closed;
  }
  const message = `XML: Failed parsing document: ${bad.what}`;
  const kept = completeTags(text.slice(0, bad.at)).doc;
  const r = parseText(kept, message);
  return r.doc === null ? { doc: null, error: message } : { doc: r.doc, error: message };
}

const SIMPLE_ENTITY = /<!ENTITY\s+([A-Za-z_:][-A-Za-z0-9_.:]*)\s+(["'])([^"'&%<]*)\2\s*>/g;

/**
 * The document with references to the internal subset's plain-text entities replaced by their
 * text, as libxml2 expands them (measured on libmodsecurity 3.0.9: `<!ENTITY e "v">` makes
 * `ab&e;cd` read `abvcd`); xmldom knows no declared entity. Only values without markup or
 * references are expanded, each once, so nothing can grow beyond one value per reference.
 * External and parameter entities are never loaded.
 */
function expandInternalEntities(text: string): string {
  if (!text.includes('<!ENTITY')) return text;
  const values = new Map<string, string>();
  for (const m of text.matchAll(SIMPLE_ENTITY)) if (!values.has(m[1])) values.set(m[1], m[3]);
  if (values.size === 0) return text;
  const body = text.search(/\]\s*>/);
  if (body < 0) return text;
  const head = text.slice(0, body);
  return head + text.slice(body).replace(/&([A-Za-z_:][-A-Za-z0-9_.:]*);/g, (ref, name: string) => values.get(name) ?? ref);
}

/** The byte offset of the first malformed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: string): number {
  for (let i = 0; i < bytes.length; ) {
    const c = bytes.charCodeAt(i);
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    for (let k = 1; k < n; k++) if ((bytes.charCodeAt(i + k) & 0xc0) !== 0x80) return i;
    i += n;
  }
  return -1;
}

const NAME_START = /[A-Za-z_:\u00c0-\uffff]/;
const REFERENCE = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;
const NAMED_REFERENCE = /^&([A-Za-z_:][-A-Za-z0-9_.:]*);/;
const ENTITY_DECLARATION = /<!ENTITY\s+([A-Za-z_:][-A-Za-z0-9_.:]*)/g;

function badCharacter(c: number): boolean {
  return c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d : c === 0xfffe || c === 0xffff;
}

/**
 * Where libxml2 would stop on the first well-formedness error it meets in text and attribute
 * values (xmldom reads past all of these): a character XML does not allow, a `&` that starts no
 * character or predefined entity reference, a `<` that starts no markup, `]]>` in text.
 * libxml2 keeps the document up to there (measured on libmodsecurity 3.0.9: `<r>ab & cd</r>`
 * gives `ab `), except that `]]>` loses the text since the last markup or reference (what
 * libxml2 had not handed on yet), and an error inside a start tag loses that tag. A reference
 * to an entity the document's internal subset declares is no error.
 */
function firstWellFormednessError(text: string): { at: number; what: string } | null {
  // Entities the internal subset declares are references too (libxml2 expands them; we do not).
  const declared = new Set<string>();
  if (text.includes('<!ENTITY')) for (const m of text.matchAll(ENTITY_DECLARATION)) declared.add(m[1]);
  const badReference = (s: string, at: number): boolean => {
    const head = s.slice(at, at + 64);
    if (REFERENCE.test(head)) return false;
    const named = declared.size > 0 ? NAMED_REFERENCE.exec(head) : null;
    return named === null || !declared.has(named[1]);
  };
  let textStart = 0;
  let semi = -2;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (badCharacter(c)) return { at: i, what: `invalid character 0x${c.toString(16).padStart(2, '0')}` };
    if (c === 0x26) {
      if (badReference(text, i)) return { at: i, what: 'invalid entity reference' };
      // libxml2 hands the text before a reference on as it reaches it.
      // The next `;`, found once for every `&` before it: a run of `&` stays linear.
      if (semi < i && semi !== -1) semi = text.indexOf(';', i);
      i = semi < 0 ? i + 1 : semi + 1;
      textStart = i;
      continue;
    }
    if (c === 0x5d && text.startsWith(']]>', i)) return { at: textStart, what: "']]>' in text" };
    if (c !== 0x3c) {
      i++;
      continue;
    }
    const end = markupEnd(text, i);
    if (end < 0) return { at: i, what: "'<' starts no markup" };
    if (end > i && text[i + 1] !== '!' && text[i + 1] !== '?') {
      if (malformedTag(text, i, end)) return { at: i, what: 'malformed tag' };
      // A tag: its attribute values may hold neither `<` nor a broken `&`.
      let q = 0;
      for (let k = i; k < end; k++) {
        const t = text.charCodeAt(k);
        if (q === 0) {
          if (t === 0x22 || t === 0x27) q = t;
        } else if (t === q) q = 0;
        else if (t === 0x3c || badCharacter(t) || (t === 0x26 && badReference(text, k))) return { at: i, what: 'invalid attribute value' };
      }
    }
    if (end === i) return null;
    i = end;
    textStart = i;
  }
  return null;
}

const NAME_CHAR = /[-A-Za-z0-9_:.\u00b7\u00c0-\uffff]/;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/**
 * Whether the tag `text[i, end)` breaks XML's tag syntax, where libxml2 stops (measured on
 * libmodsecurity 3.0.9, each dropping the tag and keeping the text before it): a start tag is
 * a name, then attributes each after whitespace as `name="value"` or `name='value'`, each name
 * once, then `>` or `/>`; an end tag is a name and optional whitespace. `<c d>`, `<c d=1>`,
 * `<c d="1"e="2">`, `<c%>`, `<c/ >`, `<c d="1" d="2">` and `</c d>` are all errors there;
 * xmldom reads them.
 */
function malformedTag(text: string, i: number, end: number): boolean {
  let k = i + 1;
  const closing = text[k] === '/';
  if (closing) k++;
  const name = (): string | null => {
    const from = k;
    if (!NAME_START.test(text[k])) return null;
    while (k < end && NAME_CHAR.test(text[k])) k++;
    return text.slice(from, k);
  };
  const space = (): boolean => {
    const from = k;
    while (k < end && isSpace(text[k])) k++;
    return k > from;
  };
  if (name() === null) return true;
  if (closing) {
    space();
    return k !== end - 1;
  }
  const seen = new Set<string>();
  for (;;) {
    const spaced = space();
    if (text[k] === '>') return k !== end - 1;
    if (text[k] === '/') return !(text[k + 1] === '>' && k + 2 === end);
    if (!spaced) return true;
    const attribute = name();
    if (attribute === null || seen.has(attribute)) return true;
    seen.add(attribute);
    space();
    if (text[k] !== '=') return true;
    k++;
    space();
    const quote = text[k];
    if (quote !== '"' && quote !== "'") return true;
    const close = text.indexOf(quote, k + 1);
    if (close < 0 || close >= end) return true;
    k = close + 1;
  }
}

/** Where the markup starting at `text[i] === '<'` ends (past its `>`); `i` when it runs to the end; -1 when `<` starts none. */
function markupEnd(text: string, i: number): number {
  const close = (token: string, from: number): number => {
    const e = text.indexOf(token, from);
    return e < 0 ? i : e + token.length;
  };
  if (text.startsWith('<!--', i)) return close('-->', i + 4);
  if (text.startsWith('<![CDATA[', i)) return close(']]>', i + 9);
  if (text[i + 1] === '?') return close('?>', i + 2);
  if (text[i + 1] === '!') {
    // DOCTYPE, with an internal subset in brackets.
    let depth = 0;
    for (let k = i + 2; k < text.length; k++) {
      const ch = text[k];
      if (ch === '[') depth++;
      else if (ch === ']') depth--;
      else if (ch === '>' && depth <= 0) return k + 1;
    }
    return i;
  }
  const nameAt = text[i + 1] === '/' ? i + 2 : i + 1;
  if (nameAt >= text.length) return i;
  if (!NAME_START.test(text[nameAt])) return -1;
  // A tag: to its `>`, outside quoted attribute values.
  let q = '';
  for (let k = nameAt; k < text.length; k++) {
    const ch = text[k];
    if (q !== '') {
      if (ch === q) q = '';
    } else if (ch === '"' || ch === "'") q = ch;
    else if (ch === '>') return k + 1;
  }
  return i;
}

const TAG = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][^>]*>|<(\/?)([^\s/>]+)[^>]*?(\/?)>/g;

/**
 * A document cut short, made whole for the parser as libxml2 leaves it: a tag cut in two is
 * dropped, every element still open is closed, so the text before the cut stays in the tree.
 */
function completeTags(prefix: string): { doc: string; mismatched: boolean } {
  let doc = prefix;
  const lastOpen = doc.lastIndexOf('<');
  if (lastOpen > doc.lastIndexOf('>')) doc = doc.slice(0, lastOpen);
  const open: string[] = [];
  let mismatched = false;
  for (const m of doc.matchAll(TAG)) {
    if (m[2] === undefined || m[3] === '/') continue;
    if (m[1] !== '/') open.push(m[2]);
    else if (open[open.length - 1] === m[2]) open.pop();
    else mismatched = true;
  }
  for (let i = open.length - 1; i >= 0; i--) doc += `</${open[i]}>`;
  return { doc, mismatched };
}

/** The parse proper; `cut` is the error that already ended the document (its text is what was kept). */
function parseText(text: string, cut: string | null): XmlResult {
  const problems: string[] = [];
  let partial: DomNode | null = null;
  try {
    const parser = new DOMParser({
      locator: false,
      onError: (level, msg, context) => {
        if (level !== 'warning') problems.push(msg);
        // xmldom throws right after a fatal error: keep the document built so far.
        if (level === 'fatalError') partial = (context as unknown as { doc: DomNode }).doc;
      },
    });
    const dom = parser.parseFromString(text, 'text/xml') as unknown as DomNode;
    const error = cut ?? (problems.length > 0 ? `XML: Failed parsing document: ${problems[0]}` : null);
    if (!hasElement(dom)) return { doc: null, error: error ?? 'XML: Failed parsing document: no root element' };
    if (exceedsDepth(dom, XML_MAX_DEPTH)) {
      return { doc: null, error: `XML: Failed parsing document: Excessive depth in document: ${XML_MAX_DEPTH}` };
    }
    return { doc: { kind: 'xml', dom }, error };
  } catch (e) {
    // xmldom throws ParseError on fatal errors; deep documents may also exhaust the stack.
    const msg = problems[0] ?? (e instanceof Error ? e.message : String(e));
    const error = `XML: Failed parsing document: ${msg}`;
    const dom = partial as DomNode | null;
    if (dom === null || !hasElement(dom) || exceedsDepth(dom, XML_MAX_DEPTH)) return { doc: null, error };
    return { doc: { kind: 'xml', dom }, error };
  }
}

/** Whether elements nest deeper than `limit`; iterative, stops at the first too-deep element. */
function exceedsDepth(root: DomNode, limit: number): boolean {
  const nodes: DomNode[] = [root];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const n = nodes.pop() as DomNode;
    const d = depths.pop() as number;
    if (d > limit) return true;
    for (let c = n.firstChild; c !== null; c = c.nextSibling) {
      if (c.nodeType === ELEMENT) {
        nodes.push(c);
        depths.push(d + 1);
      }
    }
  }
  return false;
}

function hasElement(dom: DomNode): boolean {
  for (let n = dom.firstChild; n !== null; n = n.nextSibling) if (n.nodeType === ELEMENT) return true;
  return false;
}

/**
 * Values of XML:<expr>, as ModSecurity gives them: the content of each node the expression
 * selects (libxml2's xmlNodeGetContent), so "/*", the root element, is one value, all the
 * document's text and CDATA joined as they stand (no attributes, nothing trimmed): text split
 * across elements (`<a>/etc/pas</a><b>swd</b>`) is read whole. "//@*" (the other expression
 * CRS uses) is answered by a walk of its own, without the xpath library's super-linear `//`
 * cost: every attribute value. Namespace declarations are never attribute values here, as
 * libxml2 does not count them as attributes. An expression whose result is not a node set
 * (`count(//*)`) yields nothing, as in ModSecurity. `namespaces` are the prefixes declared
 * with the xmlns action. An invalid expression yields no values. Never throws.
 */
export function evaluateXPath(doc: XmlDocument, expr: string, namespaces?: Record<string, string>): string[] {
  const root = doc.dom as DomNode;
  try {
    if (expr === '//@*') return attributeValues(root);
    const select = namespaces !== undefined ? xpath.useNamespaces(namespaces) : xpath.select;
    const result = select(expr, root as unknown as Node);
    if (!Array.isArray(result)) return [];
    const out: string[] = [];
    for (const n of result as unknown as DomNode[]) if (!(n.nodeType === ATTRIBUTE && isNamespaceDeclaration(n))) out.push(textToBytes(stringValue(n)));
    return out;
  } catch {
    return [];
  }
}

function stringValue(n: DomNode): string {
  if (n.nodeType === ATTRIBUTE || n.nodeType === TEXT || n.nodeType === CDATA) return n.nodeValue ?? '';
  return n.textContent ?? '';
}

/** Every attribute value in document order; an iterative walk, so deep documents cost heap, not stack. */
function attributeValues(root: DomNode): string[] {
  const out: string[] = [];
  const stack: DomNode[] = [];
  for (let c = lastChild(root); c !== null; c = c.prev) stack.push(c.node);
  while (stack.length > 0) {
    const n = stack.pop() as DomNode;
    if (n.nodeType !== ELEMENT) continue;
    const attrs = n.attributes;
    if (attrs !== undefined) {
      for (let i = 0; i < attrs.length; i++) {
        const a = attrs.item(i);
        if (a !== null && !isNamespaceDeclaration(a)) out.push(textToBytes(a.nodeValue ?? ''));
      }
    }
    for (let c = lastChild(n); c !== null; c = c.prev) stack.push(c.node);
  }
  return out;
}

function isNamespaceDeclaration(a: DomNode): boolean {
  const name = a.nodeName ?? '';
  return name === 'xmlns' || name.startsWith('xmlns:');
}

interface Rev {
  node: DomNode;
  prev: Rev | null;
}

/** Children as a reversed list, so they can be pushed last-first onto the walk stack. */
function lastChild(n: DomNode): Rev | null {
  let rev: Rev | null = null;
  for (let c = n.firstChild; c !== null; c = c.nextSibling) rev = { node: c, prev: rev };
  return rev;
}
