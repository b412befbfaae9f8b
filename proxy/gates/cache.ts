import CachePolicy from 'http-cache-semantics';
import { LRUCache } from 'lru-cache';
import { CONTINUE, Counters, reply, type Decision, type Gate } from '../chain.ts';
import type { ProxyConfig } from '../config.ts';
import type { RequestContext } from '../context.ts';

type CacheConfig = ProxyConfig['gates']['cache'];

interface Variant {
  readonly policy: CachePolicy;
  readonly status: number;
  readonly body: Buffer;
  readonly size: number;
}

/** Per-entry overhead counted against maxBytes besides the body: the policy and headers. */
const OVERHEAD = 512;
const MAX_VARIANTS = 8;

function policyRequest(ctx: RequestContext): CachePolicy.Request {
  return { url: ctx.url, method: ctx.method, headers: ctx.headers as CachePolicy.Headers };
}

/**
 * A shared response cache with RFC 9111 semantics (freshness, private/no-store, Vary, Age) as
 * implemented by http-cache-semantics; GET and HEAD only. Entries are keyed by host and target,
 * each holding up to MAX_VARIANTS responses that differ by their Vary'd request headers. The LRU
 * is bounded by bytes, so a flood of distinct URLs evicts rather than grows.
 * Stale entries are not revalidated (no conditional requests yet): a miss fetches in full.
 */
export class CacheGate implements Gate {
  readonly name = 'cache';
  readonly counters = new Counters();
  private readonly store: LRUCache<string, Variant[]>;
  private readonly misses = new WeakSet<RequestContext>();

  constructor(private readonly cfg: CacheConfig) {
    this.store = new LRUCache<string, Variant[]>({
      maxSize: Math.max(1, cfg.maxBytes),
      sizeCalculation: (vs) => Math.max(1, vs.reduce((n, v) => n + v.size, 0)),
    });
  }

  private key(ctx: RequestContext): string {
    return `${ctx.header('host') ?? ''}\u0000${ctx.url}`;
  }

  onRequest(ctx: RequestContext): Decision {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return CONTINUE;
    const req = policyRequest(ctx);
    const hit = this.store.get(this.key(ctx))?.find((v) => v.policy.satisfiesWithoutRevalidation(req));
    if (!hit) {
      this.misses.add(ctx);
      this.counters.inc('miss');
      ctx.extraHeaders.push(['X-Cache', 'MISS']);
      return CONTINUE;
    }
    this.counters.inc('hit');
    const headers = hit.policy.responseHeaders() as Record<string, string | string[]>;
    return reply(hit.status, 'cache: hit', { ...headers, 'x-cache': 'HIT' }, hit.body);
  }

  onResponse(ctx: RequestContext): Decision {
    if (!this.misses.has(ctx)) return CONTINUE;
    this.misses.delete(ctx);
    const res = ctx.response;
    // HEAD answers carry no body, so they are not stored (a later GET would get an empty one).
    // A streamed answer (`rest`) is only partly here: never stored.
    if (!res || !ctx.fromOrigin || ctx.method !== 'GET' || res.rest || res.body.length > this.cfg.maxEntryBytes) return CONTINUE;
    // A shared cache must not hand one client's cookie to another, whatever Cache-Control says.
    if (res.headers['set-cookie'] !== undefined) return CONTINUE;
    const policy = new CachePolicy(policyRequest(ctx), { status: res.status, headers: res.headers }, { shared: true });
    if (!policy.storable() || policy.timeToLive() <= 0) return CONTINUE;
    const key = this.key(ctx);
    const req = policyRequest(ctx);
    // Replace the variant this request would have matched (same Vary'd headers), keep the others.
    const kept = (this.store.get(key) ?? []).filter((v) => !sameVariant(v.policy, req)).slice(0, MAX_VARIANTS - 1);
    const size = res.body.length + OVERHEAD;
    if (size > this.cfg.maxBytes) return CONTINUE;
    this.store.set(key, [{ policy, status: res.status, body: res.body, size }, ...kept]);
    this.counters.inc('stored');
    return CONTINUE;
  }

  stats(): Record<string, number> {
    return { ...this.counters.snapshot(), entries: this.store.size, bytes: this.store.calculatedSize };
  }
}

/** Whether a stored response's Vary'd request headers match this request's. */
function sameVariant(p: CachePolicy, req: CachePolicy.Request): boolean {
  const vary = p.responseHeaders().vary;
  if (!vary) return true;
  const stored = (p.toObject() as { reqh?: Record<string, string> | null }).reqh ?? {};
  const names = String(vary)
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return names.every((n) => String(stored[n] ?? '') === String(req.headers[n] ?? ''));
}
