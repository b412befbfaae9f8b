import { describe, expect, it } from 'vitest';
import { configFromObject } from '../config.ts';
import { RequestContext } from '../context.ts';
import { CacheGate } from './cache.ts';

function exchange(g: CacheGate, url: string, resHeaders: Record<string, string>, body = 'x'.repeat(1000), method = 'GET') {
  const c = new RequestContext('t', method, url, '1.1', { host: 'h' }, ['Host', 'h'], '10.0.0.1', 1, '10.0.0.1', '127.0.0.1', 80, null);
  const d = g.onRequest(c);
  if (d.kind === 'reply') return d;
  c.fromOrigin = true;
  c.response = { status: 200, headers: { 'content-type': 'text/plain', ...resHeaders }, body: Buffer.from(body) };
  g.onResponse(c);
  return d;
}

const gate = (maxBytes = 1 << 20) => new CacheGate(configFromObject({ gates: { cache: { maxBytes } } }).gates.cache);

describe('cache gate', () => {
  it('stays within its byte budget however many URLs are stored', () => {
    const g = gate(20_000);
    for (let i = 0; i < 500; i++) exchange(g, `/p${i}`, { 'cache-control': 'max-age=60' });
    const s = g.stats();
    expect(s.bytes).toBeLessThanOrEqual(20_000);
    expect(s.stored).toBe(500);
    expect(s.entries).toBeGreaterThan(5);
    expect(exchange(g, '/p499', {}).kind).toBe('reply');
    expect(exchange(g, '/p0', {}).kind).toBe('continue');
  });

  it('does not store private, no-store, set-cookie or HEAD responses, nor serve POST from cache', () => {
    const g = gate();
    for (const [u, h] of [
      ['/a', { 'cache-control': 'private, max-age=60' }],
      ['/b', { 'cache-control': 'no-store' }],
      ['/c', { 'cache-control': 'max-age=60', 'set-cookie': 'sid=1' }],
    ] as const) {
      exchange(g, u, h);
      expect(exchange(g, u, h).kind, u).toBe('continue');
    }
    exchange(g, '/d', { 'cache-control': 'max-age=60' }, 'body', 'HEAD');
    expect(exchange(g, '/d', {}).kind).toBe('continue');
    exchange(g, '/e', { 'cache-control': 'max-age=60' });
    expect(exchange(g, '/e', {}, 'x', 'POST').kind).toBe('continue');
  });
});
