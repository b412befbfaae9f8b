import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header, RawOrigin, type OriginRequest } from './testdata/raw-origin.ts';
import { HARDENING_GATES, rawExchange, send, sleep, startRawProxy, startTestProxy, waitFor, type InspectedBodies, type RawProxyFixture, type TestProxy } from './testing.ts';

const LIMIT = 16 * 1024;
const byId = (o: RawOrigin, id: string) => o.seen.filter((r) => header(r, 'x-request-id')[0] === id);
const statusOf = (out: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? 0);
const post = (id: string, body: Buffer | string, extra = '') => Buffer.concat([Buffer.from(`POST /u HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${id}\r\nContent-Type: text/plain\r\nConnection: close\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`), Buffer.from(body)]);

/** Invalid or large origin answers, chosen by the request path. */
function responder(r: OriginRequest): string | Buffer | null {
  const path = r.head.split(' ')[1];
  const big = (tail: string) => `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${4 * LIMIT + tail.length}\r\n\r\n${'r'.repeat(4 * LIMIT)}${tail}`;
  const bad: Record<string, string | Buffer> = {
    '/res/cl-te': 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
    '/res/dup-cl': 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd',
    '/res/bad-chunk': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
    '/res/fold': 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-A: a\r\n b\r\n\r\nabc',
    '/res/bare-lf': 'HTTP/1.1 200 OK\nContent-Length: 3\n\nabc',
    '/res/cl-plus': 'HTTP/1.1 200 OK\r\nContent-Length: +3\r\n\r\nabc',
    '/res/big-leak-late': big('secret-leak'),
    '/res/big-leak-early': `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${4 * LIMIT + 11}\r\n\r\nsecret-leak${'r'.repeat(4 * LIMIT)}`,
  };
  return bad[path] ?? null;
}

describe('request body limits, decompression, response side (Reject mode)', () => {
  let origin: RawOrigin;
  let t: TestProxy;
  let port = 0;
  let waf: InspectedBodies;
  let fx: RawProxyFixture;
  beforeAll(async () => {
    // Passive ejection off: the invalid answers below would otherwise take the origin out.
    fx = await startRawProxy((url) => ({ origins: [{ url }], health: { type: 'none', consecutive5xx: 1000 }, limits: { maxBodyBytes: LIMIT, maxResponseBytes: LIMIT }, gates: HARDENING_GATES }), responder);
    ({ origin, t, port, waf } = fx);
  });
  afterAll(() => fx.close());

  it('refuses a body over the inspection limit with 413, declared or chunked, before any gate', async () => {
    expect(statusOf(await rawExchange(port, post('big-cl', 'a'.repeat(LIMIT + 1))))).toBe(413);
    const chunked = `POST /u HTTP/1.1\r\nHost: x\r\nX-Request-Id: big-te\r\nTransfer-Encoding: chunked\r\n\r\n${(LIMIT + 10).toString(16)}\r\n${'a'.repeat(LIMIT + 10)}\r\n0\r\n\r\n`;
    expect(statusOf(await rawExchange(port, chunked))).toBe(413);
    expect(byId(origin, 'big-cl').length + byId(origin, 'big-te').length).toBe(0);
    const line = t.access.lines.find((l) => l.status === 413);
    expect(line?.gates).toEqual([]);
    expect(String(line?.local)).toMatch(/over 16384/);
  });

  it('inspects gzip, deflate and br bodies decoded, and forwards the decoded bytes', async () => {
    const plain = Buffer.from('q=hello&r=world');
    expect(statusOf(await rawExchange(port, post('gz-ok', gzipSync(plain), 'Content-Encoding: gzip\r\n')))).toBe(200);
    expect(byId(origin, 'gz-ok')[0].body.equals(plain)).toBe(true);
    expect(header(byId(origin, 'gz-ok')[0], 'content-encoding')).toEqual([]);
    expect(waf.byId.get('gz-ok')?.equals(plain)).toBe(true);
    // The marker is invisible in the compressed bytes; decoded, the rule sees it.
    expect(statusOf(await rawExchange(port, post('gz-evil', gzipSync('x=evil-marker'), 'Content-Encoding: gzip\r\n')))).toBe(403);
    expect(byId(origin, 'gz-evil')).toHaveLength(0);
  });

  it('refuses a zip bomb (413), an unknown or stacked coding (415), a corrupt one (400)', async () => {
    const bomb = gzipSync(Buffer.alloc(12 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(LIMIT);
    expect(statusOf(await rawExchange(port, post('bomb', bomb, 'Content-Encoding: gzip\r\n')))).toBe(413);
    expect(statusOf(await rawExchange(port, post('lzw', 'abc', 'Content-Encoding: compress\r\n')))).toBe(415);
    expect(statusOf(await rawExchange(port, post('gz2', gzipSync(gzipSync('a')), 'Content-Encoding: gzip, gzip\r\n')))).toBe(415);
    expect(statusOf(await rawExchange(port, post('corrupt', 'not gzip at all', 'Content-Encoding: gzip\r\n')))).toBe(400);
    expect(['bomb', 'lzw', 'gz2', 'corrupt'].flatMap((id) => byId(origin, id))).toHaveLength(0);
  });

  it('answers 502 to origin responses with invalid framing instead of relaying them', async () => {
    for (const p of ['cl-te', 'dup-cl', 'bad-chunk', 'fold', 'bare-lf', 'cl-plus']) {
      const r = await send(t.proxy.url, `/res/${p}`);
      expect([p, r.status]).toEqual([p, 502]);
      expect(r.body).not.toContain('abc');
    }
  });

  it('streams a response beyond the limit; response rules see only the first maxResponseBytes', async () => {
    const late = await send(t.proxy.url, '/res/big-leak-late');
    expect(late.status).toBe(200);
    expect(late.body.length).toBe(4 * LIMIT + 11);
    expect(late.body.endsWith('secret-leak')).toBe(true);
    expect(late.headers['content-length']).toBe(String(4 * LIMIT + 11));
    const early = await send(t.proxy.url, '/res/big-leak-early');
    expect(early.status).toBe(403);
    expect(early.body).not.toContain('rrrr');
  });
});

describe('ProcessPartial and streaming with backpressure', () => {
  let origin: RawOrigin;
  let t: TestProxy;
  let port = 0;
  let waf: InspectedBodies;
  let fx: RawProxyFixture;
  beforeAll(async () => {
    fx = await startRawProxy((url) => ({ origins: [{ url }], health: { type: 'none' }, limits: { maxBodyBytes: LIMIT, requestBodyLimitAction: 'ProcessPartial', decompress: false }, gates: HARDENING_GATES }));
    ({ origin, t, port, waf } = fx);
  });
  afterAll(() => fx.close());

  it('inspects the first maxBodyBytes, streams the rest unchanged, and the log marks it', async () => {
    const body = Buffer.concat([Buffer.alloc(LIMIT, 'a'), Buffer.from('evil-marker'), Buffer.alloc(3 * LIMIT, 'b')]);
    expect(statusOf(await rawExchange(port, post('partial', body)))).toBe(200);
    expect(await waitFor(() => byId(origin, 'partial').length === 1)).toBe(true);
    expect(byId(origin, 'partial')[0].body.equals(body)).toBe(true);
    expect(waf.byId.get('partial')?.equals(body.subarray(0, LIMIT))).toBe(true);
    const line = t.access.lines.find((l) => l.url === '/u' && l.bodyPartial === true);
    expect(JSON.stringify(line?.gates)).toContain('ProcessPartial');
    // Within the inspected part the marker still blocks, and the origin sees nothing.
    const early = Buffer.concat([Buffer.from('evil-marker'), Buffer.alloc(2 * LIMIT, 'c')]);
    expect(statusOf(await rawExchange(port, post('partial-evil', early)))).toBe(403);
    expect(byId(origin, 'partial-evil')).toHaveLength(0);
  });

  it('refuses encoded bodies when decompression is off (415)', async () => {
    expect(statusOf(await rawExchange(port, post('gz-off', gzipSync('a=1'), 'Content-Encoding: gzip\r\n')))).toBe(415);
  });

  it('applies backpressure: a client cannot push more than the buffers into an origin that does not read', async () => {
    const held = new Set<Socket>();
    const stalled = (await import('node:net')).createServer((c) => {
      c.pause();
      held.add(c);
    });
    await new Promise<void>((r) => stalled.listen(0, '127.0.0.1', r));
    const p2 = await startTestProxy({ origins: [{ url: `http://127.0.0.1:${(stalled.address() as { port: number }).port}` }], health: { type: 'none' }, limits: { maxBodyBytes: LIMIT, requestBodyLimitAction: 'ProcessPartial' }, upstream: { headersTimeoutMs: 60_000, bodyTimeoutMs: 60_000 }, gates: HARDENING_GATES });
    const total = 256 * 1024 * 1024;
    const s: Socket = connect(Number(new URL(p2.proxy.url).port), '127.0.0.1');
    s.on('error', () => {});
    await new Promise<void>((r) => s.once('connect', () => r()));
    s.write(`POST /stall HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 'z');
    const end = Date.now() + 3000;
    while (Date.now() < end && s.bytesWritten < total) {
      if (s.writableLength > 1024 * 1024) await Promise.race([new Promise((r) => s.once('drain', r)), sleep(100)]);
      else s.write(chunk);
    }
    // Bytes the proxy (and the kernel) took, not those still queued in this process.
    const accepted = s.bytesWritten - s.writableLength;
    s.destroy();
    for (const c of held) c.destroy();
    stalled.close();
    await p2.proxy.shutdown(100);
    // Kernel socket buffers on two loopback connections hold some megabytes; the proxy holds its
    // limit plus stream high-water marks. Without backpressure all 256 MiB would be taken.
    expect(accepted).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('slow and hostile clients', () => {
  let origin: RawOrigin;
  let t: TestProxy;
  let port = 0;
  beforeAll(async () => {
    origin = await RawOrigin.start();
    t = await startTestProxy({
      origins: [{ url: origin.url }],
      health: { type: 'none' },
      limits: { maxBodyBytes: LIMIT, headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 300, maxHeaderCount: 50, maxHeaderBytes: 8192, maxConnections: 300 },
      gates: HARDENING_GATES,
    });
    port = Number(new URL(t.proxy.url).port);
  });
  afterAll(async () => {
    await t.proxy.shutdown(200);
    await origin.close();
  });

  it('slowloris (headers trickled) gets 408 and the log says why', async () => {
    const parts = ['GET / HTTP/1.1\r\n', 'Host: x\r\n', ...Array.from({ length: 40 }, (_, i) => `X-${i}: y\r\n`)];
    const out = await rawExchange(port, parts, { gapMs: 100, ms: 6000 });
    expect(statusOf(out)).toBe(408);
    expect(t.access.lines.some((l) => l.status === 408 && String(l.local).includes('ERR_HTTP_REQUEST_TIMEOUT'))).toBe(true);
  });

  it('a slow body gets 408 and never reaches the origin', async () => {
    const before = origin.seen.length;
    const parts = ['POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n', ...Array.from({ length: 40 }, () => 'a')];
    const out = await rawExchange(port, parts, { gapMs: 100, ms: 6000 });
    expect(statusOf(out)).toBe(408);
    expect(origin.seen.length).toBe(before);
  });

  it('too many header lines (431) and an oversized header line (431)', async () => {
    const many = `GET / HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 60 }, (_, i) => `X-${i}: y\r\n`).join('')}\r\n`;
    expect(statusOf(await rawExchange(port, many))).toBe(431);
    expect(statusOf(await rawExchange(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(10_000)}\r\n\r\n`))).toBe(431);
    expect(t.access.lines.filter((l) => l.status === 431)).toHaveLength(2);
  });

  it('idle keep-alive connections are closed after keepAliveTimeoutMs, from many addresses', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        new Promise<{ closed: boolean }>((resolve) => {
          const st = { closed: false };
          const s = connect({ port, host: '127.0.0.1', localAddress: `127.0.${2 + (i >> 6)}.${1 + (i & 63)}` }, () => s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
          s.on('data', () => {});
          s.on('error', () => {});
          s.on('close', () => (st.closed = true));
          resolve(st);
        }),
      ),
    );
    expect(await waitFor(() => sockets.every((s) => s.closed), 8000)).toBe(true);
    expect((await send(t.proxy.url, '/after')).status).toBe(200);
  });
});
