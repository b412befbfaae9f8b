import { Pool } from 'undici';
import type { ProxyConfig } from './config.ts';
import { HealthChecker } from './health-check.ts';

type HealthConfig = ProxyConfig['health'];
type UpstreamConfig = ProxyConfig['upstream'];

export interface PoolEvents {
  /** An origin changed state: ejected, recovered, draining, removed. */
  originState(name: string, state: string, why: string): void;
}

/** One origin: its undici pool, health and in-flight count. */
export class Origin {
  readonly pool: Pool;
  healthy = true;
  draining = false;
  inflight = 0;
  consecutive5xx = 0;
  consecutiveConnectErrors = 0;
  requests = 0;
  checker: HealthChecker | null = null;

  constructor(
    readonly name: string,
    readonly url: URL,
    readonly backup: boolean,
    up: UpstreamConfig,
  ) {
    this.pool = new Pool(url.origin, {
      connections: up.connectionsPerOrigin,
      connectTimeout: up.connectTimeoutMs,
      headersTimeout: up.headersTimeoutMs,
      bodyTimeout: up.bodyTimeoutMs,
      keepAliveTimeout: 4000,
    });
  }
}

/**
 * The origins, their health and their draining. Primaries take traffic round-robin; backups only
 * when no primary is healthy (Envoy's priority levels, reduced to two). Health comes from active
 * probes (health-check.ts) and from passive ejection on consecutive 5xx or connect errors; an
 * ejected origin comes back through its active probe.
 */
export class OriginPool {
  private origins: Origin[] = [];
  private next = 0;

  constructor(
    private health: HealthConfig,
    private up: UpstreamConfig,
    private readonly events: PoolEvents,
  ) {}

  get list(): readonly Origin[] {
    return this.origins;
  }

  /** Adds origins not yet present, drains those no longer listed; returns the drains' promise. */
  update(specs: ProxyConfig['origins'], health: HealthConfig, up: UpstreamConfig, drainMs: number): Promise<void> {
    this.health = health;
    this.up = up;
    const wanted = new Map(specs.map((s, i) => [new URL(s.url).origin + '|' + s.backup, s.name ?? `origin${i + 1}`]));
    const drains: Promise<void>[] = [];
    for (const o of this.origins) if (!wanted.has(o.url.origin + '|' + o.backup) && !o.draining) drains.push(this.drain(o.name, drainMs));
    const have = new Set(this.origins.filter((o) => !o.draining).map((o) => o.url.origin + '|' + o.backup));
    for (const [key, name] of wanted) {
      if (have.has(key)) continue;
      const [origin, backup] = key.split('|');
      const o = new Origin(name, new URL(origin), backup === 'true', this.up);
      this.origins.push(o);
      if (this.health.type !== 'none') {
        o.checker = new HealthChecker(o, this.health, (ok, why) => this.probeResult(o, ok, why));
        o.checker.start();
      }
    }
    return Promise.all(drains).then(() => {});
  }

  /** Whether any origin can take a request now. */
  available(): boolean {
    return this.origins.some((o) => o.healthy && !o.draining);
  }

  /** Next origin to try, skipping `tried`: healthy primaries round-robin, then healthy backups. */
  pick(tried: ReadonlySet<Origin>): Origin | null {
    for (const backup of [false, true]) {
      const n = this.origins.length;
      for (let k = 0; k < n; k++) {
        const o = this.origins[(this.next + k) % n];
        if (o.backup === backup && o.healthy && !o.draining && !tried.has(o)) {
          this.next = (this.next + k + 1) % n;
          return o;
        }
      }
    }
    return null;
  }

  /** Passive health: called after every exchange with an origin. */
  report(o: Origin, result: 'ok' | '5xx' | 'connect-error'): void {
    if (result === 'ok') {
      o.consecutive5xx = 0;
      o.consecutiveConnectErrors = 0;
      return;
    }
    if (result === '5xx') o.consecutive5xx++;
    else o.consecutiveConnectErrors++;
    if (o.healthy && (o.consecutive5xx >= this.health.consecutive5xx || o.consecutiveConnectErrors >= this.health.consecutiveConnectErrors)) {
      o.healthy = false;
      o.checker?.markUnhealthy();
      this.events.originState(o.name, 'ejected', result === '5xx' ? `${o.consecutive5xx} consecutive 5xx` : `${o.consecutiveConnectErrors} consecutive connect errors`);
    }
  }

  private probeResult(o: Origin, healthy: boolean, why: string): void {
    if (o.healthy === healthy) return;
    o.healthy = healthy;
    o.consecutive5xx = 0;
    o.consecutiveConnectErrors = 0;
    this.events.originState(o.name, healthy ? 'healthy' : 'unhealthy', why);
  }

  /**
   * Stops sending new requests to an origin, waits for its in-flight requests (at most
   * `timeoutMs`), then closes its connections and forgets it. A response under way is never cut
   * before the window ends.
   */
  async drain(name: string, timeoutMs: number): Promise<void> {
    const o = this.origins.find((x) => x.name === name && !x.draining);
    if (!o) return;
    o.draining = true;
    o.checker?.stop();
    this.events.originState(o.name, 'draining', `up to ${timeoutMs} ms for ${o.inflight} in flight`);
    const deadline = Date.now() + timeoutMs;
    while (o.inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const leftover = o.inflight;
    this.origins = this.origins.filter((x) => x !== o);
    await (leftover > 0 ? o.pool.destroy() : o.pool.close()).catch(() => {});
    this.events.originState(o.name, 'removed', leftover > 0 ? `${leftover} cut at the drain deadline` : 'drained');
  }

  async close(): Promise<void> {
    for (const o of this.origins) o.checker?.stop();
    // Called after the drain deadline: requests still waiting on an origin are cut, not awaited.
    await Promise.all(this.origins.map((o) => (o.inflight > 0 ? o.pool.destroy() : o.pool.close()).catch(() => {})));
    this.origins = [];
  }

  stats(): Record<string, number> {
    const s: Record<string, number> = {};
    for (const o of this.origins) {
      s[`${o.name}.healthy`] = o.healthy ? 1 : 0;
      s[`${o.name}.inflight`] = o.inflight;
      s[`${o.name}.requests`] = o.requests;
    }
    return s;
  }
}
