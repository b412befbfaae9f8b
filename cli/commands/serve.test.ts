import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/testing.ts';
import { send, waitFor } from '../../proxy/testing.ts';
import { main } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'waf-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), color: false, setExitCode: () => {} } };
}

const yaml = (capacity: number) => `listen: { port: 0 }\nadmin: { port: 0 }\nlog: { access: '', audit: '' }\ngates:\n  waf: { enabled: false }\n  ratelimit: { capacity: ${capacity}, refillPerSecond: 0.01 }\n`;

describe('waf serve', () => {
  it('refuses a bad config with the path of each bad key (exit 2)', async () => {
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'gates:\n  ratelimit:\n    capacity: 0\n  cache: { maxbytes: 1 }\n');
    const c = io();
    expect(await main(['node', 'waf', 'serve', '--config', f], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('gates.ratelimit.capacity: must be >= 1');
    expect(c.err.join('\n')).toContain('gates.cache.maxbytes: unknown key');
  });

  it('checks a config and its rules with --check', async () => {
    const f = join(dir, 'ok.yaml');
    writeFileSync(f, yaml(5));
    const c = io();
    expect(await main(['node', 'waf', 'serve', '--config', f, '--check'], c.io)).toBe(0);
    expect(c.out).toEqual(['configuration ok']);
  });

  it('reloads on SIGHUP, keeps the old config when the new one is bad, drains on SIGTERM', async () => {
    const f = join(dir, 'live.yaml');
    writeFileSync(f, yaml(2));
    const child = spawn(process.execPath, [join(projectRoot, 'bin', 'waf.mjs'), 'serve', '--config', f], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      expect(await waitFor(() => /listening on (http:\/\/\S+), admin/.test(stderr), 20_000)).toBe(true);
      const url = /listening on (http:\/\/\S+), admin/.exec(stderr)![1];
      const codes = async (n: number, ip: string) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push((await send(url, '/', { localAddress: ip })).status);
        return out;
      };
      expect(await codes(3, '127.0.0.21')).toEqual([200, 200, 429]);
      writeFileSync(f, 'gates:\n  ratelimit: { capacity: -1 }\n');
      child.kill('SIGHUP');
      expect(await waitFor(() => stderr.includes('reload refused'), 10_000)).toBe(true);
      expect(await codes(3, '127.0.0.22')).toEqual([200, 200, 429]);
      writeFileSync(f, yaml(4));
      child.kill('SIGHUP');
      expect(await waitFor(() => stderr.includes('config reloaded'), 10_000)).toBe(true);
      expect(await codes(5, '127.0.0.23')).toEqual([200, 200, 200, 200, 429]);
      child.kill('SIGTERM');
      const code = await new Promise((r) => child.once('exit', r));
      expect(code).toBe(0);
      expect(stderr).toContain('proxy stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 40_000);

  it('exits 0 once the admin API drained it', async () => {
    const f = join(dir, 'drain.yaml');
    writeFileSync(f, yaml(5));
    const child = spawn(process.execPath, [join(projectRoot, 'bin', 'waf.mjs'), 'serve', '--config', f], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      expect(await waitFor(() => /admin on (http:\/\/\S+)/.test(stderr), 20_000)).toBe(true);
      const admin = /admin on (http:\/\/\S+)/.exec(stderr)![1];
      expect((await send(admin, '/admin/drain', { method: 'POST' })).status).toBe(202);
      const code = await new Promise((r) => child.once('exit', r));
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 40_000);
});
