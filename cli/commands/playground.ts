import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { projectRoot } from '../../proxy/paths.ts';
import { DEFAULT_REQUEST } from '../../workbench/playground/page.ts';
import { startPlayground } from '../../workbench/playground/server.ts';
import { EXAMPLE_RULES, ruleText } from '../../workbench/rules.ts';
import type { CliIo } from '../io.ts';
import { parsePl } from './compile.ts';

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`a port is 0-65535, got '${v}'`);
  return n;
}

/** The editor's first contents: --rules, else the project's own rules/, else a small example. */
export function initialRules(path: string | undefined): { text: string; virtualPath: string; source: string } {
  if (path !== undefined) return { ...ruleText(path), source: path };
  const own = join(projectRoot, 'rules');
  if (existsSync(join(own, '00-setup.conf'))) return { ...ruleText(own), source: 'rules/ (the default rules)' };
  return { text: EXAMPLE_RULES, virtualPath: join(process.cwd(), 'playground.conf'), source: 'example' };
}

/** `waf playground`: the explain page on 127.0.0.1 until Ctrl-C. */
export function registerPlayground(program: Command, io: CliIo): void {
  program
    .command('playground')
    .description('serve a local page to edit rules and a request and see the explain trace')
    .option('--rules <path>', 'rule file or directory to start with (default: the project rules)')
    .option('--port <port>', 'port on 127.0.0.1 (0: any free port)', parsePort, 8081)
    .option('--pl <level>', 'initial paranoia level 1-4', parsePl, 1)
    .action(async (o: { rules?: string; port: number; pl: number }) => {
      if (o.rules !== undefined && !existsSync(o.rules)) {
        io.err(`waf playground: no such file or directory: ${o.rules}`);
        io.setExitCode(2);
        return;
      }
      const init = initialRules(o.rules);
      const pg = await startPlayground({ port: o.port, virtualPath: init.virtualPath, initial: { rules: init.text, request: DEFAULT_REQUEST, pl: o.pl, source: init.source } });
      io.out(`playground on ${pg.url} (rules: ${init.source}); Ctrl-C stops it`);
      await new Promise<void>((resolve) => {
        const stop = () => void pg.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
