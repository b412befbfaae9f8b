/**
 * Test helpers for the proxy: a proxy from a partial config, log lines captured in memory, and
 * raw node:http requests with a chosen local (source) address. Test-only.
 */
import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { requestBodyChannel, type InspectedBody } from './gates/waf.ts';
import { configFromObject, type ProxyConfig } from './config.ts';
import { ProxyServer } from './server.ts';
import { RawOrigin, type RawResponder } from './testdata/raw-origin.ts';

/** Collects JSON log lines written by pino. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) this.lines.push(JSON.parse(l) as Record<string, unknown>);
    cb();
  }
}

export interface TestProxy {
  readonly proxy: ProxyServer;
  readonly access: LogCapture;
  readonly audit: LogCapture;
  readonly events: LogCapture;
}

export type DeepPartial<T> = { [K in keyof T]?: DeepPart<NonNullable<T[K]>> };
type DeepPart<V> = V extends (infer U)[] ? (U extends object ? DeepPartial<U>[] : U[]) : V extends object ? DeepPartial<V> : V;

/** A proxy on 127.0.0.1:0 with admin on port 0; `cfg` is laid over the defaults. */
export async function startTestProxy(cfg: DeepPartial<ProxyConfig>): Promise<TestProxy> {
  const config = configFromObject({ ...cfg, listen: { host: '127.0.0.1', port: 0, ...cfg.listen }, admin: { port: 0, ...cfg.admin } });
  const access = new LogCapture();
  const audit = new LogCapture();
  const events = new LogCapture();
  const proxy = await ProxyServer.start({ config, streams: { access, audit, events } });
  return { proxy, access, audit, events };
}

export interface SimpleResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  localAddress?: string;
  agent?: Agent | false;
  timeoutMs?: number;
}

/** One HTTP/1.1 request over a real socket; network errors reject. */
export function send(base: string, path: string, o: SendOptions = {}): Promise<SimpleResponse> {
  const u = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: o.method ?? 'GET',
        headers: { host: 'localhost', 'user-agent': 'proxy-test/1.0', accept: '*/*', ...o.headers },
        agent: o.agent ?? false,
        ...(o.localAddress ? { localAddress: o.localAddress } : {}),
        timeout: o.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end(o.body);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 20 ms until true or `ms` passes; returns whether it became true. */
export async function waitFor(cond: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(20);
  }
  return cond();
}

/** Writes raw bytes on a fresh connection and returns what came back once the server closes or `ms` pass. */
export function rawExchange(port: number, data: string | Buffer | (string | Buffer)[], o: { localAddress?: string; ms?: number; gapMs?: number } = {}): Promise<string> {
  const parts = Array.isArray(data) ? data : [data];
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1', ...(o.localAddress ? { localAddress: o.localAddress } : {}) }, async () => {
      for (const p of parts) {
        if (s.destroyed) break;
        s.write(typeof p === 'string' ? Buffer.from(p, 'latin1') : p);
        if (o.gapMs) await sleep(o.gapMs);
      }
    });
    let out = '';
    const timer = setTimeout(() => s.destroy(), o.ms ?? 3000);
    s.on('data', (d: Buffer) => (out += d.toString('latin1')));
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** Records what the WAF gate inspected, keyed by the client's x-request-id (or the proxy's id). */
export class InspectedBodies {
  readonly byId = new Map<string, Buffer>();
  private readonly listener = (m: unknown) => {
    const { ctx, body } = m as InspectedBody;
    this.byId.set(ctx.header('x-request-id') ?? ctx.id, Buffer.from(body));
  };
  constructor() {
    requestBodyChannel.subscribe(this.listener);
  }
  close(): void {
    requestBodyChannel.unsubscribe(this.listener);
  }
}

/** Rules for the hardening tests: `evil-marker` in a request body or `secret-leak` in a response body is blocked. */
export const HARDENING_RULES = fileURLToPath(new URL('./testdata/hardening.conf', import.meta.url));

/** Gates for the hardening tests: the WAF on HARDENING_RULES, every other gate off. */
export const HARDENING_GATES = { waf: { rules: [HARDENING_RULES] }, ratelimit: { enabled: false }, behaviour: { enabled: false }, concurrency: { enabled: false }, cache: { enabled: false } };

/** A test proxy in front of a raw-socket origin, recording the bodies the WAF inspected. */
export interface RawProxyFixture {
  readonly origin: RawOrigin;
  readonly t: TestProxy;
  readonly port: number;
  readonly waf: InspectedBodies;
  close(): Promise<void>;
}

/** Starts the fixture the hardening tests share; `cfg` gets the origin's URL. */
export async function startRawProxy(cfg: (originUrl: string) => DeepPartial<ProxyConfig>, responder?: RawResponder): Promise<RawProxyFixture> {
  const origin = await RawOrigin.start(responder);
  const waf = new InspectedBodies();
  const t = await startTestProxy(cfg(origin.url));
  return {
    origin,
    t,
    waf,
    port: Number(new URL(t.proxy.url).port),
    async close() {
      waf.close();
      await t.proxy.shutdown(200);
      await origin.close();
    },
  };
}
