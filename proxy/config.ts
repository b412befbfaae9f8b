import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import { configSchema } from './config-schema.ts';
import { ProxyConfigError } from './errors.ts';

export type GateName = 'mtls' | 'ratelimit' | 'waf' | 'behaviour' | 'cache' | 'concurrency' | 'health';
type Mode = 'enforce' | 'shadow';

/** The loaded configuration; every field has a value (the schema's defaults). */
export interface ProxyConfig {
  listen: { host: string; port: number };
  admin: { host: string; port: number; enabled: boolean };
  tls?: { cert: string; key: string; trustDomains: { name: string; bundle: string }[]; crls: string[]; requireClientCert: boolean; reloadIntervalMs: number };
  limits: {
    maxHeaderBytes: number;
    maxHeaderCount: number;
    maxBodyBytes: number;
    requestBodyLimitAction: 'Reject' | 'ProcessPartial';
    decompress: boolean;
    maxResponseBytes: number;
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxConnections: number;
  };
  upstream: { connectTimeoutMs: number; headersTimeoutMs: number; bodyTimeoutMs: number; connectionsPerOrigin: number; retries: number };
  origins: { name?: string; url: string; backup: boolean }[];
  demoOrigin: boolean;
  health: {
    type: 'http' | 'tcp' | 'none';
    path: string;
    intervalMs: number;
    timeoutMs: number;
    healthyThreshold: number;
    unhealthyThreshold: number;
    jitter: number;
    consecutive5xx: number;
    consecutiveConnectErrors: number;
  };
  drainTimeoutMs: number;
  clientKey: { header: string; trustedHops: string[] };
  gates: {
    order: GateName[];
    mtls: { mode: Mode; routes: { prefix: string; allow?: string[] }[] };
    ratelimit: { enabled: boolean; mode: Mode; capacity: number; refillPerSecond: number; jitter: number; maxClients: number; store: 'memory' | 'redis'; redisUrl: string; redisPrefix: string };
    concurrency: {
      enabled: boolean;
      mode: Mode;
      algorithm: 'gradient' | 'static';
      initialLimit: number;
      minLimit: number;
      maxLimit: number;
      reserve: number;
      tolerance: number;
      smoothing: number;
      longWindow: number;
    };
    waf: { enabled: boolean; mode: Mode; rules: string[]; paranoia: number; engine: 'On' | 'DetectionOnly' | 'Off'; responseBody: boolean };
    behaviour: {
      enabled: boolean;
      mode: Mode;
      action: 'log' | 'block';
      rateFactor: number;
      score: number;
      blockThreshold: number;
      establishedAfterRequests: number;
      establishedAfterMs: number;
      maxClients: number;
    };
    cache: { enabled: boolean; mode: Mode; maxBytes: number; maxEntryBytes: number };
  };
  log: { access: string; audit: string; level: 'debug' | 'info' | 'warn' | 'error'; trace: boolean };
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validate = ajv.compile(configSchema);

/** One line per problem, naming the key by its path: `gates.ratelimit.capacity: must be >= 1`. */
function describe(e: ErrorObject): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(top level)';
  if (e.keyword === 'additionalProperties') return `${path === '(top level)' ? '' : path + '.'}${String(e.params.additionalProperty)}: unknown key`;
  if (e.keyword === 'enum') return `${path}: must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${path}: ${e.message ?? 'is invalid'}`;
}

/**
 * Validates a parsed config object (mutating it with defaults). `baseDir` resolves relative file
 * paths, as a config file's own directory does for paths written in it.
 */
export function configFromObject(raw: unknown, baseDir = process.cwd()): ProxyConfig {
  const obj = raw ?? {};
  if (!validate(obj)) throw new ProxyConfigError((validate.errors ?? []).map(describe));
  const cfg = obj as unknown as ProxyConfig;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  cfg.gates.waf.rules = cfg.gates.waf.rules.map(abs);
  if (cfg.tls) {
    cfg.tls.cert = abs(cfg.tls.cert);
    cfg.tls.key = abs(cfg.tls.key);
    cfg.tls.crls = cfg.tls.crls.map(abs);
    for (const td of cfg.tls.trustDomains) td.bundle = abs(td.bundle);
  }
  const issues: string[] = [];
  const c = cfg.gates.concurrency;
  if (c.minLimit > c.maxLimit) issues.push('gates.concurrency.minLimit: must not exceed maxLimit');
  const l = cfg.limits;
  // node:http refuses to start with a headers timeout longer than the whole-request timeout.
  if (l.requestTimeoutMs > 0 && l.headersTimeoutMs > l.requestTimeoutMs) issues.push('limits.headersTimeoutMs: must not exceed limits.requestTimeoutMs');
  if (cfg.log.access !== '' && cfg.log.access !== 'stdout' && cfg.log.access !== 'stderr') cfg.log.access = abs(cfg.log.access);
  if (cfg.log.audit !== '' && cfg.log.audit !== 'stdout' && cfg.log.audit !== 'stderr') cfg.log.audit = abs(cfg.log.audit);
  if (issues.length) throw new ProxyConfigError(issues);
  return cfg;
}

/** Parses YAML text; syntax errors are reported with line and column like schema errors. */
export function configFromYaml(text: string, fileName = '<config>', baseDir = process.cwd()): ProxyConfig {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    throw new ProxyConfigError(doc.errors.map((e) => `${fileName}:${e.linePos?.[0].line ?? '?'}:${e.linePos?.[0].col ?? '?'}: ${e.message.split('\n')[0]}`));
  }
  return configFromObject(doc.toJS(), baseDir);
}

export function loadConfigFile(path: string): ProxyConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ProxyConfigError([`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`]);
  }
  return configFromYaml(text, path, dirname(resolve(path)));
}
