import type { Command } from 'commander';
import { configFromObject, loadConfigFile, type ProxyConfig } from '../../proxy/config.ts';
import { ProxyConfigError } from '../../proxy/errors.ts';
import { ProxyServer } from '../../proxy/server.ts';
import type { CliIo } from '../io.ts';

interface ServeOptions {
  config?: string;
  listen?: string;
  origin?: string[];
  rules?: string[];
  paranoia?: string;
  engine?: string;
  admin?: string;
  trace?: boolean;
  check?: boolean;
}

function hostPort(v: string, what: string): { host: string; port: number } {
  const m = /^(?:\[?([^\]]*?)\]?:)?(\d+)$/.exec(v);
  if (!m) throw new ProxyConfigError([`--${what}: expected [host:]port, got ${JSON.stringify(v)}`]);
  return { host: m[1] || '127.0.0.1', port: Number(m[2]) };
}

/** The file (or the defaults) with the command-line flags laid over it. */
export function serveConfig(opts: ServeOptions): ProxyConfig {
  const base = opts.config ? loadConfigFile(opts.config) : configFromObject({});
  const raw = structuredClone(base) as ProxyConfig;
  if (opts.listen) raw.listen = hostPort(opts.listen, 'listen');
  if (opts.admin) raw.admin = { ...hostPort(opts.admin, 'admin'), enabled: true };
  if (opts.origin?.length) raw.origins = opts.origin.map((url, i) => ({ name: `origin${i + 1}`, url, backup: false }));
  if (opts.rules?.length) raw.gates.waf.rules = opts.rules;
  if (opts.paranoia) raw.gates.waf.paranoia = Number(opts.paranoia);
  if (opts.engine) raw.gates.waf.engine = opts.engine as ProxyConfig['gates']['waf']['engine'];
  if (opts.trace) raw.log.trace = true;
  // Validate the merged result too, so that a bad flag gets the same message as a bad key.
  return configFromObject(raw);
}

/** `waf serve`: the gated reverse proxy. SIGHUP reloads the config, SIGTERM/SIGINT drain and stop. */
export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('run the gated reverse proxy (defaults: 127.0.0.1:8080 in front of a built-in demo origin, WAF at PL1)')
    .option('-c, --config <file>', 'YAML configuration file')
    .option('--listen <[host:]port>', 'listen address (default 127.0.0.1:8080)')
    .option('--origin <url...>', 'origin URLs (default: the built-in demo origin)')
    .option('--rules <path...>', "rule files or directories (default: the project's rules/, else ../shared/coreruleset)")
    .option('--paranoia <level>', 'paranoia level 1-4 (default 1)')
    .option('--engine <mode>', 'On, DetectionOnly or Off (default On)')
    .option('--admin <[host:]port>', 'admin listener, loopback only (default 127.0.0.1:9901)')
    .option('--trace', "log every request's path through the gates")
    .option('--check', 'validate the configuration and rules, then exit')
    .action(async (opts: ServeOptions) => {
      let cfg: ProxyConfig;
      try {
        cfg = serveConfig(opts);
      } catch (e) {
        if (!(e instanceof ProxyConfigError)) throw e;
        io.err(`waf serve: ${e.message}`);
        return io.setExitCode(2);
      }
      let proxy: ProxyServer;
      try {
        proxy = await ProxyServer.start({ config: cfg, ...(opts.config ? { configPath: opts.config } : {}) });
      } catch (e) {
        if (!(e instanceof ProxyConfigError) && (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
        io.err(`waf serve: ${e instanceof Error ? e.message : String(e)}`);
        return io.setExitCode(2);
      }
      if (opts.check) {
        await proxy.shutdown(0);
        io.out('configuration ok');
        return io.setExitCode(0);
      }
      io.err(`waf serve: listening on ${proxy.url}${proxy.adminUrl ? `, admin on ${proxy.adminUrl}` : ''}`);
      const onHup = () => void proxy.reload();
      process.on('SIGHUP', onHup);
      const stop = () => void proxy.shutdown();
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      // Also settles when the admin API drained the proxy.
      await proxy.closed;
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      process.off('SIGHUP', onHup);
      io.setExitCode(0);
    });
}
