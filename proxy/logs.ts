import { pino, type DestinationStream, type Logger } from 'pino';
import type { ProxyConfig } from './config.ts';
import type { RequestContext } from './context.ts';
import type { WafAudit } from './gates/waf.ts';

export interface LogSinks {
  /** One JSON line per request with every gate's decision. */
  readonly access: Logger | null;
  /** One JSON line per transaction with WAF matches. */
  readonly audit: Logger | null;
  /** Proxy events: start, reload, origin state, errors. */
  readonly events: Logger;
}

/** Streams a caller may supply instead of the configured targets (tests read them). */
export interface LogStreams {
  access?: DestinationStream;
  audit?: DestinationStream;
  events?: DestinationStream;
}

function target(where: string): DestinationStream | null {
  if (where === '') return null;
  if (where === 'stdout') return pino.destination({ dest: 1, sync: false });
  if (where === 'stderr') return pino.destination({ dest: 2, sync: false });
  return pino.destination({ dest: where, sync: false, mkdir: true });
}

export function createLogs(cfg: ProxyConfig['log'], streams: LogStreams = {}): LogSinks {
  const make = (name: string, s: DestinationStream | null, level = 'info') => (s ? pino({ name, level, base: null, timestamp: pino.stdTimeFunctions.isoTime }, s) : null);
  const events = make('waf-proxy', streams.events ?? target('stderr'), cfg.level) ?? pino({ enabled: false });
  return {
    access: make('access', streams.access ?? target(cfg.access)),
    audit: make('audit', streams.audit ?? target(cfg.audit)),
    events,
  };
}

export function accessRecord(ctx: RequestContext, status: number, bytes: number): Record<string, unknown> {
  return {
    id: ctx.id,
    client: ctx.clientIp,
    key: ctx.clientKey,
    method: ctx.method,
    url: ctx.url,
    status,
    bytes,
    ms: Math.round((performance.now() - ctx.startedAt) * 100) / 100,
    origin: ctx.originName || undefined,
    upstreamMs: ctx.upstreamMs >= 0 ? Math.round(ctx.upstreamMs * 100) / 100 : undefined,
    spiffeId: ctx.peer?.spiffeId,
    wafScore: ctx.wafScore || undefined,
    behaviourScore: ctx.behaviourScore || undefined,
    local: ctx.response?.localReason,
    // ProcessPartial: only the first limits.maxBodyBytes of this body were inspected.
    bodyPartial: ctx.bodyRest ? true : undefined,
    bodyDecoded: ctx.bodyDecoded || undefined,
    gates: ctx.records,
  };
}

export function auditRecord(a: WafAudit): Record<string, unknown> {
  return {
    id: a.ctx.id,
    tx: a.txId,
    client: a.ctx.clientIp,
    method: a.ctx.method,
    url: a.ctx.url,
    inboundScore: a.inboundScore,
    outboundScore: a.outboundScore,
    blocked: a.interruption ? { rule: a.interruption.ruleId, status: a.interruption.status, phase: a.interruption.phase, action: a.interruption.action } : undefined,
    matches: a.matches.map((m) => ({
      id: m.ruleId,
      msg: m.msg,
      variable: m.variable,
      data: m.logdata,
      value: m.value.length > 200 ? m.value.slice(0, 200) + '…' : m.value,
      severity: m.severity,
      tags: m.tags,
    })),
  };
}

/** The access line for a request node:http refused before it became one (no id, no gates). */
export function clientErrorRecord(client: string, status: number, reason: string): Record<string, unknown> {
  return { client, status, bytes: 0, local: reason, gates: [] };
}
