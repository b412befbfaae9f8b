import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawOrigin } from './testdata/raw-origin.ts';
import { HARDENING_GATES, rawExchange, sleep, startTestProxy, type TestProxy } from './testing.ts';

/**
 * Soak: valid, malformed, slow and oversized requests at once from many 127.x.y.z addresses.
 * `npm test` runs 5 s; `WAF_SOAK_SECONDS=60 npx vitest run proxy/soak.test.ts` (npm run soak:proxy)
 * the long one. Asserts outcomes per kind, never timings; memory is reported and loosely bounded.
 */
const SECONDS = Number(process.env.WAF_SOAK_SECONDS ?? 5);
const LIMIT = 16 * 1024;

type Kind = 'valid-get' | 'valid-post' | 'malformed' | 'oversized' | 'header-flood' | 'slowloris';
const EXPECTED: Record<Kind, number> = { 'valid-get': 200, 'valid-post': 200, malformed: 400, oversized: 413, 'header-flood': 431, slowloris: 408 };
const MALFORMED = [
  'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG',
  'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity, chunked\r\n\r\n0\r\n\r\n',
  'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd',
  'GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n',
  'GET / HTTP/1.1\nHost: x\n\n',
  'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
];

function request(kind: Kind, n: number): { data: string | string[]; gapMs?: number } {
  switch (kind) {
    case 'valid-get':
      return { data: `GET /g?n=${n} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n` };
    case 'valid-post': {
      const body = `n=${n}&${'v'.repeat(n % 2000)}`;
      return { data: `POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n` };
    }
    case 'malformed':
      return { data: MALFORMED[n % MALFORMED.length] };
    case 'oversized':
      return { data: `POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: ${LIMIT + 1}\r\nConnection: close\r\n\r\n${'o'.repeat(LIMIT + 1)}` };
    case 'header-flood':
      return { data: `GET / HTTP/1.1\r\nHost: x\r\n${'X-F: y\r\n'.repeat(150)}\r\n` };
    case 'slowloris':
      return { data: ['GET / HTTP/1.1\r\n', 'Host: x\r\n', ...Array.from({ length: 30 }, (_, i) => `X-S${i}: y\r\n`)], gapMs: 100 };
  }
}

const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;

describe(`soak (${SECONDS} s)`, () => {
  let origin: RawOrigin;
  let t: TestProxy;
  let port = 0;
  beforeAll(async () => {
    origin = await RawOrigin.start();
    origin.retain = false;
    t = await startTestProxy({
      origins: [{ url: origin.url }],
      health: { type: 'none' },
      limits: { maxBodyBytes: LIMIT, headersTimeoutMs: 500, requestTimeoutMs: 1000, keepAliveTimeoutMs: 500, maxHeaderCount: 100 },
      gates: HARDENING_GATES,
      log: { access: '' },
    });
    port = Number(new URL(t.proxy.url).port);
  });
  afterAll(async () => {
    await t.proxy.shutdown(200);
    await origin.close();
  });

  it('answers every request by kind, never crashes, memory stays bounded', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage();
    const kinds: Kind[] = ['valid-get', 'valid-post', 'valid-get', 'malformed', 'oversized', 'header-flood', 'valid-post', 'malformed'];
    const counts = new Map<Kind, { sent: number; ok: number; other: Map<number, number> }>();
    const end = Date.now() + SECONDS * 1000;
    let n = 0;
    const worker = async (w: number, only?: Kind) => {
      while (Date.now() < end) {
        const i = n++;
        const kind = only ?? kinds[i % kinds.length];
        const r = request(kind, i);
        const addr = `127.${10 + (i % 50)}.${(i >> 6) % 250}.${1 + (w % 250)}`;
        const out = await rawExchange(port, r.data, { localAddress: addr, gapMs: r.gapMs, ms: 8000 });
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? 0);
        const c = counts.get(kind) ?? { sent: 0, ok: 0, other: new Map() };
        counts.set(kind, c);
        c.sent++;
        if (status === EXPECTED[kind]) c.ok++;
        else c.other.set(status, (c.other.get(status) ?? 0) + 1);
      }
    };
    // 16 fast workers and 4 slowloris ones, each on its own connections.
    await Promise.all([...Array.from({ length: 16 }, (_, w) => worker(w)), ...Array.from({ length: 4 }, (_, w) => worker(100 + w, 'slowloris'))]);
    await sleep(300);
    gc?.();
    const after = process.memoryUsage();
    const report = Object.fromEntries([...counts].map(([k, c]) => [k, { sent: c.sent, expected: c.ok, other: Object.fromEntries(c.other) }]));
    console.info(JSON.stringify({ seconds: SECONDS, requests: report, heapMB: [mb(before.heapUsed), mb(after.heapUsed)], rssMB: [mb(before.rss), mb(after.rss)], originRequests: origin.count }));
    for (const [kind, c] of counts) expect([kind, c.sent, c.other.size]).toEqual([kind, c.sent, 0]);
    const valid = (counts.get('valid-get')?.sent ?? 0) + (counts.get('valid-post')?.sent ?? 0);
    expect(valid).toBeGreaterThan(0);
    // Every valid request reached the origin; nothing else did.
    expect(origin.count).toBe(valid);
    expect(origin.unparsable).toHaveLength(0);
    // Loose: the proxy holds at most maxBodyBytes per request; growth beyond tens of MB is a leak.
    expect(after.heapUsed - before.heapUsed).toBeLessThan(100 * 1024 * 1024);
  }, (SECONDS + 30) * 1000);
});
