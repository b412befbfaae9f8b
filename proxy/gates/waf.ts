import { channel } from 'node:diagnostics_channel';
import { CONTINUE, Counters, reply, type Decision, type Gate } from '../chain.ts';
import type { RequestContext } from '../context.ts';
import { Transaction, type Interruption, type MatchRecord, type Program } from '../../runtime/index.ts';

/** What the WAF gate hands to the audit log once a transaction is over. */
export interface WafAudit {
  readonly ctx: RequestContext;
  readonly txId: string;
  readonly inboundScore: number;
  readonly outboundScore: number;
  readonly interruption: Interruption | null;
  readonly matches: readonly MatchRecord[];
}

/** What the WAF inspected (`{ ctx, body }`); published only when someone listens (tests, tooling). */
export const requestBodyChannel = channel('secwaf:proxy:waf-request-body');

export interface InspectedBody {
  readonly ctx: RequestContext;
  readonly body: Buffer;
}

interface State {
  readonly tx: Transaction;
  interruption: Interruption | null;
}

function score(tx: Transaction, name: string): number {
  const n = Number(tx.col('TX').first(name) ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/**
 * The behaviour score joins the rules' own inbound score between phases 1 and 2: CRS (and the
 * project's rule set, which keeps CRS's TX names) sums tx.inbound_anomaly_score_pl1.. into the
 * blocking score in phase 2 (REQUEST-949), so the rules' threshold decides on the total.
 */
function addToInboundScore(tx: Transaction, score: number): void {
  const col = tx.col('TX');
  const now = Number(col.first('inbound_anomaly_score_pl1') ?? 0);
  col.set('inbound_anomaly_score_pl1', String((Number.isFinite(now) ? now : 0) + score));
}

function toReply(it: Interruption, where: string): Decision {
  const reason = `waf: rule ${it.ruleId} (${where}, phase ${it.phase})`;
  if (it.action === 'redirect' && it.url) return reply(it.status >= 300 && it.status < 400 ? it.status : 302, reason, { location: it.url });
  // drop: ModSecurity closes the connection; the server honours `connection: close` after the reply.
  return reply(it.status || 403, reason, it.action === 'drop' ? { connection: 'close' } : undefined);
}

/**
 * The compiled rule program on the request (headers, body) and the response (headers, body),
 * one Transaction per request. The anomaly scores and the logged matches go to the audit sink.
 */
export class WafGate implements Gate {
  readonly name = 'waf';
  readonly counters = new Counters();
  private readonly state = new WeakMap<RequestContext, State>();

  constructor(
    private readonly program: Program,
    private readonly audit: (a: WafAudit) => void,
  ) {}

  onRequest(ctx: RequestContext): Decision {
    const tx = new Transaction(this.program);
    const st: State = { tx, interruption: null };
    this.state.set(ctx, st);
    tx.processConnection(ctx.clientIp, ctx.clientPort, ctx.localIp, ctx.localPort);
    tx.processUri(ctx.url, ctx.method, ctx.httpVersion);
    // node:http decodes header bytes as latin1, which is the engine's byte-string convention.
    const raw = ctx.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) tx.addRequestHeader(raw[i], raw[i + 1]);
    let it = tx.processRequestHeaders();
    if (!it) {
      if (ctx.behaviourAdds && ctx.behaviourScore > 0) addToInboundScore(tx, ctx.behaviourScore);
      if (ctx.body.length > 0) tx.appendRequestBody(ctx.body);
      if (requestBodyChannel.hasSubscribers) requestBodyChannel.publish({ ctx, body: ctx.body } satisfies InspectedBody);
      it = tx.processRequestBody();
    }
    ctx.wafScore = score(tx, 'blocking_inbound_anomaly_score');
    if (!it) {
      if (!ctx.bodyRest) return CONTINUE;
      this.counters.inc('partialBody');
      return { kind: 'continue', reason: `waf: ProcessPartial, body inspected up to ${ctx.body.length} bytes, the rest streamed uninspected` };
    }
    st.interruption = it;
    this.counters.inc('blockedRequest');
    return toReply(it, 'request');
  }

  onResponse(ctx: RequestContext): Decision {
    const st = this.state.get(ctx);
    if (!st) return CONTINUE;
    this.state.delete(ctx);
    const { tx } = st;
    let d: Decision = CONTINUE;
    const res = ctx.response;
    // Response rules see what the client would get: the origin's answer or a cache hit, not
    // the WAF's own block page.
    if (res && !st.interruption) {
      for (const [k, v] of Object.entries(res.headers)) for (const one of Array.isArray(v) ? v : [v]) tx.addResponseHeader(k, one);
      let it = tx.processResponseHeaders(res.status, 'HTTP/1.1');
      if (!it && tx.wantsResponseBody()) {
        tx.appendResponseBody(res.body);
        it = tx.processResponseBody();
      }
      if (it) {
        st.interruption = it;
        this.counters.inc('blockedResponse');
        d = toReply(it, 'response');
      }
    }
    tx.processLogging();
    this.audit({
      ctx,
      txId: tx.id,
      inboundScore: score(tx, 'blocking_inbound_anomaly_score'),
      outboundScore: score(tx, 'blocking_outbound_anomaly_score'),
      interruption: st.interruption,
      matches: tx.matches.filter((m) => m.logged),
    });
    return d;
  }

  stats(): Record<string, number> {
    return this.counters.snapshot();
  }
}
