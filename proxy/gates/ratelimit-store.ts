import { LRUCache } from 'lru-cache';
import { Redis } from 'ioredis';

/** The outcome of taking one token from a client's bucket. */
export interface Take {
  readonly allowed: boolean;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** Seconds until the bucket is full again (RateLimit-Reset). */
  readonly resetSeconds: number;
  /** Seconds until one token is available (Retry-After), 0 when allowed. */
  readonly retryAfterSeconds: number;
}

export interface BucketParams {
  readonly capacity: number;
  /** Tokens per second for this client, jitter already applied. */
  readonly rate: number;
}

export interface TokenStore {
  take(key: string, p: BucketParams): Take | Promise<Take>;
  close(): Promise<void>;
}

export function outcome(tokens: number, allowed: boolean, p: BucketParams): Take {
  return {
    allowed,
    remaining: Math.max(0, Math.floor(tokens)),
    resetSeconds: Math.max(0, Math.ceil((p.capacity - tokens) / p.rate)),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / p.rate)),
  };
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * In-process buckets bounded by count: the least recently seen client is forgotten first, so a
 * flood of distinct addresses costs at most `maxClients` small objects. A forgotten client comes
 * back with a full bucket, which is what a new address gets anyway.
 */
export class MemoryTokenStore implements TokenStore {
  private readonly buckets: LRUCache<string, Bucket>;

  constructor(
    maxClients: number,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new LRUCache<string, Bucket>({ max: maxClients });
  }

  take(key: string, p: BucketParams): Take {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: p.capacity, at: t };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(p.capacity, b.tokens + (Math.max(0, t - b.at) / 1000) * p.rate);
      b.at = t;
    }
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    return outcome(b.tokens, allowed, p);
  }

  get size(): number {
    return this.buckets.size;
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}

/*
 * The same bucket in Redis, one atomic script per request so that several proxies share a
 * client's budget. The clock is Redis's (TIME), not each proxy's, so skew between proxy hosts
 * cannot mint tokens; keys expire once a bucket would be full again, bounding Redis memory.
 */
const TAKE_SCRIPT = `
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil then
  tokens = cap
else
  tokens = math.min(cap, tokens + math.max(0, now - at) / 1000 * rate)
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate * 1000) + 1000)
return {allowed, tostring(tokens)}
`;

type TakeReply = [number, string];

export class RedisTokenStore implements TokenStore {
  private readonly redis: Redis;
  /** Requests let through because Redis did not answer in time (fail open, counted). */
  failures = 0;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly failOpen: (e: Error) => void = () => {},
  ) {
    // A rate limiter must not become the outage: no offline queue and a short command timeout,
    // so an unreachable Redis costs a request a few ms and lets it through.
    this.redis = new Redis(url, { enableOfflineQueue: false, commandTimeout: 250, maxRetriesPerRequest: 0, lazyConnect: false });
    this.redis.on('error', () => {});
  }

  async take(key: string, p: BucketParams): Promise<Take> {
    try {
      const r = (await this.redis.eval(TAKE_SCRIPT, 1, this.prefix + key, p.capacity, p.rate)) as TakeReply;
      return outcome(Number(r[1]), r[0] === 1, p);
    } catch (e) {
      this.failures++;
      this.failOpen(e as Error);
      return outcome(p.capacity, true, p);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
