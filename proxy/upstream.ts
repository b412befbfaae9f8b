import type { IncomingHttpHeaders } from 'node:http';
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

export function requestHeadersForOrigin(ctx: RequestContext, tls: boolean): Record<string, string | string[]> {
  const listed = connectionListed(ctx.headers.connection);
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(ctx.headers)) if (v !== undefined && !HOP_BY_HOP.has(k) && !listed.has(k)) out[k] = v;
  const xff = ctx.header('x-forwarded-for');
  out['x-forwarded-for'] = xff ? `${xff}, ${ctx.clientIp}` : ctx.clientIp;
  out['x-forwarded-proto'] = tls ? 'https' : 'http';
  out['x-request-id'] = ctx.header('x-request-id') ?? ctx.id;
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

/**
 * Sends the (fully buffered) request to an origin and buffers its answer into ctx.response.
 * An idempotent request whose connection failed before a byte was sent is retried on another
 * origin; anything else that fails becomes 502 (or 504 on timeout). The request's framing and
 * body live here and in server.ts only, so the hardening work (streaming, desync refusal) has
 * one place to change.
 */
export async function forward(ctx: RequestContext, pool: OriginPool, cfg: ProxyConfig, tls: boolean): Promise<void> {
  const tried = new Set<Origin>();
  const headers = requestHeadersForOrigin(ctx, tls);
  let lastError: UpstreamError | null = null;
  const idempotent = IDEMPOTENT.has(ctx.method);
  for (let attempt = 0; attempt <= cfg.upstream.retries; attempt++) {
    const o = pool.pick(tried);
    if (!o) break;
    tried.add(o);
    o.inflight++;
    o.requests++;
    const t0 = performance.now();
    let gotHeaders = false;
    try {
      const res = await o.pool.request({
        path: ctx.url,
        method: ctx.method as 'GET',
        headers,
        body: ctx.body.length > 0 || !(ctx.method === 'GET' || ctx.method === 'HEAD') ? ctx.body : null,
      });
      gotHeaders = true;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > cfg.limits.maxResponseBytes) {
          res.body.destroy();
          throw new UpstreamError('PROXY_UPSTREAM_TOO_LARGE', `response over ${cfg.limits.maxResponseBytes} bytes`, false);
        }
        chunks.push(chunk as Buffer);
      }
      ctx.upstreamMs = performance.now() - t0;
      ctx.fromOrigin = true;
      ctx.originName = o.name;
      ctx.response = { status: res.statusCode, headers: responseHeadersForClient(res.headers), body: Buffer.concat(chunks, size) };
      pool.report(o, res.statusCode >= 500 ? '5xx' : 'ok');
      return;
    } catch (e) {
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
