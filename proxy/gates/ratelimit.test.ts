import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromObject } from '../config.ts';
import { RequestContext } from '../context.ts';
import { MemoryTokenStore, RedisTokenStore } from './ratelimit-store.ts';
import { TestOrigin } from '../testdata/origin.ts';
import { send, startTestProxy } from '../testing.ts';
import { RateLimitGate, jitterFactor } from './ratelimit.ts';

function ctx(key: string): RequestContext {
  return new RequestContext('t', 'GET', '/', '1.1', {}, [], key, 1, key, '127.0.0.1', 80, null);
}

const cfg = (over: Record<string, unknown> = {}) => configFromObject({ gates: { ratelimit: { capacity: 5, refillPerSecond: 1, jitter: 0, ...over } } }).gates.ratelimit;

describe('token bucket (memory)', () => {
  it('lets `capacity` through, then 429 with Retry-After and RateLimit headers, then refills', () => {
    let now = 1_000_000;
    const gate = new RateLimitGate(cfg(), new MemoryTokenStore(100, () => now));
    const decisions = Array.from({ length: 7 }, () => gate.onRequest(ctx('10.0.0.1')));
    expect(decisions.map((d) => (d as { kind: string }).kind)).toEqual(['continue', 'continue', 'continue', 'continue', 'continue', 'reply', 'reply']);
    const limited = decisions[5] as { status: number; headers: Record<string, string> };
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    const c = ctx('10.0.0.1');
    gate.onRequest(c);
    expect(Object.fromEntries(c.extraHeaders)).toEqual({ 'RateLimit-Limit': '5', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '5' });
    now += 2000;
    expect((gate.onRequest(ctx('10.0.0.1')) as { kind: string }).kind).toBe('continue');
    expect((gate.onRequest(ctx('10.0.0.2')) as { kind: string }).kind).toBe('continue');
  });

  it('keeps at most maxClients buckets however many addresses come', () => {
    const store = new MemoryTokenStore(1000);
    for (let i = 0; i < 200_000; i++) store.take(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, { capacity: 5, rate: 1 });
    expect(store.size).toBe(1000);
  });

  it('jitters each client within ±jitter, deterministically', () => {
    const fs = Array.from({ length: 2000 }, (_, i) => jitterFactor(`k${i}`, 0.1));
    expect(Math.min(...fs)).toBeGreaterThanOrEqual(0.9);
    expect(Math.max(...fs)).toBeLessThanOrEqual(1.1);
    // spread over the whole band, not all equal
    expect(Math.max(...fs) - Math.min(...fs)).toBeGreaterThan(0.15);
    expect(jitterFactor('k1', 0.1)).toBe(jitterFactor('k1', 0.1));
    expect(jitterFactor('k1', 0)).toBe(1);
  });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('token bucket (redis, shared by two proxies)', () => {
  let redis: ChildProcess | null = null;
  let dir = '';
  let url = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'waf-redis-'));
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
      redis!.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('Ready to accept connections')) {
          clearTimeout(t);
          resolve();
        }
      });
      redis!.on('error', reject);
    });
  });

  afterAll(() => {
    redis?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares one budget between gates on different instances', async () => {
    const a = new RateLimitGate(cfg(), new RedisTokenStore(url, 'test:'));
    const b = new RateLimitGate(cfg(), new RedisTokenStore(url, 'test:'));
    await new Promise((r) => setTimeout(r, 200));
    const kinds: string[] = [];
    for (let i = 0; i < 8; i++) kinds.push(((await (i % 2 ? a : b).onRequest(ctx('10.9.9.9'))) as { kind: string }).kind);
    expect(kinds.filter((k) => k === 'continue')).toHaveLength(5);
    expect(kinds.slice(5)).toEqual(['reply', 'reply', 'reply']);
    // another client is unaffected
    expect(((await a.onRequest(ctx('10.9.9.10'))) as { kind: string }).kind).toBe('continue');
    await a.close();
    await b.close();
  });

  it('shares limits between two proxy instances over real sockets', async () => {
    const origin = await TestOrigin.start((_q, res) => void res.writeHead(200).end('ok'));
    const cfg = { origins: [{ url: origin.url }], health: { type: 'none' as const }, gates: { waf: { enabled: false }, ratelimit: { store: 'redis' as const, redisUrl: url, redisPrefix: 'proxies:', capacity: 4, refillPerSecond: 0.01, jitter: 0 } } };
    const [p1, p2] = [await startTestProxy(cfg), await startTestProxy(cfg)];
    try {
      await new Promise((r) => setTimeout(r, 200));
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) codes.push((await send((i % 2 ? p1 : p2).proxy.url, '/', { localAddress: '127.0.0.77' })).status);
      expect(codes).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await p1.proxy.shutdown(500);
      await p2.proxy.shutdown(500);
      await origin.close();
    }
  });

  it('lets requests through (and counts) when redis is unreachable', async () => {
    const store = new RedisTokenStore('redis://127.0.0.1:1', 'x:');
    const t = await store.take('k', { capacity: 1, rate: 1 });
    expect(t.allowed).toBe(true);
    expect(store.failures).toBe(1);
    await store.close();
  });
});
