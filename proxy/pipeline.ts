import { Chain, type ChainEntry, type Gate, type GateMode } from './chain.ts';
import type { GateName, ProxyConfig } from './config.ts';
import { BehaviourGate } from './gates/behaviour.ts';
import { CacheGate } from './gates/cache.ts';
import { ConcurrencyGate } from './gates/concurrency.ts';
import { HealthGate } from './gates/health.ts';
import { MtlsGate } from './gates/mtls.ts';
import { RateLimitGate } from './gates/ratelimit.ts';
import { loadWafProgram } from './gates/waf-rules.ts';
import { WafGate, type WafAudit } from './gates/waf.ts';
import type { ProxyMetrics } from './metrics.ts';
import type { OriginPool } from './origin-pool.ts';

interface Built {
  readonly gate: Gate;
  /** The config slice the gate was built from; an unchanged slice keeps the instance (and its state) across reloads. */
  readonly key: string;
}

/** The gates and chain built from one config. Requests keep the pipeline they started with. */
export interface Pipeline {
  readonly config: ProxyConfig;
  readonly chain: Chain;
  readonly built: ReadonlyMap<GateName, Built>;
  readonly concurrency: ConcurrencyGate | null;
  readonly rulePaths: readonly string[];
}

export interface PipelineDeps {
  readonly pool: OriginPool;
  readonly metrics: ProxyMetrics;
  readonly audit: (a: WafAudit) => void;
  readonly warn: (msg: string) => void;
}

function modeOf(cfg: ProxyConfig, name: GateName): GateMode {
  return name === 'health' ? 'enforce' : cfg.gates[name].mode;
}

function enabled(cfg: ProxyConfig, name: GateName): boolean {
  if (name === 'health') return true;
  if (name === 'mtls') return cfg.tls !== undefined;
  return cfg.gates[name].enabled;
}

function sliceKey(cfg: ProxyConfig, name: GateName): string {
  if (name === 'health') return 'health';
  if (name === 'mtls') return JSON.stringify([cfg.gates.mtls, cfg.tls?.requireClientCert]);
  return JSON.stringify(cfg.gates[name]);
}

/**
 * Builds the chain for `cfg`, reusing gates of `prev` whose configuration did not change, so that a
 * reload keeps rate-limit buckets, behaviour baselines, the cache and the concurrency count.
 * Returns errors instead of a pipeline when the config cannot be served (e.g. rules that do not
 * compile): the caller keeps the old pipeline.
 */
export function buildPipeline(cfg: ProxyConfig, prev: Pipeline | null, deps: PipelineDeps): { pipeline: Pipeline | null; errors: string[] } {
  const built = new Map<GateName, Built>();
  const errors: string[] = [];
  let rulePaths: readonly string[] = prev?.rulePaths ?? [];
  for (const name of cfg.gates.order) {
    if (!enabled(cfg, name)) continue;
    const key = sliceKey(cfg, name);
    const old = prev?.built.get(name);
    if (old && old.key === key) {
      built.set(name, old);
      continue;
    }
    const gate = createGate(cfg, name, deps, errors, (p) => (rulePaths = p));
    if (gate) built.set(name, { gate, key });
  }
  if (errors.length) return { pipeline: null, errors };
  const entries: ChainEntry[] = [...built].map(([name, b]) => ({ gate: b.gate, mode: modeOf(cfg, name) }));
  const concurrency = built.get('concurrency')?.gate;
  return {
    pipeline: { config: cfg, chain: new Chain(entries, deps.metrics), built, concurrency: concurrency instanceof ConcurrencyGate ? concurrency : null, rulePaths },
    errors,
  };
}

function createGate(cfg: ProxyConfig, name: GateName, deps: PipelineDeps, errors: string[], setRules: (p: readonly string[]) => void): Gate | null {
  const g = cfg.gates;
  switch (name) {
    case 'mtls':
      return new MtlsGate(g.mtls, cfg.tls?.requireClientCert ?? true);
    case 'ratelimit':
      return RateLimitGate.create(g.ratelimit, (e) => deps.warn(`ratelimit store: ${e.message}; request let through`));
    case 'concurrency':
      return new ConcurrencyGate(g.concurrency);
    case 'behaviour':
      return new BehaviourGate(g.behaviour);
    case 'cache':
      return new CacheGate(g.cache);
    case 'health':
      return new HealthGate(deps.pool);
    case 'waf': {
      const w = loadWafProgram(g.waf);
      setRules(w.paths);
      if (w.errors.length) {
        errors.push(...w.errors);
        return null;
      }
      if (!w.program) {
        deps.warn('waf: no rules configured and none found (rules/ is empty, ../shared/coreruleset absent); the WAF gate is off');
        return null;
      }
      return new WafGate(w.program, deps.audit);
    }
  }
}
