import { describe, expect, it } from 'vitest';
import { configFromObject } from '../config.ts';
import { RequestContext } from '../context.ts';
import { BehaviourGate } from './behaviour.ts';

const raw = (ua: string, extra: string[] = []) => ['Host', 'example', 'User-Agent', ua, 'Accept', '*/*', ...extra];

function ctx(rawHeaders: string[], wafScore = 0): RequestContext {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) headers[rawHeaders[i].toLowerCase()] = rawHeaders[i + 1];
  const c = new RequestContext('t', 'GET', '/', '1.1', headers, rawHeaders, '10.0.0.1', 1, '10.0.0.1', '127.0.0.1', 80, null);
  c.wafScore = wafScore;
  return c;
}

function setup(action: 'log' | 'block') {
  let now = 0;
  const gate = new BehaviourGate(configFromObject({ gates: { behaviour: { action, establishedAfterRequests: 20, establishedAfterMs: 30_000 } } }).gates.behaviour, () => now);
  return { gate, advance: (ms: number) => (now += ms) };
}

describe('behaviour scorer', () => {
  it('flags a tenfold surge with identical headers, and blocks in block mode', () => {
    const { gate, advance } = setup('block');
    let last = ctx(raw('ua'));
    for (let i = 0; i < 120; i++) {
      advance(1000);
      last = ctx(raw('ua'));
      expect(gate.onRequest(last).kind).toBe('continue');
    }
    expect(last.established).toBe(true);
    const kinds: string[] = [];
    for (let i = 0; i < 100; i++) {
      advance(50);
      kinds.push(gate.onRequest(ctx(raw('ua'))).kind);
    }
    expect(kinds.filter((k) => k === 'reply').length).toBeGreaterThan(50);
    expect(kinds.slice(0, 5)).toEqual(['continue', 'continue', 'continue', 'continue', 'continue']);
  });

  it('only logs in log mode, and marks the client as not established', () => {
    const { gate, advance } = setup('log');
    for (let i = 0; i < 120; i++) {
      advance(1000);
      gate.onRequest(ctx(raw('ua')));
    }
    let d = gate.onRequest(ctx(raw('ua')));
    let last = ctx(raw('ua'));
    for (let i = 0; i < 100; i++) {
      advance(50);
      last = ctx(raw('ua'));
      d = gate.onRequest(last);
    }
    expect(d.kind).toBe('continue');
    expect(d.reason).toMatch(/^behaviour: .* req\/s against a baseline/);
    expect(last.behaviourScore).toBe(5);
    expect(last.established).toBe(false);
  });

  it('does not flag the same surge when the requests vary in shape (a person, not a script)', () => {
    const { gate, advance } = setup('block');
    for (let i = 0; i < 120; i++) {
      advance(1000);
      gate.onRequest(ctx(raw('ua')));
    }
    for (let i = 0; i < 100; i++) {
      advance(50);
      const extra = i % 3 === 0 ? ['Referer', 'x'] : i % 3 === 1 ? ['Cookie', 'a=b'] : [];
      expect(gate.onRequest(ctx(raw('ua', extra))).kind).toBe('continue');
    }
  });

  it('does not flag a new client that starts fast (no baseline to compare with)', () => {
    const { gate, advance } = setup('block');
    for (let i = 0; i < 100; i++) {
      advance(50);
      expect(gate.onRequest(ctx(raw('ua'))).kind).toBe('continue');
    }
  });
});
