import { describe, expect, it } from 'vitest';
import { GradientLimit } from './gradient.ts';

const params = { initialLimit: 20, minLimit: 4, maxLimit: 100, tolerance: 1.5, smoothing: 0.2, longWindow: 600 };

describe('GradientLimit', () => {
  it('grows while latency is steady and the limit is in use', () => {
    const g = new GradientLimit(params);
    for (let i = 0; i < 200; i++) g.sample(10, g.limit);
    expect(g.limit).toBe(100);
  });

  it('does not grow while most of the limit is unused', () => {
    const g = new GradientLimit(params);
    for (let i = 0; i < 200; i++) g.sample(10, 2);
    expect(g.limit).toBe(20);
  });

  it('shrinks when the origin queues (latency climbs), never below minLimit', () => {
    const g = new GradientLimit(params);
    for (let i = 0; i < 300; i++) g.sample(10, g.limit);
    const before = g.limit;
    for (let i = 0; i < 50; i++) g.sample(10 + i * 10, g.limit);
    expect(g.limit).toBeLessThan(before / 2);
    for (let i = 0; i < 500; i++) g.sample(5000, g.limit);
    expect(g.limit).toBeGreaterThanOrEqual(4);
  });

  it('recovers once latency falls back', () => {
    const g = new GradientLimit(params);
    for (let i = 0; i < 300; i++) g.sample(10, g.limit);
    for (let i = 0; i < 100; i++) g.sample(200, g.limit);
    const low = g.limit;
    for (let i = 0; i < 400; i++) g.sample(10, g.limit);
    expect(g.limit).toBeGreaterThan(low);
  });
});
