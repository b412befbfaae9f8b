import { afterEach, describe, expect, it } from 'vitest';
import { TestOrigin } from './testdata/origin.ts';
import { send, sleep, startTestProxy, waitFor, type TestProxy } from './testing.ts';

const named = (tag: string, delayMs = 0) =>
  TestOrigin.start((_req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(tag), delayMs);
  });

/** Concurrent GET loops until `stop()`; counts answers by body and failures by status/error. */
function load(url: string, workers: number) {
  const by = new Map<string, number>();
  const failures: string[] = [];
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      try {
        const r = await send(url, '/x');
        if (r.status === 200) by.set(r.body, (by.get(r.body) ?? 0) + 1);
        else failures.push(String(r.status));
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
  });
  return {
    by,
    failures,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

const base = { health: { type: 'http' as const, intervalMs: 100, timeoutMs: 200, healthyThreshold: 1, unhealthyThreshold: 1, jitter: 0.1 }, gates: { waf: { enabled: false }, ratelimit: { enabled: false }, cache: { enabled: false } } };

describe('origin pool: health, backups, draining', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  it('ejects a killed origin, retries on another, and moves to the backup when primaries are gone', async () => {
    const [a, b, c] = await Promise.all([named('a'), named('b'), named('c')]);
    // Two retries: with three origins a request can meet two dying ones in a row.
    const t: TestProxy = await startTestProxy({ ...base, upstream: { retries: 2 }, origins: [{ name: 'a', url: a.url }, { name: 'b', url: b.url }, { name: 'c', url: c.url, backup: true }] });
    cleanup.push(() => t.proxy.shutdown(1000), () => b.close(), () => c.close());
    const l = load(t.proxy.url, 4);
    await sleep(300);
    await a.close();
    expect(await waitFor(() => t.events.lines.some((e) => e.origin === 'a' && (e.state === 'ejected' || e.state === 'unhealthy')))).toBe(true);
    const bAfterA = l.by.get('b') ?? 0;
    // Counts, not time: under a loaded machine the loop may be slow, but the order must hold.
    expect(await waitFor(() => (l.by.get('b') ?? 0) >= bAfterA + 5, 15_000)).toBe(true);
    expect(l.by.get('c') ?? 0).toBe(0);
    await b.close();
    expect(await waitFor(() => t.events.lines.some((e) => e.origin === 'b' && (e.state === 'ejected' || e.state === 'unhealthy')))).toBe(true);
    const cBefore = l.by.get('c') ?? 0;
    expect(await waitFor(() => (l.by.get('c') ?? 0) >= cBefore + 5, 15_000)).toBe(true);
    await l.stop();
    const ok = [...l.by.values()].reduce((x, y) => x + y, 0);
    console.log('origin kill report', JSON.stringify({ ok, failed: l.failures.length, failures: l.failures.slice(0, 4), byOrigin: Object.fromEntries(l.by) }));
    // Refused connections and sockets reset before a response are retried on another origin.
    expect(l.failures).toEqual([]);
  }, 40_000);

  it('retries an idempotent request on another origin when the connection is refused, not a POST', async () => {
    const b = await named('b');
    const refused = await named('gone');
    const deadUrl = refused.url;
    await refused.close();
    const t = await startTestProxy({ ...base, health: { type: 'none', consecutiveConnectErrors: 100 }, origins: [{ name: 'dead', url: deadUrl }, { name: 'b', url: b.url }] });
    cleanup.push(() => t.proxy.shutdown(1000), () => b.close());
    const gets = [];
    for (let i = 0; i < 4; i++) gets.push(await send(t.proxy.url, '/'));
    expect(gets.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const posts = [];
    for (let i = 0; i < 4; i++) posts.push((await send(t.proxy.url, '/', { method: 'POST', body: 'x=1' })).status);
    expect(posts.sort()).toEqual([200, 200, 502, 502]);
  });

  it('brings an origin back once its health probe passes again', async () => {
    const a = await named('a');
    const port = a.port;
    const b = await named('b');
    const t = await startTestProxy({ ...base, origins: [{ name: 'a', url: a.url }, { name: 'b', url: b.url }] });
    cleanup.push(() => t.proxy.shutdown(1000), () => b.close());
    await a.close();
    expect(await waitFor(() => t.events.lines.some((e) => e.origin === 'a' && e.state === 'unhealthy'))).toBe(true);
    const again = await TestOrigin.start((_q, res) => void res.writeHead(200).end('a2'), port);
    cleanup.push(() => again.close());
    expect(await waitFor(() => t.events.lines.some((e) => e.origin === 'a' && e.state === 'healthy'))).toBe(true);
    const bodies = new Set<string>();
    for (let i = 0; i < 6; i++) bodies.add((await send(t.proxy.url, '/')).body);
    expect(bodies).toEqual(new Set(['a2', 'b']));
  });

  it('loses no request while an origin is drained under load (admin API)', async () => {
    // a is slow, so that it certainly has requests in flight when the drain begins.
    const [a, b] = await Promise.all([named('a', 200), named('b', 30)]);
    const t = await startTestProxy({ ...base, origins: [{ name: 'a', url: a.url }, { name: 'b', url: b.url }] });
    cleanup.push(() => t.proxy.shutdown(1000), () => a.close(), () => b.close());
    const l = load(t.proxy.url, 16);
    await sleep(400);
    const r = await send(t.proxy.adminUrl, '/admin/origins/a/drain?wait=1', { method: 'POST' });
    expect(r.status).toBe(200);
    const aDone = l.by.get('a') ?? 0;
    const bAtDrain = l.by.get('b') ?? 0;
    expect(await waitFor(() => (l.by.get('b') ?? 0) >= bAtDrain + 10, 15_000)).toBe(true);
    await l.stop();
    expect(l.failures).toEqual([]);
    expect(l.by.get('a') ?? 0).toBe(aDone);
    expect(a.requests).toBe(aDone);
    const drainEvent = t.events.lines.find((e) => e.origin === 'a' && e.state === 'draining');
    expect(Number(/for (\d+) in flight/.exec(String(drainEvent?.why))?.[1])).toBeGreaterThan(0);
    expect(t.events.lines.some((e) => e.origin === 'a' && e.state === 'removed' && e.why === 'drained')).toBe(true);
  });

  it('drains an origin removed by a config reload, losing nothing', async () => {
    const [a, b] = await Promise.all([named('a', 100), named('b', 20)]);
    const t = await startTestProxy({ ...base, origins: [{ name: 'a', url: a.url }, { name: 'b', url: b.url }] });
    cleanup.push(() => t.proxy.shutdown(1000), () => a.close(), () => b.close());
    const l = load(t.proxy.url, 12);
    await sleep(300);
    const next = structuredClone(t.proxy.config);
    next.origins = [{ name: 'b', url: b.url, backup: false }];
    expect(await t.proxy.reload(next)).toEqual([]);
    expect(await waitFor(() => t.events.lines.some((e) => e.origin === 'a' && e.state === 'removed'))).toBe(true);
    const aDone = l.by.get('a') ?? 0;
    const bAtRemoval = l.by.get('b') ?? 0;
    expect(await waitFor(() => (l.by.get('b') ?? 0) >= bAtRemoval + 10, 15_000)).toBe(true);
    await l.stop();
    expect(l.failures).toEqual([]);
    expect(l.by.get('a')).toBe(aDone);
    expect(a.requests).toBe(aDone);
    expect(t.events.lines.find((e) => e.origin === 'a' && e.state === 'removed')?.why).toBe('drained');
  });

  it('on shutdown stops accepting and lets requests in flight finish', async () => {
    const a = await named('slow', 300);
    const t = await startTestProxy({ ...base, health: { type: 'none' }, origins: [{ url: a.url }] });
    cleanup.push(() => a.close());
    const pending = Array.from({ length: 10 }, () => send(t.proxy.url, '/'));
    await waitFor(() => a.inflight === 10);
    const done = t.proxy.shutdown(5000);
    await sleep(50);
    await expect(send(t.proxy.url, '/')).rejects.toThrow(/ECONNREFUSED/);
    const rs = await Promise.all(pending);
    expect(rs.map((r) => r.status)).toEqual(Array(10).fill(200));
    await done;
  });
});
