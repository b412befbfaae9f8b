import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header, type RawOrigin } from './testdata/raw-origin.ts';
import { HARDENING_GATES, rawExchange, send, startRawProxy, waitFor, type InspectedBodies, type RawProxyFixture, type TestProxy } from './testing.ts';

const SMUGGLED = 'GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n';

interface Vector {
  readonly name: string;
  /** Header lines after Host and X-Request-Id, each with its own line end (some deliberately bare LF). */
  readonly headers: string;
  readonly body: string;
  /** 400: refused before any gate; 200: forwarded as exactly one request with `forwarded` as its body. */
  readonly expect: 400 | 200;
  readonly forwarded?: string;
  readonly version?: string;
}

/**
 * The classic desync vectors (PortSwigger's CL.TE / TE.CL / TE.TE catalogue, the duplicate and
 * malformed Content-Length family, chunk-size tricks) with the outcome each one gets.
 */
const VECTORS: readonly Vector[] = [
  { name: 'CL.TE', headers: 'Content-Length: 6\r\nTransfer-Encoding: chunked\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.CL', headers: 'Transfer-Encoding: chunked\r\nContent-Length: 4\r\n', body: `5c\r\n${SMUGGLED}\r\n0\r\n\r\n`, expect: 400 },
  { name: 'TE.TE: second TE line "x"', headers: 'Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: "xchunked" with CL', headers: 'Transfer-Encoding: xchunked\r\nContent-Length: 4\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: "xchunked" alone', headers: 'Transfer-Encoding: xchunked\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: space before colon', headers: 'Transfer-Encoding : chunked\r\nContent-Length: 4\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: obs-fold value', headers: 'Transfer-Encoding:\r\n chunked\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: name then folded colon', headers: 'Transfer-Encoding\r\n : chunked\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: bare LF before TE', headers: 'X: y\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: quoted "chunked"', headers: 'Transfer-Encoding: "chunked"\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: chunked, identity', headers: 'Transfer-Encoding: chunked, identity\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: identity, chunked', headers: 'Transfer-Encoding: identity, chunked\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: gzip, chunked', headers: 'Transfer-Encoding: gzip, chunked\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: chunked, chunked', headers: 'Transfer-Encoding: chunked, chunked\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: "chunk"', headers: 'Transfer-Encoding: chunk\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE.TE: vertical tab', headers: 'Transfer-Encoding:\x0bchunked\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE on HTTP/1.0', version: 'HTTP/1.0', headers: 'Transfer-Encoding: chunked\r\n', body: `0\r\n\r\n${SMUGGLED}`, expect: 400 },
  { name: 'TE: tab before value (valid OWS)', headers: 'Transfer-Encoding:\tchunked\r\n', body: '3\r\nabc\r\n0\r\n\r\n', expect: 200, forwarded: 'abc' },
  { name: 'TE: "Chunked" (case-insensitive, valid)', headers: 'Transfer-Encoding: Chunked\r\n', body: '3\r\nabc\r\n0\r\n\r\n', expect: 200, forwarded: 'abc' },
  { name: 'duplicate CL, same value', headers: 'Content-Length: 3\r\nContent-Length: 3\r\n', body: 'abc', expect: 400 },
  { name: 'duplicate CL, different values', headers: 'Content-Length: 3\r\nContent-Length: 40\r\n', body: `abc${SMUGGLED}`, expect: 400 },
  { name: 'CL list "3, 3"', headers: 'Content-Length: 3, 3\r\n', body: 'abc', expect: 400 },
  { name: 'CL with leading plus', headers: 'Content-Length: +3\r\n', body: 'abc', expect: 400 },
  { name: 'CL negative', headers: 'Content-Length: -3\r\n', body: 'abc', expect: 400 },
  { name: 'CL hex', headers: 'Content-Length: 0x3\r\n', body: 'abc', expect: 400 },
  { name: 'CL with inner space', headers: 'Content-Length: 1 2\r\n', body: 'abcdefghijkl', expect: 400 },
  { name: 'CL space before colon', headers: 'Content-Length : 3\r\n', body: 'abc', expect: 400 },
  { name: 'CL with leading spaces (valid OWS)', headers: 'Content-Length:    3\r\n', body: 'abc', expect: 200, forwarded: 'abc' },
  { name: 'CL with trailing spaces (valid OWS)', headers: 'Content-Length: 3   \r\n', body: 'abc', expect: 200, forwarded: 'abc' },
  { name: 'CL with leading zeros (valid)', headers: 'Content-Length: 003\r\n', body: 'abc', expect: 200, forwarded: 'abc' },
  { name: 'CL covering a smuggled request', headers: `Content-Length: ${SMUGGLED.length}\r\n`, body: SMUGGLED, expect: 200, forwarded: SMUGGLED },
  { name: 'chunked body holding a smuggled request', headers: 'Transfer-Encoding: chunked\r\n', body: `${SMUGGLED.length.toString(16)}\r\n${SMUGGLED}\r\n0\r\n\r\n`, expect: 200, forwarded: SMUGGLED },
  { name: 'chunk extension (dropped on re-framing)', headers: 'Transfer-Encoding: chunked\r\n', body: '3;ext="0\r\n\r\n"\r\nabc\r\n0\r\n\r\n', expect: 400 },
  { name: 'chunk extension, plain', headers: 'Transfer-Encoding: chunked\r\n', body: '3;a=b\r\nabc\r\n0\r\n\r\n', expect: 200, forwarded: 'abc' },
  { name: 'trailer after last chunk (dropped)', headers: 'Transfer-Encoding: chunked\r\n', body: '3\r\nabc\r\n0\r\nX-Smuggle: 1\r\n\r\n', expect: 200, forwarded: 'abc' },
  { name: 'chunk size "0x3"', headers: 'Transfer-Encoding: chunked\r\n', body: '0x3\r\nabc\r\n0\r\n\r\n', expect: 400 },
  { name: 'chunk size with trailing space', headers: 'Transfer-Encoding: chunked\r\n', body: '3 \r\nabc\r\n0\r\n\r\n', expect: 400 },
  { name: 'chunk size negative', headers: 'Transfer-Encoding: chunked\r\n', body: '-3\r\nabc\r\n0\r\n\r\n', expect: 400 },
  { name: 'chunk size overflow', headers: 'Transfer-Encoding: chunked\r\n', body: '10000000000000003\r\nabc\r\n0\r\n\r\n', expect: 400 },
  { name: 'chunk longer than its size', headers: 'Transfer-Encoding: chunked\r\n', body: `3\r\nabc${SMUGGLED}\r\n0\r\n\r\n`, expect: 400 },
  { name: 'bare LF in chunked body', headers: 'Transfer-Encoding: chunked\r\n', body: '3\nabc\n0\n\n', expect: 400 },
  { name: 'bare LF header line ends', headers: 'Content-Length: 3\n', body: '\nabc', expect: 400 },
  { name: 'obs-fold in another header', headers: 'X-A: 1\r\n  continued\r\nContent-Length: 3\r\n', body: 'abc', expect: 400 },
  { name: 'duplicate Host', headers: 'Host: evil\r\nContent-Length: 3\r\n', body: 'abc', expect: 400 },
  { name: 'NUL in a header value', headers: 'X-A: a\x00b\r\nContent-Length: 3\r\n', body: 'abc', expect: 400 },
];

describe('request smuggling: the origin sees one reading of each request, the one the WAF inspected', () => {
  let origin: RawOrigin;
  let t: TestProxy;
  let port = 0;
  let waf: InspectedBodies;
  let fx: RawProxyFixture;
  beforeAll(async () => {
    fx = await startRawProxy((url) => ({ origins: [{ url }], health: { type: 'none' }, gates: HARDENING_GATES }));
    ({ origin, t, port, waf } = fx);
  });
  afterAll(() => fx.close());

  it.each(VECTORS.map((v, i) => [v.name, v, i] as const))('%s', async (_name, v, i) => {
    const id = `vec-${i}`;
    const probe = `GET /probe HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${id}-probe\r\nConnection: close\r\n\r\n`;
    const head = `POST /v HTTP/${v.version === 'HTTP/1.0' ? '1.0' : '1.1'}\r\nHost: x\r\nX-Request-Id: ${id}\r\n${v.headers}\r\n`;
    const out = await rawExchange(port, head + v.body + probe, { ms: 2500 });
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? 0);
    const mine = () => origin.seen.filter((r) => header(r, 'x-request-id')[0] === id);
    if (v.expect === 400) {
      expect(status).toBe(400);
      expect(mine()).toHaveLength(0);
      const line = t.access.lines.find((l) => String(l.local ?? '').startsWith('framing:') && (l.url === '/v' || l.id === undefined));
      expect(line).toBeDefined();
    } else {
      expect(status).toBe(200);
      expect(await waitFor(() => mine().length > 0, 2000)).toBe(true);
      expect(mine()).toHaveLength(1);
      const r = mine()[0];
      expect(r.body.toString('latin1')).toBe(v.forwarded);
      expect(waf.byId.get(id)?.toString('latin1')).toBe(v.forwarded);
      // Re-framed: one Content-Length, no Transfer-Encoding, no trailers.
      expect(header(r, 'content-length')).toEqual([String(Buffer.byteLength(v.forwarded ?? '', 'latin1'))]);
      expect(header(r, 'transfer-encoding')).toEqual([]);
      expect(header(r, 'x-smuggle')).toEqual([]);
    }
    // Whatever happened, nothing inside a body ever reached the origin as a request of its own.
    expect(origin.seen.filter((r) => r.head.startsWith('GET /smuggled'))).toHaveLength(0);
    expect(origin.unparsable).toHaveLength(0);
  });

  it('forwards hop-by-hop and Connection-listed headers to nobody, keeps end-to-end ones', async () => {
    const r = await send(t.proxy.url, '/hop', {
      method: 'POST',
      headers: { 'x-request-id': 'hop-1', connection: 'keep-alive, x-secret', 'x-secret': 's', 'keep-alive': 'timeout=5', te: 'trailers', 'proxy-authorization': 'Basic x', 'x-keep': 'k', 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(r.status).toBe(200);
    const got = origin.seen.find((x) => header(x, 'x-request-id')[0] === 'hop-1');
    expect(got).toBeDefined();
    for (const h of ['x-secret', 'keep-alive', 'te', 'proxy-authorization', 'transfer-encoding']) expect(header(got!, h)).toEqual([]);
    expect(header(got!, 'x-keep')).toEqual(['k']);
    expect(header(got!, 'content-length')).toEqual(['5']);
    expect(header(got!, 'x-forwarded-for')).toEqual(['127.0.0.1']);
    expect(got!.body.toString()).toBe('hello');
  });

  it('blocks a body the WAF flags and the origin never sees it', async () => {
    const body = 'a=1&b=evil-marker';
    const out = await rawExchange(port, `POST /b HTTP/1.1\r\nHost: x\r\nX-Request-Id: blk-1\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`);
    expect(out).toMatch(/^HTTP\/1\.1 403 /);
    expect(origin.seen.filter((r) => header(r, 'x-request-id')[0] === 'blk-1')).toHaveLength(0);
  });
});
