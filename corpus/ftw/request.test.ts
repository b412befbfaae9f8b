import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFormData, queryEscape, queryUnescape } from './goquery.ts';
import { parseHttpRequest } from './http-parse.ts';
import { buildFtwRequest, buildRawRequest, canonicalHeaderKey, utf8Bytes } from './request.ts';
import type { FtwInput } from './schema.ts';
import { evalTemplate } from './template.ts';

const CRLF = '\r\n';

function raw(input: Partial<FtwInput>): string {
  const r = buildRawRequest({ autocompleteHeaders: true, ...input });
  if (!r.ok) throw new Error(r.error);
  return r.raw;
}

describe('buildRawRequest (go-ftw BuildRequest)', () => {
  it('defaults to GET / HTTP/1.1, sorts headers by name and adds Connection: close', () => {
    const r = raw({ headers: [['User-Agent', 'ua'], ['Host', 'localhost'], ['Accept', '*/*']] });
    expect(r).toBe(`GET / HTTP/1.1${CRLF}Accept: */*${CRLF}Host: localhost${CRLF}User-Agent: ua${CRLF}Connection: close${CRLF}${CRLF}`);
  });

  it('adds a form Content-Type and Content-Length for data, and form-encodes unencoded data', () => {
    const r = raw({ method: 'POST', data: "a=1 2&b=<x>&c" });
    expect(r).toBe(
      `POST / HTTP/1.1${CRLF}Content-Type: application/x-www-form-urlencoded${CRLF}Connection: close${CRLF}` +
        `Content-Length: 17${CRLF}${CRLF}a=1+2&b=%3Cx%3E&c`,
    );
  });

  it('leaves data alone when it already looks encoded or has another content type', () => {
    expect(raw({ method: 'POST', data: 'a=%27x' }).endsWith(`${CRLF}${CRLF}a=%27x`)).toBe(true);
    expect(raw({ method: 'POST', data: 'a=b+c d' }).endsWith(`${CRLF}${CRLF}a=b+c d`)).toBe(true);
    const json = raw({ method: 'POST', headers: [['Content-Type', 'application/json']], data: '{"a": 1}' });
    expect(json.endsWith(`Content-Length: 8${CRLF}${CRLF}{"a": 1}`)).toBe(true);
  });

  it('sends Content-Length: 0 for body methods (with go-ftw regex quirk) and none for GET', () => {
    expect(raw({ method: 'POST' })).toContain(`Content-Length: 0${CRLF}`);
    expect(raw({ method: 'XPUTX' })).toContain(`Content-Length: 0${CRLF}`);
    expect(raw({ method: 'GET' })).not.toContain('Content-Length');
    expect(raw({ method: 'GET', data: 'x' })).toContain(`Content-Length: 1${CRLF}`);
  });

  it('keeps given Connection / Content-Length (any case) and adds nothing without autocomplete', () => {
    const r = raw({ method: 'POST', headers: [['connection', 'keep-alive'], ['content-length', '3']], data: 'abcdef' });
    expect(r).not.toContain('Connection: close');
    expect(r).not.toContain('Content-Length: 6');
    const plain = raw({ method: 'POST', data: 'a b', autocompleteHeaders: false });
    expect(plain).toBe(`POST / HTTP/1.1${CRLF}${CRLF}a b`);
  });

  it('turns LF into CRLF in multipart bodies, even without autocomplete', () => {
    const ct: FtwInput['headers'] = [['Content-Type', 'multipart/form-data; boundary=x']];
    const r = raw({ method: 'POST', headers: ct, data: '--x\nA\r\n--x--\n', autocompleteHeaders: false });
    expect(r.endsWith(`${CRLF}${CRLF}--x\r\nA\r\r\n--x--\r\n`)).toBe(true);
  });

  it('writes an empty version as go-ftw does ("GET / ") and sends YAML text as UTF-8', () => {
    expect(raw({ version: '' }).startsWith(`GET / ${CRLF}`)).toBe(true);
    expect(raw({ uri: '/é', autocompleteHeaders: false })).toBe(`GET /\xc3\xa9 HTTP/1.1${CRLF}${CRLF}`);
  });

  it('evaluates Go templates in data', () => {
    const r = raw({ method: 'POST', headers: [['Content-Type', 'text/plain']], data: 'x={{ "ab" | repeat 3 }}' });
    expect(r.endsWith(`${CRLF}${CRLF}x=ababab`)).toBe(true);
    expect(buildRawRequest({ autocompleteHeaders: true, data: '{{ env "HOME" }}' })).toMatchObject({ ok: false });
  });

  it('sends encoded_request verbatim and refuses bad base64', () => {
    const bytes = 'GET /\x00\xff HTTP/1.1\nHost: a\n\n';
    const r = buildRawRequest({ autocompleteHeaders: true, encodedRequest: Buffer.from(bytes, 'latin1').toString('base64') });
    expect(r).toEqual({ ok: true, raw: bytes });
    expect(buildRawRequest({ autocompleteHeaders: true, encodedRequest: 'not base64!' })).toMatchObject({ ok: false });
  });

  it('decodes encoded_data as the body', () => {
    const r = raw({ method: 'POST', headers: [['Content-Type', 'text/plain']], encodedData: Buffer.from('\x01\x02').toString('base64') });
    expect(r.endsWith(`Content-Length: 2${CRLF}${CRLF}\x01\x02`)).toBe(true);
  });
});

describe('Go helpers', () => {
  it('canonicalHeaderKey follows textproto', () => {
    expect(canonicalHeaderKey('content-TYPE')).toBe('Content-Type');
    expect(canonicalHeaderKey('x_filename')).toBe('X_filename');
    expect(canonicalHeaderKey('bad name')).toBe('bad name');
  });

  it('queryUnescape inverts queryEscape on any bytes', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii' }), (s) => queryUnescape(queryEscape(s)) === s));
    expect(queryUnescape('%zz')).toBeUndefined();
  });

  it('encodeFormData drops a trailing & like go-ftw', () => {
    expect(encodeFormData('a=b&')).toBe('a=b');
    expect(encodeFormData('k=v v&&x')).toBe('k=v+v&&x');
  });

  it('evalTemplate handles literals, pipelines, trim markers and comments', () => {
    expect(evalTemplate('a {{- "b" -}} c')).toEqual({ ok: true, text: 'abc' });
    expect(evalTemplate('{{ repeat 2 "x\\ty" }}')).toEqual({ ok: true, text: 'x\tyx\ty' });
    expect(evalTemplate('{{/* note */}}z')).toEqual({ ok: true, text: 'z' });
    expect(evalTemplate('{{ "x" ')).toMatchObject({ ok: false });
  });
});

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
const value = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);

describe('build then parse', () => {
  it('gives back the request line, the headers as written and the body', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS', 'PROPFIND'),
        fc.stringMatching(/^\/[!-~]{0,30}$/).filter((u) => !u.includes('#')),
        fc.uniqueArray(fc.tuple(token, value), { selector: ([n]) => n.toLowerCase(), maxLength: 6 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        (method, uri, hdrs, body) => {
          const headers = hdrs.filter(([n]) => !/^(content-length|transfer-encoding|content-type|connection)$/i.test(n));
          const input: FtwInput = {
            autocompleteHeaders: true,
            method,
            uri,
            headers: [...headers, ['Content-Type', 'text/plain']],
            data: body.replace(/\{\{/g, '{ {'),
          };
          const built = buildFtwRequest(input);
          if (!built.ok) return false;
          const req = built.request;
          const sent = buildRawRequest(input);
          expect(req.raw).toBe(sent.ok ? sent.raw : '');
          expect([req.method, req.uri, req.version]).toEqual([method, uri, 'HTTP/1.1']);
          expect(req.requestLine).toBe(`${method} ${uri} HTTP/1.1`);
          // YAML text goes out as UTF-8.
          const expectedBody = utf8Bytes(input.data!);
          expect(req.body).toBe(expectedBody);
          const names = req.headers.map(([n]) => n);
          const withLength = expectedBody.length > 0 || method === 'POST' || method === 'PUT';
          const auto = ['Content-Type', 'Connection', ...(withLength ? ['Content-Length'] : [])];
          expect(new Set(names)).toEqual(new Set([...headers.map(([n]) => n), ...auto]));
          for (const [n, v] of headers) expect(req.headers).toContainEqual([n, v]);
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parses what go-ftw sends for chunked bodies as the server passes them on', () => {
    const p = parseHttpRequest(
      `POST / HTTP/1.1${CRLF}Host: a${CRLF}Content-Length: 7${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}3;ext=1${CRLF}foo${CRLF}4${CRLF}=bar${CRLF}0${CRLF}X-Trailer: 1${CRLF}${CRLF}`,
    );
    expect(p.body).toBe('foo=bar');
    expect(p.headers.map(([n]) => n)).toEqual(['Host', 'Transfer-Encoding']);
    expect(p.serverRejects).toBeUndefined();
  });
});
