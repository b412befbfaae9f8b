import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestOrigin } from './testdata/origin.ts';
import { send, startTestProxy, type TestProxy } from './testing.ts';

describe('client key from a trusted hop', () => {
  let t: TestProxy;
  let origin: TestOrigin;
  beforeAll(async () => {
    origin = await TestOrigin.start((_q, res) => void res.writeHead(200).end('ok'));
    t = await startTestProxy({
      origins: [{ url: origin.url }],
      health: { type: 'none' },
      clientKey: { header: 'x-forwarded-for', trustedHops: ['127.0.0.1'] },
      gates: { waf: { enabled: false }, ratelimit: { capacity: 1, refillPerSecond: 0.01 } },
    });
  });
  afterAll(async () => {
    await t.proxy.shutdown(1000);
    await origin.close();
  });

  it('keys the bucket on the address the trusted hop appended', async () => {
    const via = (xff: string) => send(t.proxy.url, '/', { localAddress: '127.0.0.1', headers: { 'x-forwarded-for': xff } });
    expect((await via('203.0.113.1')).status).toBe(200);
    expect((await via('203.0.113.2')).status).toBe(200);
    // a client cannot pick a fresh bucket by prepending its own addresses
    expect((await via('1.1.1.1, 203.0.113.1')).status).toBe(429);
    expect(t.access.lines.at(-1)).toMatchObject({ key: '203.0.113.1', client: '127.0.0.1' });
  });

  it('ignores the header from peers that are not trusted hops', async () => {
    const from = (xff: string) => send(t.proxy.url, '/', { localAddress: '127.0.0.31', headers: { 'x-forwarded-for': xff } });
    expect((await from('198.51.100.1')).status).toBe(200);
    expect((await from('198.51.100.2')).status).toBe(429);
    expect(t.access.lines.at(-1)).toMatchObject({ key: '127.0.0.31' });
  });
});
