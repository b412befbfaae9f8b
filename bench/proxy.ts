/**
 * bench/proxy: throughput and p50/p99 latency through (1) a bare pass-through Node proxy
 * (node:http + keep-alive agent, the ceiling for a single-process Node proxy) and (2) our proxy
 * with every gate on (rate limit, WAF, behaviour, cache, concurrency, health; mTLS excluded
 * because it changes the transport) at PL1 and PL2, all measured in the same run by autocannon
 * against the same origin, and reported as ratios to the bare proxy. Each server runs in its own
 * process so that the load generator does not share their event loop.
 *
 *   npm run bench:proxy [-- --duration 10 --connections 50 --rules ../shared/coreruleset]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, request, Agent } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

interface AcResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AcResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values: args } = parseArgs({
  options: {
    role: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    rules: { type: 'string' },
    origin: { type: 'string' },
    paranoia: { type: 'string' },
    gates: { type: 'string', default: 'all' },
  },
});

async function listen(server: ReturnType<typeof createServer>): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Child roles: the origin, the bare proxy, our proxy. Each reports its URL over IPC. */
async function child(role: string): Promise<void> {
  if (role === 'origin') {
    const body = JSON.stringify({ items: Array.from({ length: 8 }, (_, i) => ({ id: i, name: `item ${i}` })) });
    const s = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) }).end(body));
    s.keepAliveTimeout = 60_000;
    process.send?.(await listen(s));
  } else if (role === 'bare') {
    const target = new URL(args.origin!);
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const s = createServer((req, res) => {
      const up = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.writeHead(502).end());
      req.pipe(up);
    });
    s.keepAliveTimeout = 60_000;
    process.send?.(await listen(s));
  } else {
    const { configFromObject } = await import('../proxy/config.ts');
    const { ProxyServer } = await import('../proxy/server.ts');
    const config = configFromObject({
      listen: { port: 0 },
      admin: { enabled: false },
      origins: [{ url: args.origin }],
      health: { type: 'http', intervalMs: 5000 },
      limits: { keepAliveTimeoutMs: 60_000 },
      log: { access: '/dev/null', audit: '/dev/null', level: 'warn' },
      gates: {
        ratelimit: { capacity: 1_000_000_000, refillPerSecond: 1_000_000_000 },
        concurrency: { maxLimit: 1000, initialLimit: 500 },
        waf: { enabled: args.gates !== 'no-waf', paranoia: Number(args.paranoia ?? 1), rules: args.rules ? [resolve(args.rules)] : [] },
      },
    });
    const p = await ProxyServer.start({ config });
    process.send?.(p.url);
  }
}

function spawn(role: string, extra: string[] = []): Promise<{ proc: ChildProcess; url: string }> {
  const proc = fork(import.meta.filename, ['--role', role, ...extra], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((res, rej) => {
    proc.once('message', (url) => res({ proc, url: String(url) }));
    proc.once('exit', (c) => rej(new Error(`${role} exited with ${c}`)));
  });
}

/** Five query arguments and a name Host header: CRS scores a numeric Host at PL1 (920350). */
const PATH = '/api/items?id=42&sort=asc&page=2&q=running+shoes&lang=en';
const HEADERS = { host: 'shop.example', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) bench', accept: 'application/json', 'accept-language': 'en' };

async function measure(url: string): Promise<AcResult> {
  const base = { url: url + PATH, headers: HEADERS, connections: Number(args.connections) };
  await autocannon({ ...base, duration: 2 });
  return autocannon({ ...base, duration: Number(args.duration) });
}

async function main(): Promise<void> {
  const rules = args.rules ?? join(import.meta.dirname, '..', '..', 'shared', 'coreruleset');
  const ruleArgs = existsSync(rules) ? ['--rules', rules] : [];
  const origin = await spawn('origin');
  const procs: ChildProcess[] = [origin.proc];
  const rows: { name: string; r: AcResult }[] = [];
  try {
    for (const [name, role, extra] of [
      ['bare Node pass-through', 'bare', []],
      ['our proxy, all gates but the WAF', 'gated', ['--gates', 'no-waf']],
      ['our proxy, all gates, PL1', 'gated', ['--paranoia', '1', ...ruleArgs]],
      ['our proxy, all gates, PL2', 'gated', ['--paranoia', '2', ...ruleArgs]],
    ] as const) {
      const s = await spawn(role, ['--origin', origin.url, ...extra]);
      procs.push(s.proc);
      rows.push({ name, r: await measure(s.url) });
      s.proc.kill();
    }
  } finally {
    for (const p of procs) p.kill();
  }
  const base = rows[0].r;
  console.log(`bench/proxy: GET ${PATH}, ${args.connections} connections, ${args.duration} s each, rules: ${ruleArgs[1] ?? "project default"}`);
  console.log('| setup | req/s | p50 ms | p99 ms | non-2xx | req/s vs bare | p50 vs bare | p99 vs bare |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const { name, r } of rows) {
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '-');
    console.log(`| ${name} | ${Math.round(r.requests.average)} | ${r.latency.p50} | ${r.latency.p99} | ${r.non2xx + r.errors} | ${ratio(r.requests.average, base.requests.average)} | ${ratio(r.latency.p50, base.latency.p50)} | ${ratio(r.latency.p99, base.latency.p99)} |`);
  }
}

if (args.role) await child(args.role);
else await main();
