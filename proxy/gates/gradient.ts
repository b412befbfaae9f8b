/**
 * An adaptive concurrency limit in the style of Netflix concurrency-limits' Gradient2 (and Envoy's
 * adaptive_concurrency filter, which samples the same signal). Written here rather than taken
 * from a library because no maintained Node package implements it.
 *
 * The idea: queueing shows up as latency before it shows up as errors. Keep two averages of the
 * origin's round-trip time, a long one (hundreds of samples: what latency is when the origin is
 * comfortable) and a short one (the last few samples: what it is now). Their ratio is the
 * gradient:
 *
 *     gradient = clamp(tolerance * longRtt / shortRtt, 0.5, 1)
 *     newLimit = limit * gradient + queueSize        (queueSize = sqrt(limit): room to probe upward)
 *     limit    = limit * (1 - smoothing) + newLimit * smoothing
 *
 * While latency stays within `tolerance` of the long average the gradient is 1 and the limit
 * creeps up by queueSize·smoothing per sample; once the origin queues, shortRtt rises, the
 * gradient drops below 1 and the limit shrinks geometrically (never by more than half a step).
 * Two details from Gradient2: when the long average is more than twice the short one (load has
 * just dropped) the long average is decayed so the limit can recover quickly, and the limit is
 * not grown while the proxy uses less than half of it (an idle limit says nothing about capacity).
 */
export interface GradientParams {
  readonly initialLimit: number;
  readonly minLimit: number;
  readonly maxLimit: number;
  readonly tolerance: number;
  readonly smoothing: number;
  readonly longWindow: number;
}

const SHORT_WINDOW = 10;

export class GradientLimit {
  private estimate: number;
  private longRtt = 0;
  private shortRtt = 0;
  private samples = 0;

  constructor(private readonly p: GradientParams) {
    this.estimate = clamp(p.initialLimit, p.minLimit, p.maxLimit);
  }

  get limit(): number {
    return Math.floor(this.estimate);
  }

  /** One completed origin request: its round-trip time and how many were in flight when it began. */
  sample(rttMs: number, inflight: number): void {
    const rtt = Math.max(rttMs, 0.01);
    this.samples++;
    if (this.samples === 1) {
      this.longRtt = this.shortRtt = rtt;
      return;
    }
    this.shortRtt += (rtt - this.shortRtt) * (2 / (SHORT_WINDOW + 1));
    this.longRtt += (rtt - this.longRtt) * (2 / (this.p.longWindow + 1));
    if (this.longRtt / this.shortRtt > 2) this.longRtt *= 0.95;
    if (inflight < this.estimate / 2) return;
    const gradient = clamp((this.p.tolerance * this.longRtt) / this.shortRtt, 0.5, 1);
    const next = this.estimate * gradient + Math.sqrt(this.estimate);
    this.estimate = clamp(this.estimate * (1 - this.p.smoothing) + next * this.p.smoothing, this.p.minLimit, this.p.maxLimit);
  }

  snapshot(): { limit: number; longRttMs: number; shortRttMs: number } {
    return { limit: this.limit, longRttMs: this.longRtt, shortRttMs: this.shortRtt };
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
