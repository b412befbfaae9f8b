import type { ProxyResponse, RequestContext } from './context.ts';

export interface Continue {
  readonly kind: 'continue';
  /** Something worth logging although the request goes on (a shadow finding, a flag). */
  readonly reason?: string;
}

/** A gate answers the client itself: the request goes no further toward the origin. */
export interface Reply {
  readonly kind: 'reply';
  readonly status: number;
  /** Why, for the access log and trace; never sent to the client unless in `body`. */
  readonly reason: string;
  readonly headers?: Readonly<Record<string, string | string[]>>;
  readonly body?: Buffer;
}

export type Decision = Continue | Reply;
export type MaybeAsync<T> = T | Promise<T>;

export const CONTINUE: Continue = Object.freeze({ kind: 'continue' });

export function reply(status: number, reason: string, headers?: Record<string, string | string[]>, body?: Buffer | string): Reply {
  return { kind: 'reply', status, reason, ...(headers ? { headers } : {}), ...(body !== undefined ? { body: typeof body === 'string' ? Buffer.from(body) : body } : {}) };
}

/**
 * One step of the proxy, in the style of Envoy's HTTP filters: it sees the request on the way in
 * (in chain order) and the response on the way out (in reverse), and either lets it pass or
 * answers. A gate keeps its per-request state in its own WeakMap, not on the context.
 */
export interface Gate {
  readonly name: string;
  onRequest(ctx: RequestContext): MaybeAsync<Decision>;
  /** May replace `ctx.response` by replying (e.g. the WAF blocking a response). */
  onResponse?(ctx: RequestContext): MaybeAsync<Decision>;
  /** Numbers for /admin/stats. */
  stats?(): Record<string, number>;
  close?(): MaybeAsync<void>;
}

/** enforce: a reply stops the request. shadow: the reply is only recorded (trying a gate out). */
export type GateMode = 'enforce' | 'shadow';

export interface ChainEntry {
  readonly gate: Gate;
  readonly mode: GateMode;
}

/** Receives every decision; the metrics module implements it. */
export interface DecisionObserver {
  decision(gate: string, phase: 'request' | 'response', decision: 'continue' | 'reply' | 'shadow', seconds: number): void;
}

/** Named counters a gate increments; read by /admin/stats and tests. */
export class Counters {
  private readonly values = new Map<string, number>();
  inc(name: string, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }
  get(name: string): number {
    return this.values.get(name) ?? 0;
  }
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.values);
  }
}

function isPromise<T>(v: MaybeAsync<T>): v is Promise<T> {
  return typeof (v as Promise<T>)?.then === 'function';
}

/**
 * The chain: runs gates in order on the request and in reverse on the response. Only gates that
 * saw the request see the response, as with fastify's hooks and Envoy's encoder filters, so a
 * gate that holds a resource (a concurrency slot) always gets to release it.
 */
export class Chain {
  constructor(
    readonly entries: readonly ChainEntry[],
    private readonly observer: DecisionObserver | null = null,
  ) {}

  /** Returns the reply that stopped the request, or null; `reached` is how many gates ran. */
  async runRequest(ctx: RequestContext): Promise<{ reply: Reply | null; reached: number }> {
    for (let i = 0; i < this.entries.length; i++) {
      const { gate, mode } = this.entries[i];
      const t0 = performance.now();
      let d: Decision;
      try {
        const r = gate.onRequest(ctx);
        d = isPromise(r) ? await r : r;
      } catch (e) {
        // A gate bug must not take the request down with an unhandled rejection; fail closed.
        d = reply(500, `gate ${gate.name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (this.record(ctx, gate.name, 'request', mode, d, t0) && d.kind === 'reply') return { reply: d, reached: i + 1 };
    }
    return { reply: null, reached: this.entries.length };
  }

  /** Runs onResponse of the first `reached` gates in reverse; a reply replaces ctx.response. */
  async runResponse(ctx: RequestContext, reached: number): Promise<void> {
    for (let i = reached - 1; i >= 0; i--) {
      const { gate, mode } = this.entries[i];
      if (!gate.onResponse) continue;
      const t0 = performance.now();
      let d: Decision;
      try {
        const r = gate.onResponse(ctx);
        d = isPromise(r) ? await r : r;
      } catch (e) {
        d = reply(500, `gate ${gate.name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (this.record(ctx, gate.name, 'response', mode, d, t0) && d.kind === 'reply') ctx.response = toResponse(d);
    }
  }

  /** Records the decision; returns whether a reply takes effect (enforce mode). */
  private record(ctx: RequestContext, name: string, phase: 'request' | 'response', mode: GateMode, d: Decision, t0: number): boolean {
    const seconds = (performance.now() - t0) / 1000;
    const decision = d.kind === 'continue' ? 'continue' : mode === 'enforce' ? 'reply' : 'shadow';
    ctx.records.push({
      gate: name,
      phase,
      decision,
      ...(d.kind === 'reply' ? { status: d.status, reason: d.reason } : d.reason ? { reason: d.reason } : {}),
      costUs: Math.round(seconds * 1e6),
    });
    this.observer?.decision(name, phase, decision, seconds);
    return decision === 'reply';
  }
}

export function toResponse(r: Reply): ProxyResponse {
  const body = r.body ?? Buffer.from(`${r.status} ${STATUS_TEXT[r.status] ?? ''}\n`);
  return {
    status: r.status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...r.headers },
    body,
    localReason: r.reason,
  };
}

const STATUS_TEXT: Record<number, string> = {
  403: 'Forbidden',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
