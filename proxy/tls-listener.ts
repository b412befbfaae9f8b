import { createServer as createHttpsServer, type Server as HttpsServer, type ServerOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { ProxyConfig } from './config.ts';
import { loadTlsMaterial, materialStamp, type TlsMaterial } from './gates/mtls-material.ts';
import { verifyPeer, type PeerVerdict } from './gates/mtls-verify.ts';

type TlsConfig = NonNullable<ProxyConfig['tls']>;

function secureOptions(m: TlsMaterial): ServerOptions {
  return { cert: m.cert, key: m.key, ...(m.ca.length ? { ca: m.ca } : {}) };
}

/**
 * The HTTPS side of the listener: asks every client for a certificate (without letting OpenSSL
 * hang up on a bad one, so that the refusal carries a reason in the log and a 403), judges the
 * certificate once per connection, and swaps certificates, bundles and CRLs in place with
 * setSecureContext when their files change, so hourly SVID rotation needs no restart. Existing
 * connections keep the context they were made with.
 */
export class TlsListener {
  private material: TlsMaterial;
  private stamp: string;
  private timer: NodeJS.Timeout | null = null;
  private readonly verdicts = new WeakMap<TLSSocket, PeerVerdict>();
  server: HttpsServer | null = null;

  private constructor(
    private cfg: TlsConfig,
    material: TlsMaterial,
    private readonly onReload: (ok: boolean, msg: string) => void,
  ) {
    this.material = material;
    this.stamp = materialStamp(cfg);
  }

  static async create(cfg: TlsConfig, onReload: (ok: boolean, msg: string) => void): Promise<TlsListener> {
    return new TlsListener(cfg, await loadTlsMaterial(cfg), onReload);
  }

  createServer(httpOptions: ServerOptions): HttpsServer {
    const server = createHttpsServer({ ...httpOptions, ...secureOptions(this.material), requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' });
    server.on('secureConnection', (s: TLSSocket) => this.verdicts.set(s, this.judge(s)));
    this.server = server;
    this.schedulePoll();
    return server;
  }

  verdict(socket: TLSSocket): PeerVerdict {
    let v = this.verdicts.get(socket);
    if (!v) {
      v = this.judge(socket);
      this.verdicts.set(socket, v);
    }
    return v;
  }

  /** A certificate odd enough to make the checks throw is refused, never a crash. */
  private judge(s: TLSSocket): PeerVerdict {
    try {
      return verifyPeer(s, this.material.trust);
    } catch (e) {
      return { ok: false, reason: `unverifiable certificate: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  /** Re-reads every file; on failure the old material stays in use and the error is returned. */
  async reload(cfg: TlsConfig = this.cfg): Promise<string | null> {
    // Stamp before reading: a file rewritten while we read makes the next poll load again,
    // instead of being recorded as already seen.
    const stamp = materialStamp(cfg);
    this.stamp = stamp;
    try {
      const m = await loadTlsMaterial(cfg);
      this.server?.setSecureContext(secureOptions(m));
      this.material = m;
      this.cfg = cfg;
      this.onReload(true, 'tls material reloaded');
      return null;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.onReload(false, `tls reload refused, old certificates stay: ${msg}`);
      return msg;
    }
  }

  private schedulePoll(): void {
    if (this.cfg.reloadIntervalMs <= 0) return;
    this.timer = setTimeout(() => {
      // A failed load keeps its stamp, so a half-written file is retried only once it changes again.
      const changed = materialStamp(this.cfg) !== this.stamp;
      (changed ? this.reload() : Promise.resolve(null)).finally(() => this.schedulePoll());
    }, this.cfg.reloadIntervalMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.cfg = { ...this.cfg, reloadIntervalMs: 0 };
  }
}
