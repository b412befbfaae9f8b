import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateXPath, parseXml, XML_MAX_DEPTH } from './xml.ts';
import type { XmlDocument } from './types.ts';

/** XML:/* of a document that fails to parse (null: nothing of it was kept); the error must name `why`. */
function brokenRoot(body: string, why = /^XML: Failed parsing document/): string[] | null {
  const r = parseXml(body);
  expect(r.error, body).toMatch(why);
  return r.doc === null ? null : evaluateXPath(r.doc, '/*');
}

function doc(body: string): XmlDocument {
  const r = parseXml(body);
  expect(r.error).toBeNull();
  if (r.doc === null) throw new Error('no document');
  return r.doc;
}

describe('parseXml and XML:/*', () => {
  const d = doc('<?xml version="1.0"?><root id="r1"><a x="1" y="2">hello</a>\n  <b><![CDATA[<script>]]></b><c/></root>');

  it('yields the root element\'s content for /*, as libxml2\'s xmlNodeGetContent: text and CDATA joined, untrimmed, no attributes', () => {
    expect(evaluateXPath(d, '/*')).toEqual(['hello\n  <script>']);
    // Text split across elements is read whole (CRS's OS-file list then finds /etc/passwd).
    expect(evaluateXPath(doc('<r><a>/etc/pas</a><b>swd</b><!-- c --></r>'), '/*')).toEqual(['/etc/passwd']);
  });

  it('yields attribute values for //@*', () => {
    expect(evaluateXPath(d, '//@*')).toEqual(['r1', '1', '2']);
  });

  it('evaluates other expressions with the xpath library, returning string values', () => {
    expect(evaluateXPath(d, '/root/a')).toEqual(['hello']);
    expect(evaluateXPath(d, '/root/a/@y')).toEqual(['2']);
    expect(evaluateXPath(d, '//b/text()')).toEqual(['<script>']);
    // Not a node set: ModSecurity gives no value.
    expect(evaluateXPath(d, 'count(//a)')).toEqual([]);
    expect(evaluateXPath(d, '/nothing')).toEqual([]);
  });

  it('a character XML does not allow ends the document where it stands, text before it kept (libmodsecurity 3.0.9)', () => {
    const cut = (body: string) => brokenRoot(body, /invalid character|invalid attribute value/);
    expect(cut('<?xml version="1.0"?><r><q>Roses are \x1b[0;31mred</q></r>')).toEqual(['Roses are ']);
    expect(cut('<r><a>ok</a><q>Roses \x01 tail</q></r>')).toEqual(['okRoses ']);
    expect(cut('<r><a>ok</a><b>x\x0cy</b></r>')).toEqual(['okx']);
    // Inside the root's own start tag: no element survives.
    expect(cut('<r a="x\x01y"><a>ok</a></r>')).toBeNull();
    // Tab and line ends are characters XML allows.
    expect(evaluateXPath(doc('<r>a\tb\r\nc</r>'), '/*')).toEqual(['a\tb\nc']);
  });

  it('an invalid expression yields nothing instead of throwing', () => {
    expect(evaluateXPath(d, '!!!')).toEqual([]);
    expect(evaluateXPath(d, 'p:a')).toEqual([]);
  });

  it('resolves prefixes declared with xmlns', () => {
    const n = doc('<r xmlns:p="urn:p"><p:a>v</p:a></r>');
    expect(evaluateXPath(n, '//q:a', { q: 'urn:p' })).toEqual(['v']);
  });

  it('returns values as UTF-8 byte strings', () => {
    const u = doc('<r a="\xc3\xa9">\xe4\xb8\xad</r>');
    expect(evaluateXPath(u, '/*')).toEqual(['\xe4\xb8\xad']);
    expect(evaluateXPath(u, '//@*')).toEqual(['\xc3\xa9']);
    expect(evaluateXPath(u, '/r')).toEqual(['\xe4\xb8\xad']);
  });

  it('the //@* fast path agrees with the xpath library; neither lists namespace declarations (libxml2 does not)', () => {
    const n = doc('<r xmlns="urn:x" xmlns:p="urn:p" a="1" p:b="2"><c d="3"><e f="4"/></c></r>');
    // `[true()]` defeats the fast path, so this compares it with the library's own answer.
    expect(evaluateXPath(n, '//@*')).toEqual(['1', '2', '3', '4']);
    expect(evaluateXPath(n, '//@*')).toEqual(evaluateXPath(n, '//@*[true()]'));
  });

  it('takes a UTF-8 byte order mark before the document, as libxml2 does', () => {
    expect(evaluateXPath(doc('\xef\xbb\xbf<r>x</r>'), '/*')).toEqual(['x']);
  });
});

describe('parseXml safety and errors', () => {
  it('never resolves external entities (XXE)', () => {
    const body = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>';
    const r = parseXml(body);
    expect(r.error).toMatch(/entity not found/);
    const values = r.doc === null ? [] : evaluateXPath(r.doc, '/*');
    expect(values.join('')).not.toContain('root:');
    if (existsSync('/etc/passwd')) {
      const firstLine = readFileSync('/etc/passwd', 'latin1').split('\n')[0];
      expect(values.join('')).not.toContain(firstLine);
    }
  });

  it('does not expand entity bombs', () => {
    const lol = '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>';
    const r = parseXml(lol);
    expect(r.error).not.toBeNull();
    const values = r.doc === null ? [] : evaluateXPath(r.doc, '/*');
    expect(values.join('').length).toBeLessThan(100);
  });

  it.each([
    ['<a><b></a>'],
    ['not xml'],
    [''],
    ['<a>'],
    ['<a></a><b></b>'],
  ])('%j is an error', (body) => {
    expect(parseXml(body).error).toMatch(/^XML: Failed parsing document/);
  });

  it('keeps what was built before the first fatal error, as ModSecurity keeps libxml2\'s partial tree', () => {
    const broken = parseXml("<r><a x='1'>1' or 1=1--</b></r>");
    expect(broken.error).toMatch(/^XML: Failed parsing document/);
    expect(broken.doc && evaluateXPath(broken.doc, '/*')).toEqual(["1' or 1=1--"]);
    expect(broken.doc && evaluateXPath(broken.doc, '//@*')).toEqual(['1']);
    const twoRoots = parseXml('<r>x</r><s>y</s>');
    expect(twoRoots.doc && evaluateXPath(twoRoots.doc, '/*')).toEqual(['x']);
    expect(parseXml('not xml').doc).toBeNull();
  });

  it('stops where libxml2 finds text not well-formed, keeping what came before (measured on libmodsecurity 3.0.9)', () => {
    expect(brokenRoot('<r>ab & cd</r>')).toEqual(['ab ']);
    expect(brokenRoot('<r>ab &amp cd</r>')).toEqual(['ab ']);
    expect(brokenRoot('<r>ab&foo;cd</r>')).toEqual(['ab']);
    expect(brokenRoot('<r>ab < cd</r>')).toEqual(['ab ']);
    expect(brokenRoot('<r>ab<&@cd</r>')).toEqual(['ab']);
    // Latin-1 bytes are not UTF-8: the document ends before them.
    expect(brokenRoot('<r>ab\xe9cd</r>')).toEqual(['ab']);
    // `]]>` loses the text it ends; a broken attribute value loses its element.
    expect(brokenRoot('<r><a>ok</a>ab]]>cd</r>')).toEqual(['ok']);
    // Text before a reference was handed on already: only what follows the last one is lost.
    expect(brokenRoot('<r>x&lt;ab]]>cd</r>')).toEqual(['x<']);
    expect(brokenRoot('<r><a>ok</a>zz&amp;ab]]>cd</r>')).toEqual(['okzz&']);
    expect(brokenRoot('<r a="x<y">abcd</r>')).toBeNull();
    // An entity the document declares is a reference; one it does not, an error.
    expect(brokenRoot('<!DOCTYPE r><r>ab&undefined;cd</r>')).toEqual(['ab']);
    expect(brokenRoot('<!DOCTYPE r><r>ab&&cd</r>')).toEqual(['ab']);
    expect(brokenRoot('<!DOCTYPE r [<!ENTITY e "v">]><r>ab&e;cd&x;z</r>')).toEqual(['abvcd']);
    // A plain-text internal entity is expanded, as libxml2 does.
    expect(evaluateXPath(doc('<!DOCTYPE r [<!ENTITY e "v"><!ENTITY f \'w\'>]><r a="&f;">ab&e;cd</r>'), '/*')).toEqual(['abvcd']);
    // What is well-formed stays as it is, references and UTF-8 included.
    expect(evaluateXPath(doc('<r>ab &amp; &#65;&#x42; \xc3\xa9</r>'), '/*')).toEqual(['ab & AB \xc3\xa9']);
  });

  it('a tag that breaks XML\'s syntax ends the document at the tag, text before kept (measured on libmodsecurity 3.0.9)', () => {
    const cut = (body: string) => brokenRoot(body, /malformed tag/);
    for (const tag of ['<c d>', '<c d=1>', '<c d="1"e="2">', '<c%>', '<c/ >', '<c d="1" d="2">']) {
      expect(cut(`<r>ab${tag}x</c>cd</r>`), tag).toEqual(['ab']);
    }
    expect(cut('<r>ab<c</r>')).toEqual(['ab']);
    expect(cut('<r>ab<c>x</c d>cd</r>')).toEqual(['abx']);
    expect(cut('<r a=":%2">on/*;<:cmd%25</r>')).toEqual(['on/*;']);
    // Well-formed: whitespace before `>` and between attributes, tabs, either quote.
    expect(evaluateXPath(doc('<r>ab<c >x</c >cd</r>'), '/*')).toEqual(['abxcd']);
    expect(evaluateXPath(doc('<r>ab<c\td="1"\n e=\'2\'/>cd</r>'), '//@*')).toEqual(['1', '2']);
  });

  it('finds the first error in linear time, however many references or tags there are', () => {
    const t0 = performance.now();
    expect(parseXml('<!DOCTYPE r [<!ENTITY e "v">]><r>' + '&e;&'.repeat(100_000) + '</r>').error).not.toBeNull();
    expect(parseXml('<r>' + '<a x="1">&amp;</a>'.repeat(20_000) + '</r>').error).toBeNull();
    expect(parseXml('<r>' + 'x'.repeat(200_000) + '&bogus;</r>').error).toMatch(/entity reference/);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('keeps the text of a document that just stops, as libxml2 does (measured on libmodsecurity 3.0.9)', () => {
    expect(brokenRoot("<r>' or 1=1--")).toEqual(["' or 1=1--"]);
    expect(brokenRoot('<r><a>ok</a><b>tail text')).toEqual(['oktail text']);
    expect(brokenRoot('<r><a>ok</a>tail')).toEqual(['oktail']);
    // Text after the root element is not the root's.
    expect(brokenRoot('<r>ok</r>trailing')).toEqual(['ok']);
  });

  it(`rejects nesting deeper than libxml2's default ${XML_MAX_DEPTH}`, () => {
    const nest = (n: number): string => '<a>'.repeat(n) + '</a>'.repeat(n);
    expect(parseXml(nest(XML_MAX_DEPTH)).error).toBeNull();
    expect(parseXml(nest(XML_MAX_DEPTH + 1))).toEqual({
      doc: null, error: `XML: Failed parsing document: Excessive depth in document: ${XML_MAX_DEPTH}`,
    });
    expect(parseXml(nest(20_000)).doc).toBeNull();
  });

  it('never throws on arbitrary input', () => {
    const bytes = fc.uint8Array({ maxLength: 100 }).map((u) => Buffer.from(u).toString('latin1'));
    const xmlish = fc.array(fc.constantFrom('<a>', '</a>', '<b x="1">', '</b>', '<!DOCTYPE a [', ']>', '&', '&amp;', '<![CDATA[', ']]>', 'text', '"', '<?xml version="1.0"?>'), { maxLength: 20 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.oneof(bytes, xmlish), fc.constantFrom('/*', '//@*', '//a', 'bad(('), (body, expr) => {
      const r = parseXml(body);
      if (r.doc !== null) for (const v of evaluateXPath(r.doc, expr)) expect(/^[\x00-\xff]*$/.test(v)).toBe(true);
      else expect(r.error).not.toBeNull();
    }), { numRuns: 300 });
  });
});
