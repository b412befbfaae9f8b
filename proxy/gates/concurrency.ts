import { CONTINUE, Counters, reply, type Decision, type Gate } from '../chain.ts';
import type { ProxyConfig } from '../config.ts';
import type { RequestContext } from '../context.ts';
import { GradientLimit } from './gradient.ts';

type ConcurrencyConfig = ProxyConfig['gates']['concurrency'];

/**
 * A global cap on requests in flight to the origins. Excess is refused at once with 503 rather
 * than queued: a queue in front of a slow origin only adds the queue's wait to every request and
 * holds client sockets, which is how a botnet that respects per-IP limits still wins.
 *
 * A share of the limit (`reserve`) is kept for established clients (see the behaviour gate), in
 * the spirit of concurrency-limits' partitions: thousands of newcomers can fill at most
 * (1 - reserve) of the origin, and a client with a long, steady history still gets in.
 */
export class ConcurrencyGate implements Gate {
  readonly name = 'concurrency';
  readonly counters = new Counters();
  private readonly limiter: GradientLimit | null;
  private inflight = 0;
  private maxSeen = 0;
  private readonly held = new WeakMap<RequestContext, number>();

  constructor(private readonly cfg: ConcurrencyConfig) {
    this.limiter = cfg.algorithm === 'gradient' ? new GradientLimit(cfg) : null;
  }

  get limit(): number {
    return this.limiter ? this.limiter.limit : Math.min(this.cfg.initialLimit, this.cfg.maxLimit);
  }

  get inFlight(): number {
    return this.inflight;
  }

  onRequest(ctx: RequestContext): Decision {
    const limit = this.limit;
    const cap = ctx.established ? limit : Math.max(1, Math.floor(limit * (1 - this.cfg.reserve)));
    if (this.inflight >= cap) {
      this.counters.inc(ctx.established ? 'shedEstablished' : 'shed');
      return reply(503, `concurrency: ${this.inflight} in flight, limit ${cap}${ctx.established ? '' : ' for new clients'}`, { 'retry-after': '1' });
    }
    this.inflight++;
    if (this.inflight > this.maxSeen) this.maxSeen = this.inflight;
    this.held.set(ctx, this.inflight);
    this.counters.inc('admitted');
    return CONTINUE;
  }

  onResponse(ctx: RequestContext): Decision {
    const startedWith = this.held.get(ctx);
    if (startedWith === undefined) return CONTINUE;
    this.held.delete(ctx);
    this.inflight--;
    // Only the origin's own round trips say anything about its capacity; local errors do not.
    if (this.limiter && ctx.fromOrigin && ctx.upstreamMs >= 0) this.limiter.sample(ctx.upstreamMs, startedWith);
    return CONTINUE;
  }

  stats(): Record<string, number> {
    return { ...this.counters.snapshot(), limit: this.limit, inflight: this.inflight, maxInflight: this.maxSeen };
  }
}
