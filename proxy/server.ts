import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { originForm, validHeaders } from './request-target.ts';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { createAdminServer } from './admin.ts';
import { toResponse } from './chain.ts';
import { loadConfigFile, type ProxyConfig } from './config.ts';
import { RequestContext } from './context.ts';
import { DemoOrigin } from './demo-origin.ts';
import { ProxyConfigError } from './errors.ts';
import { readBody } from './body.ts';
import { checkRequestFraming, clientErrorStatus, isRefusal } from './framing.ts';
import { accessRecord, auditRecord, clientErrorRecord, createLogs, type LogSinks, type LogStreams } from './logs.ts';
import { ProxyMetrics } from './metrics.ts';
import { OriginPool } from './origin-pool.ts';
import { buildPipeline, type Pipeline, type PipelineDeps } from './pipeline.ts';
import { TlsListener } from './tls-listener.ts';
import { forward } from './upstream.ts';

export interface StartOptions {
  readonly config: ProxyConfig;
  /** Where `reload()` without arguments (SIGHUP, admin) reads the config again. */
  readonly configPath?: string;
  readonly streams?: LogStreams;
}

const LOOPBACK = /^(127\.|::1$)/;
const plainIp = (a: string | undefined) => (a ?? '').replace(/^::ffff:/, '');

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The gated reverse proxy: listener(s), the current pipeline, the origin pool, logs and metrics. */
export class ProxyServer {
  private pipeline!: Pipeline;
  private readonly pool: OriginPool;
  readonly metrics: ProxyMetrics;
  readonly logs: LogSinks;
  private server!: Server;
  private admin: Server | null = null;
  private tls: TlsListener | null = null;
  private demo: DemoOrigin | null = null;
  private draining = false;
  private active = 0;
  private seq = 0;
  private readonly idPrefix = randomBytes(4).toString('hex');
  private readonly deps: PipelineDeps;
  url = '';
  adminUrl = '';

  private constructor(private readonly opts: StartOptions) {
    this.logs = createLogs(opts.config.log, opts.streams);
    this.pool = new OriginPool(opts.config.health, opts.config.upstream, { originState: (name, state, why) => this.logs.events.warn({ origin: name, state, why }, `origin ${name} ${state}`) });
    this.metrics = new ProxyMetrics(() => ({
      concurrencyLimit: this.pipeline.concurrency?.limit ?? 0,
      inflight: this.pipeline.concurrency?.inFlight ?? 0,
      origins: Object.fromEntries(this.pool.list.map((o) => [o.name, o.healthy && !o.draining])),
    }));
    this.deps = { pool: this.pool, metrics: this.metrics, audit: (a) => {
        if (a.matches.length > 0 || a.interruption) this.logs.audit?.info(auditRecord(a));
      }, warn: (m) => this.logs.events.warn(m) };
  }

  static async start(opts: StartOptions): Promise<ProxyServer> {
    const p = new ProxyServer(opts);
    try {
      await p.init(opts.config);
    } catch (e) {
      await p.shutdown(0);
      throw e;
    }
    return p;
  }

  get config(): ProxyConfig {
    return this.pipeline.config;
  }

  private async init(cfg: ProxyConfig): Promise<void> {
    if (cfg.origins.length === 0) {
      if (!cfg.demoOrigin) throw new ProxyConfigError(['origins: none configured and demoOrigin is false']);
      this.demo = await DemoOrigin.start();
    }
    const built = buildPipeline(cfg, null, this.deps);
    if (!built.pipeline) throw new ProxyConfigError(built.errors);
    this.pipeline = built.pipeline;
    void this.pool.update(this.originsFor(cfg), cfg.health, cfg.upstream, cfg.drainTimeoutMs);
    const httpOptions = {
      maxHeaderSize: cfg.limits.maxHeaderBytes,
      requestTimeout: cfg.limits.requestTimeoutMs,
      headersTimeout: cfg.limits.headersTimeoutMs,
      keepAliveTimeout: cfg.limits.keepAliveTimeoutMs,
      // Strict llhttp (the default, stated because the framing policy relies on it) and Host required.
      insecureHTTPParser: false,
      requireHostHeader: true,
      // node:http looks for slow clients only this often (30 s by default, longer than the timeouts).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(cfg.limits.headersTimeoutMs / 4) || 1000)),
    };
    if (cfg.tls) {
      this.tls = await TlsListener.create(cfg.tls, (ok, msg) => (ok ? this.logs.events.info(msg) : this.logs.events.error(msg))).catch((e: Error) => {
        throw new ProxyConfigError([`tls: ${e.message}`]);
      });
      this.server = this.tls.createServer(httpOptions) as unknown as Server;
    } else {
      this.server = createServer(httpOptions);
    }
    this.applyLimits(cfg);
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res));
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => this.clientError(err, socket));
    this.server.on('connect', (_req: IncomingMessage, socket: Socket) => this.refuseTunnel(socket));
    const port = await listen(this.server, cfg.listen.host, cfg.listen.port);
    // After listen, an accept failure (EMFILE under a flood) must be a log line, not a crash.
    this.server.on('error', (e) => this.logs.events.error({ err: e.message }, 'listener error'));
    this.url = `${cfg.tls ? 'https' : 'http'}://${cfg.listen.host.includes(':') ? `[${cfg.listen.host}]` : cfg.listen.host}:${port}`;
    if (cfg.admin.enabled) {
      this.admin = createAdminServer(this);
      this.adminUrl = `http://${cfg.admin.host}:${await listen(this.admin, cfg.admin.host, cfg.admin.port)}`;
      this.admin.on('error', (e) => this.logs.events.error({ err: e.message }, 'admin listener error'));
    }
    this.logs.events.info({ url: this.url, admin: this.adminUrl || undefined, origins: this.pool.list.map((o) => o.url.origin), rules: this.pipeline.rulePaths, gates: this.pipeline.chain.entries.map((e) => `${e.gate.name}${e.mode === 'shadow' ? '(shadow)' : ''}`) }, 'proxy listening');
  }

  private originsFor(cfg: ProxyConfig): ProxyConfig['origins'] {
    return cfg.origins.length > 0 ? cfg.origins : this.demo ? [{ name: 'demo', url: this.demo.url, backup: false }] : [];
  }

  /** Limits node:http takes as properties rather than constructor options (also applied on reload). */
  private applyLimits(cfg: ProxyConfig): void {
    const l = cfg.limits;
    // One more than ours, so that checkRequestFraming sees the excess and refuses it (431).
    Object.assign(this.server, { headersTimeout: l.headersTimeoutMs, requestTimeout: l.requestTimeoutMs, keepAliveTimeout: l.keepAliveTimeoutMs, maxHeadersCount: l.maxHeaderCount + 1 });
    this.server.maxConnections = l.maxConnections > 0 ? l.maxConnections : Infinity;
  }

  /**
   * node:http refused the request (bad framing, header overflow 431, slow headers or body 408).
   * Before the request existed, this is the only trace: an access line with llhttp's reason. During
   * a body (bad chunk size, slow body) the handler is waiting on it: it logs, this answers.
   */
  private clientError(err: NodeJS.ErrnoException & { reason?: string }, socket: Socket): void {
    const status = clientErrorStatus(err.code);
    const reason = `framing: ${err.code ?? 'error'}${err.reason ? ` ${err.reason}` : ''}`;
    const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (pending) this.parseErrors.set(socket, { status, reason });
    else if (err.code !== 'ECONNRESET') {
      this.metrics.request(status, 0, '', -1);
      this.logs.access?.info(clientErrorRecord(plainIp(socket.remoteAddress), status, reason));
    }
    if (socket.writable && (!pending || !pending.headersSent)) {
      socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroySoon();
    } else socket.destroy();
  }

  /**
   * CONNECT: a reverse proxy tunnels nothing. nginx answers it 405; without this node:http would
   * close the connection without a word.
   */
  private refuseTunnel(socket: Socket): void {
    this.metrics.request(405, 0, '', -1);
    this.logs.access?.info(clientErrorRecord(plainIp(socket.remoteAddress), 405, 'method: CONNECT is not served'));
    if (socket.writable) {
      socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroySoon();
    } else socket.destroy();
  }

  /** Connections answered with `connection: close`: requests pipelined behind are not served. */
  private readonly closing = new WeakSet<Socket>();
  private readonly parseErrors = new WeakMap<Socket, { status: number; reason: string }>();

  private context(req: IncomingMessage, cfg: ProxyConfig): RequestContext {
    const ip = plainIp(req.socket.remoteAddress);
    let key = ip;
    if (cfg.clientKey.header && cfg.clientKey.trustedHops.includes(ip)) {
      // The trusted hop appends the address it saw last; anything before it the client could forge.
      const v = req.headers[cfg.clientKey.header.toLowerCase()];
      const last = (Array.isArray(v) ? v.join(',') : (v ?? '')).split(',').pop()?.trim();
      if (last) key = last;
    }
    const peer = this.tls && req.socket instanceof TLSSocket ? this.tls.verdict(req.socket) : null;
    // As nginx hands the request on (request-target.ts): origin-form target, no invalid header names.
    const { raw, headers } = validHeaders(req.rawHeaders, req.headers);
    const ctx = new RequestContext(`${this.idPrefix}-${(++this.seq).toString(36)}`, req.method ?? 'GET', originForm(req.url ?? '/'), req.httpVersion, headers, raw, ip, req.socket.remotePort ?? 0, key, plainIp(req.socket.localAddress), req.socket.localPort ?? 0, peer);
    ctx.trace = cfg.log.trace || (req.headers['x-waf-trace'] === '1' && LOOPBACK.test(ip));
    return ctx;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A request pipelined behind one answered with `connection: close` (a refusal) is never served:
    // after a framing refusal, what follows on the connection is the client's framing, not ours.
    if (this.closing.has(req.socket)) return void req.socket.destroy();
    const p = this.pipeline;
    const cfg = p.config;
    this.active++;
    const ctx = this.context(req, cfg);
    let reached = 0;
    let answered = false;
    try {
      // Framing is settled before any gate: a refused request never reaches one (as in nginx).
      const framing = checkRequestFraming(req, cfg.limits);
      if (isRefusal(framing)) {
        answered = true;
        return this.refuse(req, res, ctx, framing.status, framing.reason);
      }
      ctx.declaredLength = framing.declaredLength;
      ctx.bodyDecoded = framing.coding ?? '';
      const body = await readBody(req, framing, { limit: cfg.limits.maxBodyBytes, partial: cfg.limits.requestBodyLimitAction === 'ProcessPartial' });
      if (body.kind !== 'ok') answered = true;
      if (body.kind === 'aborted') {
        // node:http answered already (clientError): a bad chunk or a slow body, said in the log.
        const why = this.parseErrors.get(req.socket);
        ctx.response = why ? toResponse({ kind: 'reply', status: why.status, reason: why.reason }) : null;
        return this.finish(ctx, why?.status ?? 499, 0);
      }
      if (body.kind !== 'ok') return this.refuse(req, res, ctx, body.kind === 'too-large' ? 413 : 400, body.reason);
      ctx.body = body.body;
      ctx.bodyRest = body.rest;
      const r = await p.chain.runRequest(ctx);
      reached = r.reached;
      if (r.reply) ctx.response = toResponse(r.reply);
      else await forward(ctx, this.pool, cfg, this.tls !== null);
    } catch (e) {
      this.logs.events.error({ id: ctx.id, err: e instanceof Error ? e.message : String(e) }, 'request failed');
      ctx.response = toResponse({ kind: 'reply', status: 500, reason: 'internal error' });
    } finally {
      if (!answered) await this.complete(res, ctx, reached, p);
      this.active--;
    }
  }

  /** Every gate that saw the request sees the response, even after an error: slots are released. */
  private async complete(res: ServerResponse, ctx: RequestContext, reached: number, p: Pipeline): Promise<void> {
    const fromOrigin = ctx.response;
    await p.chain.runResponse(ctx, reached).catch(() => {});
    // A gate replaced the origin's answer: its unsent remainder is dropped.
    if (fromOrigin?.rest && ctx.response !== fromOrigin) fromOrigin.rest.destroy();
    if (ctx.bodyRest && !ctx.bodyRest.readableEnded) {
      // A partial body the origin never took (a gate replied): the connection cannot be reused.
      ctx.bodyRest.destroy();
      if (ctx.response) ctx.response.headers.connection = 'close';
    }
    this.send(res, ctx);
  }

  /** Refused before the gates (framing, size, encoding): answered and the connection closed. */
  private refuse(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, status: number, reason: string): void {
    ctx.response = toResponse({ kind: 'reply', status, reason, headers: { connection: 'close' } });
    // The unread body must not be taken for the next request: nothing more is read or served.
    this.closing.add(req.socket);
    req.pause();
    req.socket.pause();
    this.send(res, ctx);
    res.once('finish', () => res.socket?.destroySoon());
  }

  private send(res: ServerResponse, ctx: RequestContext): void {
    const r = ctx.response ?? toResponse({ kind: 'reply', status: 500, reason: 'no response' });
    if (res.destroyed || res.writableEnded || res.headersSent) {
      r.rest?.destroy();
      return this.finish(ctx, 499, 0);
    }
    const headers: Record<string, string | string[]> = { ...r.headers };
    for (const [k, v] of ctx.extraHeaders) if (headers[k.toLowerCase()] === undefined) headers[k.toLowerCase()] = v;
    headers['x-request-id'] = ctx.id;
    if (ctx.trace) headers['x-waf-trace'] = ctx.records.map((g) => `${g.gate}:${g.phase === 'request' ? 'req' : 'res'}:${g.decision}${g.status ? `:${g.status}` : ''}:${g.costUs}us`).join(', ');
    if (this.draining) headers.connection = 'close';
    const noBody = ctx.method === 'HEAD' || r.status === 204 || r.status === 304 || (r.status >= 100 && r.status < 200);
    // Re-framed for the client: our own length for a held body; a streamed one keeps the origin's
    // length if it gave one, else node:http chunks it.
    if (!noBody && !r.rest) headers['content-length'] = String(r.body.length);
    else if (r.status === 204 || r.status === 304) delete headers['content-length'];
    delete headers['transfer-encoding'];
    try {
      res.writeHead(r.status, headers);
    } catch (e) {
      // A header value the origin sent that node refuses to write (invalid characters).
      this.logs.events.warn({ id: ctx.id, err: (e as Error).message }, 'bad response header from origin');
      r.rest?.destroy();
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain', connection: 'close' }).end('502 Bad Gateway\n');
      return this.finish(ctx, 502, 0);
    }
    if (headers.connection === 'close' && res.socket) this.closing.add(res.socket);
    if (headers.connection === 'close' && r.localReason?.startsWith('waf:')) res.once('finish', () => res.socket?.destroySoon());
    if (noBody || !r.rest) {
      r.rest?.destroy();
      res.end(noBody ? undefined : r.body);
      return this.finish(ctx, r.status, noBody ? 0 : r.body.length);
    }
    res.write(r.body);
    let bytes = r.body.length;
    r.rest.on('data', (c: Buffer) => (bytes += c.length));
    // Backpressure both ways: the origin is read only as fast as the client takes the response.
    pipeline(r.rest, res, (err) => this.finish(ctx, err ? 499 : r.status, bytes));
  }

  private finish(ctx: RequestContext, status: number, bytes: number): void {
    this.metrics.request(status, (performance.now() - ctx.startedAt) / 1000, ctx.originName, ctx.upstreamMs);
    this.logs.access?.info(accessRecord(ctx, status, bytes));
    if (ctx.trace) this.logs.events.info({ id: ctx.id, gates: ctx.records }, 'trace');
  }

  /** Applies a new config, or reads it again from the config file; returns why not, if refused. */
  async reload(next?: ProxyConfig): Promise<string[]> {
    let cfg: ProxyConfig;
    try {
      cfg = next ?? (this.opts.configPath ? loadConfigFile(this.opts.configPath) : this.pipeline.config);
    } catch (e) {
      const issues = e instanceof ProxyConfigError ? [...e.issues] : [String(e)];
      this.logs.events.error({ issues }, 'reload refused, old config keeps running');
      return issues;
    }
    const old = this.pipeline.config;
    const issues: string[] = [];
    if (Boolean(cfg.tls) !== Boolean(old.tls)) issues.push('tls: switching TLS on or off needs a restart');
    if (cfg.origins.length === 0 && !this.demo) issues.push('origins: none configured');
    const built = issues.length ? { pipeline: null, errors: [] } : buildPipeline(cfg, this.pipeline, this.deps);
    issues.push(...built.errors);
    if (!issues.length && cfg.tls && this.tls) {
      const err = await this.tls.reload(cfg.tls);
      if (err) issues.push(`tls: ${err}`);
    }
    if (!built.pipeline || issues.length) {
      this.logs.events.error({ issues }, 'reload refused, old config keeps running');
      return issues;
    }
    const prev = this.pipeline;
    this.pipeline = built.pipeline;
    if (cfg.listen.port !== old.listen.port || cfg.listen.host !== old.listen.host) this.logs.events.warn('listen address changes take effect on restart');
    this.applyLimits(cfg);
    void this.pool.update(this.originsFor(cfg), cfg.health, cfg.upstream, cfg.drainTimeoutMs);
    const kept = new Set([...built.pipeline.built.values()].map((b) => b.gate));
    // Replaced gates may still be serving requests that began before the reload: close them later.
    const retired = [...prev.built.values()].map((b) => b.gate).filter((g) => !kept.has(g));
    setTimeout(() => void Promise.all(retired.map((g) => g.close?.())), cfg.drainTimeoutMs).unref();
    this.logs.events.info({ gates: built.pipeline.chain.entries.map((e) => e.gate.name) }, 'config reloaded');
    return [];
  }

  drainOrigin(name: string): Promise<void> {
    return this.pool.drain(name, this.pipeline.config.drainTimeoutMs);
  }

  stats(): Record<string, unknown> {
    const gates: Record<string, Record<string, number>> = {};
    for (const e of this.pipeline.chain.entries) gates[e.gate.name] = e.gate.stats?.() ?? {};
    return { active: this.active, draining: this.draining, gates, origins: this.pool.stats() };
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Stops taking connections, lets requests in flight finish (each answered with
   * `connection: close`) for up to `drainMs`, then closes everything.
   */
  shutdown(drainMs = this.pipeline?.config.drainTimeoutMs ?? 0): Promise<void> {
    this.stopping ??= this.stop(drainMs).then(this.markClosed);
    return this.stopping;
  }

  private stopping: Promise<void> | null = null;
  private markClosed!: () => void;
  /** Settles once the proxy has stopped, however that was asked for (signal, admin, embedder). */
  readonly closed = new Promise<void>((r) => (this.markClosed = r));

  private async stop(drainMs: number): Promise<void> {
    this.draining = true;
    const closed = this.server?.listening ? new Promise<void>((r) => this.server.close(() => r())) : Promise.resolve();
    this.server?.closeIdleConnections();
    const deadline = Date.now() + drainMs;
    while (this.active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    this.server?.closeAllConnections();
    await closed;
    this.tls?.close();
    if (this.admin) {
      this.admin.closeAllConnections();
      await new Promise<void>((r) => this.admin!.close(() => r()));
    }
    await this.pool.close();
    if (this.pipeline) await Promise.all([...this.pipeline.built.values()].map((b) => b.gate.close?.()));
    await this.demo?.close();
    this.logs.events.info('proxy stopped');
  }
}
