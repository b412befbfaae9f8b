import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSourceSpec } from './spec.ts';
import { loadSource, loadSources } from './sources.ts';

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'testdata');
const f = (...p: string[]): string => join(dir, ...p);

function load(spec: string, kind: 'benign' | 'attack' = 'benign') {
  const parsed = parseSourceSpec(spec, kind);
  if (!parsed.ok) throw new Error(parsed.error);
  return loadSource(parsed.value);
}

describe('source specs', () => {
  it('parses options, keeping commas inside a regex', () => {
    const p = parseSourceSpec('data#match=^(a|b),c,class=@prefix,decode=url,sample=5,templates=query+header:Referer', 'attack');
    expect(p.ok && p.value).toMatchObject({ path: 'data', cls: '@prefix', decode: 'url', sample: 5, templates: ['query', 'header:Referer'] });
    expect(p.ok && p.value.match?.source).toBe('^(a|b),c');
  });
  it('rejects unknown options and bad values as values', () => {
    expect(parseSourceSpec('x#colour=red', 'benign')).toMatchObject({ ok: false, error: expect.stringContaining("unknown source option 'colour'") });
    expect(parseSourceSpec('x#sample=0', 'benign').ok).toBe(false);
    expect(parseSourceSpec('x#format=csv', 'benign').ok).toBe(false);
  });
});

describe('formats', () => {
  it('lines: one payload per line, optional comments, CRLF tolerated; class is the file name', () => {
    const r = load(`${f('formats', 'lines.txt')}#comments=#`);
    expect(r.payloads.map((p) => [p.text, p.cls, p.origin.split(':').pop()])).toEqual([['first line', 'lines', '2'], ['second line', 'lines', '4']]);
  });
  it('folders: the sub-folder is the class', () => {
    const r = load(f('corpus', 'attack'), 'attack');
    expect(new Set(r.payloads.map((p) => p.cls))).toEqual(new Set(['evil', 'naughty']));
    expect(r.payloads).toHaveLength(7);
  });
  it('files: one payload per file, class from the file name', () => {
    const r = load(`${f('formats', 'snippets')}#format=files`);
    expect(r.payloads.map((p) => p.cls)).toEqual(['bash', 'sql']);
    expect(r.payloads[1]!.text).toContain('WHERE id = 1;');
  });
  it('TSV: JSON cells decoded, class column, malformed rows reported with their line', () => {
    const r = load(`${f('formats', 'table.tsv')}#class-column=category`);
    expect(r.payloads.map((p) => [p.cls, p.text])).toEqual([['benign', 'plain'], ['attack', '<script>alert(1)</script>'], ['benign', 'tab\there']]);
    expect(r.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [4, 'row has 1 fields, the header has 2'],
      [5, "column 'string_json' is not a JSON string"],
    ]);
    expect(r.diagnostics[0]!.file).toBe(f('formats', 'table.tsv'));
  });
  it('TSV: the text column by name; only/except filter classes', () => {
    expect(load(f('formats', 'plain.tsv')).payloads.map((p) => p.text)).toEqual(['one', 'two']);
    expect(load(`${f('formats', 'table.tsv')}#class-column=category,only=attack`).payloads).toHaveLength(1);
    expect(load(`${f('formats', 'table.tsv')}#class-column=category,except=attack`).payloads).toHaveLength(2);
  });
  it('JSON: strings and objects; a bad item is reported on its line', () => {
    const r = load(`${f('formats', 'list.json')}#class-column=class`);
    expect(r.payloads.map((p) => [p.text, p.cls])).toEqual([['first', 'list'], ['second', 'x'], ['third', 'list']]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', line: 4 })]);
  });
  it('JSON: a syntax error names file and line', () => {
    const r = load(f('formats', 'broken.json'));
    expect(r.payloads).toHaveLength(0);
    expect(r.diagnostics[0]).toMatchObject({ file: f('formats', 'broken.json'), line: 4, message: expect.stringContaining('invalid JSON') });
  });
  it('raw HTTP: the request is kept whole; the body is framed without Content-Length', () => {
    const r = load(f('formats', 'http'));
    expect(r.payloads).toHaveLength(1);
    const req = r.payloads[0]!.request!;
    expect(req).toMatchObject({ method: 'POST', uri: '/login?next=/home', body: 'user=alice&pass=evil' });
    expect(req.headers).toContainEqual(['Content-Length', '20']);
    expect(r.diagnostics).toEqual([expect.objectContaining({ file: f('formats', 'http', 'broken.http'), line: 1 })]);
  });
  it('HAR: entries become requests; pseudo-headers dropped, Host from the URL; a bad entry has its line', () => {
    const r = load(f('formats', 'traffic.har'));
    expect(r.payloads.map((p) => p.request!.uri)).toEqual(['/search?q=red+shoes', '/cart']);
    expect(r.payloads[0]!.request!.headers).toEqual([['Host', 'shop.example.com'], ['user-agent', 'Mozilla/5.0']]);
    expect(r.payloads[1]!.request!.body).toBe('{"item":"evil"}');
    expect(r.diagnostics).toEqual([expect.objectContaining({ line: 16, message: expect.stringContaining('HAR entry') })]);
    expect(load(f('formats', 'broken.har')).diagnostics[0]).toMatchObject({ line: 1, message: expect.stringContaining('no log.entries') });
  });
  it('go-ftw YAML: each stage is a request built as go-ftw sends it', () => {
    const r = load(f('formats', 'ftw.yaml'), 'attack');
    expect(r.payloads.map((p) => p.text)).toEqual(['100001-1 stage 1', '100001-2 stage 1']);
    expect(r.payloads[1]!.request).toMatchObject({ method: 'POST', body: 'a=naughty' });
    const bad = load(f('formats', 'broken-ftw.yaml'));
    expect(bad.diagnostics[0]).toMatchObject({ severity: 'error', file: f('formats', 'broken-ftw.yaml'), line: expect.any(Number) });
    expect(bad.diagnostics[0]!.line).toBeGreaterThan(0);
  });
  it('a folder with malformed files still loads the good ones', () => {
    const r = load(f('formats'));
    const files = new Set(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file.slice(dir.length + 1)));
    expect(files).toEqual(new Set(['formats/broken-ftw.yaml', 'formats/broken.har', 'formats/broken.json', 'formats/http/broken.http', 'formats/list.json', 'formats/table.tsv', 'formats/traffic.har']));
    expect(r.payloads.length).toBeGreaterThan(10);
  });
  it('a missing path and a bad spec are diagnostics, and the next source still loads', () => {
    const r = loadSources([f('nope'), `${f('formats', 'lines.txt')}#bogus=1`, f('formats', 'plain.tsv')], 'benign');
    expect(r.map((s) => s.diagnostics.length)).toEqual([1, 1, 0]);
    expect(r[2]!.payloads).toHaveLength(2);
  });
  it('sample keeps an even spread, deterministically', () => {
    const r = load(`${f('corpus', 'attack')}#sample=3`, 'attack');
    expect(r.payloads.map((p) => p.text)).toEqual(['evil', 'naughty', 'naughty boy']);
  });
});
