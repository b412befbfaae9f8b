import { describe, expect, it } from 'vitest';
import { configFromObject } from '../config.ts';
import { RequestContext } from '../context.ts';
import { ConcurrencyGate } from './concurrency.ts';

const ctx = (established: boolean) => {
  const c = new RequestContext('t', 'GET', '/', '1.1', {}, [], '10.0.0.1', 1, '10.0.0.1', '127.0.0.1', 80, null);
  c.established = established;
  return c;
};

describe('concurrency gate', () => {
  it('holds a static limit, keeps the reserve for established clients, and releases on response', () => {
    const g = new ConcurrencyGate(configFromObject({ gates: { concurrency: { algorithm: 'static', initialLimit: 4, reserve: 0.5 } } }).gates.concurrency);
    const newcomers = Array.from({ length: 3 }, () => ctx(false));
    expect(newcomers.map((c) => g.onRequest(c).kind)).toEqual(['continue', 'continue', 'reply']);
    const regulars = Array.from({ length: 3 }, () => ctx(true));
    expect(regulars.map((c) => g.onRequest(c).kind)).toEqual(['continue', 'continue', 'reply']);
    const shed = g.onRequest(ctx(false));
    expect(shed).toMatchObject({ kind: 'reply', status: 503, headers: { 'retry-after': '1' } });
    g.onResponse(newcomers[0]);
    g.onResponse(newcomers[0]);
    expect(g.inFlight).toBe(3);
    expect(g.onRequest(ctx(true)).kind).toBe('continue');
    expect(g.stats()).toMatchObject({ admitted: 5, shed: 2, shedEstablished: 1, maxInflight: 4 });
  });

  it('narrows the gradient limit when origin latency climbs', () => {
    const g = new ConcurrencyGate(configFromObject({ gates: { concurrency: { initialLimit: 40, maxLimit: 40 } } }).gates.concurrency);
    const run = (ms: number) => {
      const cs = Array.from({ length: 30 }, () => ctx(true));
      for (const c of cs) g.onRequest(c);
      for (const c of cs) {
        c.fromOrigin = true;
        c.upstreamMs = ms;
        g.onResponse(c);
      }
    };
    for (let i = 0; i < 20; i++) run(10);
    const steady = g.limit;
    for (let i = 0; i < 5; i++) run(100);
    expect(g.limit).toBeLessThan(steady);
  });
});
