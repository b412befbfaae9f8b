import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DecisionObserver } from './chain.ts';

/**
 * Prometheus metrics of one proxy instance, in its own registry (so that several proxies in one
 * test process do not collide). Gauges read their values at scrape time through `sample`.
 */
export class ProxyMetrics implements DecisionObserver {
  readonly registry = new Registry();
  private readonly decisions: Counter<'gate' | 'phase' | 'decision'>;
  private readonly gateSeconds: Histogram<'gate' | 'phase'>;
  private readonly requests: Counter<'code'>;
  private readonly requestSeconds: Histogram<'code'>;
  private readonly upstreamSeconds: Histogram<'origin'>;

  constructor(sample: () => { concurrencyLimit: number; inflight: number; origins: Record<string, boolean> }) {
    const registers = [this.registry];
    this.decisions = new Counter({ name: 'waf_proxy_gate_decisions_total', help: 'Gate decisions', labelNames: ['gate', 'phase', 'decision'], registers });
    this.gateSeconds = new Histogram({
      name: 'waf_proxy_gate_duration_seconds',
      help: 'Time spent in each gate',
      labelNames: ['gate', 'phase'],
      buckets: [1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 0.01, 0.05],
      registers,
    });
    this.requests = new Counter({ name: 'waf_proxy_requests_total', help: 'Requests answered, by status', labelNames: ['code'], registers });
    this.requestSeconds = new Histogram({ name: 'waf_proxy_request_duration_seconds', help: 'Whole request time', labelNames: ['code'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers });
    this.upstreamSeconds = new Histogram({ name: 'waf_proxy_upstream_duration_seconds', help: 'Origin round trip', labelNames: ['origin'], buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers });
    new Gauge({
      name: 'waf_proxy_concurrency_limit',
      help: 'Current adaptive concurrency limit',
      registers,
      collect() {
        this.set(sample().concurrencyLimit);
      },
    });
    new Gauge({
      name: 'waf_proxy_inflight',
      help: 'Requests in flight to origins',
      registers,
      collect() {
        this.set(sample().inflight);
      },
    });
    new Gauge({
      name: 'waf_proxy_origin_healthy',
      help: '1 when the origin takes traffic',
      labelNames: ['origin'],
      registers,
      collect() {
        this.reset();
        for (const [o, h] of Object.entries(sample().origins)) this.set({ origin: o }, h ? 1 : 0);
      },
    });
  }

  decision(gate: string, phase: 'request' | 'response', decision: 'continue' | 'reply' | 'shadow', seconds: number): void {
    this.decisions.inc({ gate, phase, decision });
    this.gateSeconds.observe({ gate, phase }, seconds);
  }

  request(status: number, seconds: number, origin: string, upstreamMs: number): void {
    const code = String(status);
    this.requests.inc({ code });
    this.requestSeconds.observe({ code }, seconds);
    if (upstreamMs >= 0) this.upstreamSeconds.observe({ origin }, upstreamMs / 1000);
  }
}
