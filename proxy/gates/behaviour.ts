import { LRUCache } from 'lru-cache';
import { CONTINUE, Counters, reply, type Decision, type Gate } from '../chain.ts';
import type { ProxyConfig } from '../config.ts';
import type { RequestContext } from '../context.ts';

type BehaviourConfig = ProxyConfig['gates']['behaviour'];

/** Time constants of the two rate estimates, in seconds. */
const SHORT_S = 2;
const LONG_S = 300;
/** A surge only counts as one when the last this-many requests had the very same shape. */
const SAME_SHAPE_RUN = 10;

interface Profile {
  readonly firstAt: number;
  count: number;
  lastAt: number;
  /** Exponentially decayed request counts; steady rate r gives r·τ. */
  short: number;
  long: number;
  longAt: number;
  shape: number;
  sameShape: number;
}

/** FNV-1a over User-Agent and the header names in wire order: the request's "shape". */
export function shapeOf(rawHeaders: readonly string[], userAgent: string): number {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x7c, 0x01000193);
  };
  mix(userAgent);
  for (let i = 0; i < rawHeaders.length; i += 2) mix(rawHeaders[i].toLowerCase());
  return h >>> 0;
}

/**
 * A per-client baseline of request rate and request shape. A client whose short-term rate is an
 * order of magnitude (`rateFactor`) above its own long-term baseline while sending the very same
 * headers in the same order is what a script taking over a session looks like, not a person
 * whose browser varies its requests. The baseline is not fed during a surge, so a sustained surge
 * stays visible instead of becoming the new normal.
 *
 * It also marks clients with a settled history as established, for the concurrency reserve.
 */
export class BehaviourGate implements Gate {
  readonly name = 'behaviour';
  readonly counters = new Counters();
  private readonly profiles: LRUCache<string, Profile>;

  constructor(
    private readonly cfg: BehaviourConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.profiles = new LRUCache<string, Profile>({ max: cfg.maxClients });
  }

  onRequest(ctx: RequestContext): Decision {
    const t = this.now();
    const shape = shapeOf(ctx.rawHeaders, ctx.header('user-agent') ?? '');
    let p = this.profiles.get(ctx.clientKey);
    if (!p) {
      p = { firstAt: t, count: 0, lastAt: t, short: 0, long: 0, longAt: t, shape, sameShape: 0 };
      this.profiles.set(ctx.clientKey, p);
    }
    p.count++;
    p.short = p.short * Math.exp(-(t - p.lastAt) / 1000 / SHORT_S) + 1;
    p.lastAt = t;
    p.sameShape = shape === p.shape ? p.sameShape + 1 : 1;
    p.shape = shape;
    const ageS = Math.max((t - p.firstAt) / 1000, SHORT_S);
    const shortRate = p.short / SHORT_S;
    const longRate = p.long / Math.min(LONG_S, ageS);
    const settled = p.count >= this.cfg.establishedAfterRequests && t - p.firstAt >= this.cfg.establishedAfterMs;
    const surging = settled && longRate > 0 && shortRate >= this.cfg.rateFactor * longRate;
    if (!settled || shortRate < 3 * longRate) {
      p.long = p.long * Math.exp(-(t - p.longAt) / 1000 / LONG_S) + 1;
      p.longAt = t;
    }
    const flagged = surging && p.sameShape >= SAME_SHAPE_RUN;
    ctx.established = settled && !flagged;
    if (!flagged) return CONTINUE;
    ctx.behaviourScore = this.cfg.score;
    this.counters.inc('flagged');
    const total = ctx.wafScore + ctx.behaviourScore;
    const why = `behaviour: ${shortRate.toFixed(1)} req/s against a baseline of ${longRate.toFixed(2)}, same headers ${p.sameShape}x (score ${this.cfg.score}, total ${total})`;
    if (this.cfg.action === 'block') {
      if (total >= this.cfg.blockThreshold) {
        this.counters.inc('blocked');
        return reply(403, why);
      }
      // Not enough on its own: a WAF gate later in the chain adds it to the rules' anomaly score.
      ctx.behaviourAdds = true;
    }
    // log-only: the access log's record of this gate carries the reason.
    return { kind: 'continue', reason: why };
  }

  stats(): Record<string, number> {
    return { ...this.counters.snapshot(), clients: this.profiles.size };
  }
}
