import { createHash } from 'node:crypto';
import { CONTINUE, Counters, reply, type Decision, type Gate, type MaybeAsync } from '../chain.ts';
import type { ProxyConfig } from '../config.ts';
import type { RequestContext } from '../context.ts';
import { MemoryTokenStore, RedisTokenStore, type BucketParams, type Take, type TokenStore } from './ratelimit-store.ts';

type RateConfig = ProxyConfig['gates']['ratelimit'];

/**
 * A deterministic factor in [1 - j, 1 + j] per client. Every client's bucket refills at a
 * slightly different rate, so clients that were limited together do not all become eligible
 * again in the same instant (a synchronised retry wave). Deterministic, so that the factor
 * survives the bucket being evicted and is the same on every proxy sharing a Redis store.
 */
export function jitterFactor(key: string, jitter: number): number {
  if (jitter === 0) return 1;
  const h = createHash('sha1').update(key).digest().readUInt32BE(0) / 0xffffffff;
  return 1 - jitter + 2 * jitter * h;
}

/** Per-client token bucket; 429 with Retry-After and RateLimit-* headers when empty. */
export class RateLimitGate implements Gate {
  readonly name = 'ratelimit';
  readonly counters = new Counters();

  constructor(
    private readonly cfg: RateConfig,
    readonly store: TokenStore,
  ) {}

  static create(cfg: RateConfig, onStoreError: (e: Error) => void): RateLimitGate {
    const store = cfg.store === 'redis' ? new RedisTokenStore(cfg.redisUrl, cfg.redisPrefix, onStoreError) : new MemoryTokenStore(cfg.maxClients);
    return new RateLimitGate(cfg, store);
  }

  onRequest(ctx: RequestContext): MaybeAsync<Decision> {
    const p: BucketParams = { capacity: this.cfg.capacity, rate: this.cfg.refillPerSecond * jitterFactor(ctx.clientKey, this.cfg.jitter) };
    const r = this.store.take(ctx.clientKey, p);
    return r instanceof Promise ? r.then((t) => this.decide(ctx, t)) : this.decide(ctx, r);
  }

  private decide(ctx: RequestContext, t: Take): Decision {
    ctx.extraHeaders.push(['RateLimit-Limit', String(this.cfg.capacity)], ['RateLimit-Remaining', String(t.remaining)], ['RateLimit-Reset', String(t.resetSeconds)]);
    if (t.allowed) {
      this.counters.inc('allowed');
      return CONTINUE;
    }
    this.counters.inc('limited');
    return reply(429, `rate limit: bucket of ${ctx.clientKey} empty`, { 'retry-after': String(t.retryAfterSeconds) });
  }

  stats(): Record<string, number> {
    return { ...this.counters.snapshot(), ...(this.store instanceof MemoryTokenStore ? { clients: this.store.size } : {}), ...(this.store instanceof RedisTokenStore ? { storeFailures: this.store.failures } : {}) };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
