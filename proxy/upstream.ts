import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough, pipeline, Readable } from 'node:stream';
import type { ProxyConfig } from './config.ts';
import type { RequestContext } from './context.ts';
import { UpstreamError } from './errors.ts';
import type { Origin, OriginPool } from './origin-pool.ts';

/** Hop-by-hop headers (RFC 9110 §7.6.1) are the proxy's own business and never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect', 'content-length', 'http2-settings']);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
/** The socket died under a request: typically a keep-alive connection the origin had just closed. */
const RESET_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

function connectionListed(v: string | string[] | undefined): Set<string> {
  const s = new Set<string>();
  for (const part of (Array.isArray(v) ? v.join(',') : (v ?? '')).split(',')) if (part.trim()) s.add(part.trim().toLowerCase());
  return s;
}

/**
 * The header lines the origin gets: the client's raw lines in wire order (duplicates kept, so the
 * origin reads the same lines the WAF did) minus hop-by-hop and Connection-listed ones; framing
 * headers are the proxy's own (undici writes Content-Length for a held body, or chunked), and a
 * decoded body loses its Content-Encoding, since the origin gets the bytes the WAF inspected.
 */
export function requestHeadersForOrigin(ctx: RequestContext, tls: boolean): string[] {
  const listed = connectionListed(ctx.headers.connection);
  const out: string[] = [];
  const raw = ctx.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i].toLowerCase();
    if (HOP_BY_HOP.has(k) || listed.has(k) || k === 'x-forwarded-for' || k === 'x-forwarded-proto') continue;
    if (ctx.bodyDecoded && k === 'content-encoding') continue;
    out.push(raw[i], raw[i + 1]);
  }
  const xff = ctx.header('x-forwarded-for');
  out.push('x-forwarded-for', xff ? `${xff}, ${ctx.clientIp}` : ctx.clientIp, 'x-forwarded-proto', tls ? 'https' : 'http');
  if (ctx.headers['x-request-id'] === undefined) out.push('x-request-id', ctx.id);
  // A streamed remainder keeps the client's declared length; undici checks the stream against it.
  if (ctx.bodyRest && ctx.declaredLength >= 0) out.push('content-length', String(ctx.declaredLength));
  return out;
}

export function responseHeadersForClient(h: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const listed = connectionListed(h.connection);
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HOP_BY_HOP.has(k) && !listed.has(k)) out[k] = v;
  return out;
}

function classify(e: unknown): UpstreamError {
  if (e instanceof UpstreamError) return e;
  const code = (e as { code?: string }).code ?? '';
  const msg = e instanceof Error ? e.message : String(e);
  if (CONNECT_CODES.has(code)) return new UpstreamError('PROXY_UPSTREAM_CONNECT', `${code}: ${msg}`, true);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new UpstreamError('PROXY_UPSTREAM_TIMEOUT', `${code}: ${msg}`, false);
  return new UpstreamError('PROXY_UPSTREAM_RESET', `${code || 'error'}: ${msg}`, false);
}

/** The request body for undici: the held bytes, or those followed by the streamed remainder. */
function originBody(ctx: RequestContext): Buffer | Readable | null {
  const rest = ctx.bodyRest;
  if (rest) {
    // Pulled on demand: the remainder is read (and the client with it) only as fast as the origin takes it.
    return Readable.from((async function* () {
      if (ctx.body.length > 0) yield ctx.body;
      for await (const c of rest) yield c as Buffer;
    })(), { objectMode: false });
  }
  return ctx.body.length > 0 || !(ctx.method === 'GET' || ctx.method === 'HEAD') ? ctx.body : null;
}

/**
 * Reads up to `limit` bytes of a response body for the response gates; a longer body leaves its
 * remainder as a paused stream (the crossing chunk's overflow first), so it is never buffered.
 */
function holdPrefix(src: Readable, limit: number): Promise<{ body: Buffer; rest: Readable | null }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      src.off('data', onData);
      src.off('end', onEnd);
      src.off('error', reject);
    };
    const onData = (c: Buffer) => {
      if (size + c.length <= limit) {
        chunks.push(c);
        size += c.length;
        return;
      }
      src.pause();
      done();
      const room = limit - size;
      chunks.push(c.subarray(0, room));
      const rest = new PassThrough();
      rest.write(c.subarray(room));
      // An origin failing mid-body fails the client's response too (its headers are already out).
      pipeline(src, rest, () => {});
      resolve({ body: Buffer.concat(chunks, limit), rest });
    };
    const onEnd = () => {
      done();
      resolve({ body: Buffer.concat(chunks, size), rest: null });
    };
    src.on('data', onData);
    src.on('end', onEnd);
    src.on('error', reject);
  });
}

/**
 * Sends the request to an origin: the held body, or in ProcessPartial mode the held part then the
 * rest streamed with backpressure. The answer's first limits.maxResponseBytes are held in
 * ctx.response.body for the response gates, the remainder streams through (`rest`). An origin
 * answer with invalid framing (CL with TE, several CL, bad chunks, bare LF) is refused by undici's
 * parser and becomes 502: it is never relayed. An idempotent request whose connection failed
 * before a byte was sent is retried on another origin (not a streamed one: its body is consumed);
 * anything else that fails becomes 502 (or 504 on timeout).
 */
export async function forward(ctx: RequestContext, pool: OriginPool, cfg: ProxyConfig, tls: boolean): Promise<void> {
  const tried = new Set<Origin>();
  const headers = requestHeadersForOrigin(ctx, tls);
  let lastError: UpstreamError | null = null;
  const idempotent = IDEMPOTENT.has(ctx.method) && ctx.bodyRest === null;
  for (let attempt = 0; attempt <= cfg.upstream.retries; attempt++) {
    const o = pool.pick(tried);
    if (!o) break;
    tried.add(o);
    o.inflight++;
    o.requests++;
    const t0 = performance.now();
    let gotHeaders = false;
    try {
      const res = await o.pool.request({ path: ctx.url, method: ctx.method as 'GET', headers, body: originBody(ctx) });
      gotHeaders = true;
      const held = await holdPrefix(res.body, cfg.limits.maxResponseBytes);
      ctx.upstreamMs = performance.now() - t0;
      ctx.fromOrigin = true;
      ctx.originName = o.name;
      ctx.response = { status: res.statusCode, headers: responseHeadersForClient(res.headers), body: held.body, rest: held.rest };
      // The client gets the origin's length for a streamed answer; a held one is re-framed by server.ts.
      if (held.rest && typeof res.headers['content-length'] === 'string') ctx.response.headers['content-length'] = res.headers['content-length'];
      pool.report(o, res.statusCode >= 500 ? '5xx' : 'ok');
      return;
    } catch (e) {
      if ((e as { code?: string }).code === 'UND_ERR_INVALID_ARG') {
        // undici refused to send the request at all (a target it cannot carry, such as
        // `OPTIONS *`): the client's doing, so the origin's health record is left alone.
        ctx.originName = o.name;
        ctx.response = { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from('400 Bad Request\n'), localReason: `upstream: request not sendable: ${e instanceof Error ? e.message : String(e)}` };
        return;
      }
      lastError = classify(e);
      // Besides connect failures (nothing sent), an idempotent request whose socket was reset
      // before any response byte arrived is retried too, as nginx's proxy_next_upstream and
      // Envoy's retry_on: reset do: repeating it is safe by definition of idempotent, and it is
      // what an origin closing an idle keep-alive connection, or dying, looks like.
      const reset = !gotHeaders && RESET_CODES.has((e as { code?: string }).code ?? '');
      pool.report(o, lastError.beforeSend || reset ? 'connect-error' : '5xx');
      if (!idempotent || !(lastError.beforeSend || reset)) break;
    } finally {
      o.inflight--;
    }
  }
  ctx.originName = [...tried].map((o) => o.name).join(',');
  const status = lastError ? lastError.status : 503;
  const reason = lastError ? `upstream: ${lastError.message}` : 'upstream: no healthy origin';
  ctx.response = { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(`${status} ${status === 504 ? 'Gateway Timeout' : status === 503 ? 'Service Unavailable' : 'Bad Gateway'}\n`), localReason: reason };
}
