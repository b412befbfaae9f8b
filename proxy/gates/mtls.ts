import { CONTINUE, Counters, reply, type Decision, type Gate } from '../chain.ts';
import type { ProxyConfig } from '../config.ts';
import type { RequestContext } from '../context.ts';

type MtlsConfig = ProxyConfig['gates']['mtls'];

/** `spiffe://td/ns/*` allows everything under that path; otherwise IDs compare exactly. */
function allowed(id: string, allow: readonly string[]): boolean {
  return allow.some((a) => (a.endsWith('/*') ? id.startsWith(a.slice(0, -1)) : a === id));
}

/**
 * The per-route SPIFFE allow-list, on top of the per-connection SVID verdict (mtls-verify.ts).
 * On a plain-HTTP listener there is no verdict and the gate lets everything through.
 */
export class MtlsGate implements Gate {
  readonly name = 'mtls';
  readonly counters = new Counters();
  private readonly routes: MtlsConfig['routes'];

  constructor(
    cfg: MtlsConfig,
    private readonly requireClientCert: boolean,
  ) {
    this.routes = [...cfg.routes].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  onRequest(ctx: RequestContext): Decision {
    const peer = ctx.peer;
    if (!peer) return CONTINUE;
    const route = this.routes.find((r) => ctx.url.startsWith(r.prefix));
    ctx.route = route?.prefix ?? '';
    if (!peer.ok) {
      if (this.requireClientCert || route?.allow) {
        this.counters.inc('refused');
        return reply(403, `mtls: ${peer.reason}`);
      }
      return CONTINUE;
    }
    if (route?.allow && !allowed(peer.spiffeId ?? '', route.allow)) {
      this.counters.inc('notAllowed');
      return reply(403, `mtls: ${peer.spiffeId} not allowed on route ${route.prefix}`);
    }
    this.counters.inc('accepted');
    return { kind: 'continue', reason: `mtls: ${peer.spiffeId}` };
  }

  stats(): Record<string, number> {
    return this.counters.snapshot();
  }
}
