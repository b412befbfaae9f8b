import { describe, expect, it } from 'vitest';
import { configFromObject, configFromYaml } from './config.ts';
import { ProxyConfigError } from './errors.ts';

function issues(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ProxyConfigError) return [...e.issues];
    throw e;
  }
  return [];
}

describe('proxy config', () => {
  it('fills every default for an empty file', () => {
    const c = configFromYaml('');
    expect(c.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(c.gates.order).toEqual(['mtls', 'ratelimit', 'behaviour', 'concurrency', 'waf', 'cache', 'health']);
    expect(c.gates.ratelimit.jitter).toBe(0.1);
    expect(c.gates.waf.paranoia).toBe(1);
    expect(c.drainTimeoutMs).toBe(30000);
  });

  it('names the path of a bad key', () => {
    expect(issues(() => configFromYaml('gates:\n  ratelimit:\n    capacity: 0\n'))).toEqual(['gates.ratelimit.capacity: must be >= 1']);
    expect(issues(() => configFromYaml('gates:\n  waf:\n    paranoya: 2\n'))).toEqual(['gates.waf.paranoya: unknown key']);
    expect(issues(() => configFromYaml('origins:\n  - url: ftp://x\n'))).toEqual(['origins.0.url: must match pattern "^https?://"']);
    expect(issues(() => configFromYaml('gates:\n  order: [waf, firewall]\n'))[0]).toMatch(/^gates\.order\.1: must be one of "mtls", /);
  });

  it('reports every problem at once, and cross-field ones', () => {
    expect(issues(() => configFromObject({ listen: { port: 70000 }, log: { level: 'loud' } }))).toHaveLength(2);
    expect(issues(() => configFromObject({ gates: { concurrency: { minLimit: 10, maxLimit: 5 } } }))).toEqual(['gates.concurrency.minLimit: must not exceed maxLimit']);
    expect(issues(() => configFromObject({ limits: { headersTimeoutMs: 5000, requestTimeoutMs: 1000 } }))).toEqual(['limits.headersTimeoutMs: must not exceed limits.requestTimeoutMs']);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(issues(() => configFromYaml('listen:\n  port: [1, 2\n', 'p.yaml'))[0]).toMatch(/^p\.yaml:\d+:\d+: /);
  });

  it('resolves relative file paths against the config file directory', () => {
    const c = configFromYaml('gates:\n  waf:\n    rules: [r]\ntls:\n  cert: c.pem\n  key: k.pem\n', 'x', '/etc/waf');
    expect(c.gates.waf.rules).toEqual(['/etc/waf/r']);
    expect(c.tls?.cert).toBe('/etc/waf/c.pem');
  });
});
