import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestOrigin } from './testdata/origin.ts';
import { send, sleep, startTestProxy, type TestProxy } from './testing.ts';

/** Writes raw bytes, optionally closes early, and returns whatever came back. */
function raw(port: number, chunks: string[], closeAfterMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', async () => {
      for (const c of chunks) {
        s.write(Buffer.from(c, 'latin1'));
        await sleep(5);
      }
    });
    let out = '';
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    setTimeout(() => s.destroy(), closeAfterMs);
  });
}

describe('no input takes the proxy down', () => {
  let t: TestProxy;
  let origin: TestOrigin;
  let port = 0;
  beforeAll(async () => {
    origin = await TestOrigin.start((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
    });
    t = await startTestProxy({ origins: [{ url: origin.url }], health: { type: 'none' }, limits: { maxBodyBytes: 1024 }, gates: { waf: { enabled: false }, ratelimit: { enabled: false } } });
    port = Number(new URL(t.proxy.url).port);
  });
  afterAll(async () => {
    await t.proxy.shutdown(500);
    await origin.close();
  });

  const cases: [string, string[], RegExp][] = [
    ['garbage request line', ['\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n'], /^HTTP\/1\.1 400 |^$/],
    ['NUL in the target', ['GET /a\x00b HTTP/1.1\r\nHost: x\r\n\r\n'], /^HTTP\/1\.1 400 /],
    ['header without colon', ['GET / HTTP/1.1\r\nHost x\r\n\r\n'], /^HTTP\/1\.1 400 /],
    ['bad content-length', ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'], /^HTTP\/1\.1 400 /],
    ['content-length and chunked together', ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'], /^HTTP\/1\.1 400 /],
    // The parse error comes after the headers were accepted: node closes the connection.
    ['broken chunk size', ['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'], /^HTTP\/1\.1 400 |^$/],
    ['chunked body over the limit', ['POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', `800\r\n${'a'.repeat(2048)}\r\n`, '0\r\n\r\n'], /^HTTP\/1\.1 413 /],
    ['body cut short by the client', ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc'], /^$|^HTTP\/1\.1 408 /],
    // llhttp accepts a version-less request line as HTTP/0.9; it is answered like any other.
    ['HTTP/0.9 style', ['GET /\r\n\r\n'], /^HTTP\/1\.1 (200|400) |^$/],
    ['huge URL', [`GET /${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`], /^HTTP\/1\.1 (414|431|400) /],
    // A reverse proxy opens no tunnel: answered as nginx answers it.
    ['CONNECT', ['CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'], /^HTTP\/1\.1 405 /],
  ];

  it.each(cases)('%s', async (_name, chunks, expected) => {
    const before = process.listenerCount('uncaughtException');
    expect(await raw(port, chunks, 600)).toMatch(expected);
    expect(process.listenerCount('uncaughtException')).toBe(before);
    expect((await send(t.proxy.url, '/after')).status).toBe(200);
  });

  it('serves many interleaved bad and good connections', async () => {
    const bad = Array.from({ length: 50 }, (_, i) => raw(port, [cases[i % cases.length][1].join('')], 300));
    const good = Array.from({ length: 20 }, () => send(t.proxy.url, '/ok'));
    await Promise.all(bad);
    expect((await Promise.all(good)).map((r) => r.status)).toEqual(Array(20).fill(200));
  });
});
