import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { ProxyConfig } from './config.ts';

type HealthConfig = ProxyConfig['health'];

interface Probed {
  readonly name: string;
  readonly url: URL;
}

/**
 * Active health checks for one origin: GET <path> (2xx healthy) or a TCP connect, every
 * interval ± jitter so that many proxies do not probe in lockstep. A state changes only after
 * `healthyThreshold` / `unhealthyThreshold` results in a row, as in Envoy, so one slow probe does
 * not flap an origin. Probes use their own short-lived connections, not the request pool, so a
 * saturated pool cannot make a live origin look dead.
 */
export class HealthChecker {
  private timer: NodeJS.Timeout | null = null;
  private okStreak = 0;
  private failStreak = 0;
  private healthy = true;
  private stopped = false;

  constructor(
    private readonly origin: Probed,
    private readonly cfg: HealthConfig,
    private readonly onChange: (healthy: boolean, why: string) => void,
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Passive ejection happened: the probe must now see `healthyThreshold` successes to restore it. */
  markUnhealthy(): void {
    this.healthy = false;
    this.okStreak = 0;
  }

  private schedule(): void {
    if (this.stopped) return;
    const j = this.cfg.intervalMs * this.cfg.jitter;
    this.timer = setTimeout(() => void this.tick(), this.cfg.intervalMs - j + Math.random() * 2 * j);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const why = await this.probe();
    if (this.stopped) return;
    if (why === null) {
      this.failStreak = 0;
      if (++this.okStreak >= this.cfg.healthyThreshold && !this.healthy) {
        this.healthy = true;
        this.onChange(true, `${this.okStreak} probes passed`);
      }
    } else {
      this.okStreak = 0;
      if (++this.failStreak >= this.cfg.unhealthyThreshold && this.healthy) {
        this.healthy = false;
        this.onChange(false, why);
      }
    }
    this.schedule();
  }

  /** null when healthy, else why not. */
  probe(): Promise<string | null> {
    const { url } = this.origin;
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(`probe timed out after ${this.cfg.timeoutMs} ms`), this.cfg.timeoutMs);
      let settled = false;
      const done = (r: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      if (this.cfg.type === 'tcp') {
        const s = connect({ host: url.hostname, port }, () => {
          s.destroy();
          done(null);
        });
        s.on('error', (e) => done(`tcp connect: ${e.message}`));
        s.setTimeout(this.cfg.timeoutMs, () => s.destroy());
        return;
      }
      const req = (url.protocol === 'https:' ? httpsRequest : request)(
        { host: url.hostname, port, path: this.cfg.path, method: 'GET', agent: false, timeout: this.cfg.timeoutMs, headers: { 'user-agent': 'waf-health-check' } },
        (res) => {
          res.resume();
          const code = res.statusCode ?? 0;
          done(code >= 200 && code < 300 ? null : `GET ${this.cfg.path} answered ${code}`);
        },
      );
      req.on('error', (e) => done(`GET ${this.cfg.path}: ${e.message}`));
      req.on('timeout', () => req.destroy());
      req.end();
    });
  }
}
