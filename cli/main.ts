import { Command, CommanderError } from 'commander';
import { registerCompile } from './commands/compile.ts';
import { registerCorpus } from './commands/corpus.ts';
import { registerExplain } from './commands/explain.ts';
import { registerFtw } from './commands/ftw.ts';
import { registerLint } from './commands/lint.ts';
import { registerPlayground } from './commands/playground.ts';
import { registerServe } from './commands/serve.ts';
import { processIo, type CliIo } from './io.ts';

/** Builds the `waf` command tree. Each command lives in cli/commands/, one file each. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('waf')
    .description('SecLang rule compiler, test harness and gated reverse proxy')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError();
  registerLint(program, io);
  registerServe(program, io);
  registerFtw(program, io);
  registerCompile(program, io);
  registerCorpus(program, io);
  registerExplain(program, io);
  registerPlayground(program, io);
  return program;
}

/**
 * Runs the CLI and returns the exit code: 0 clean, 1 findings, 2 usage error. Unexpected
 * exceptions are bugs: they are reported in one line (stack only with WAF_DEBUG=1), never
 * as a bare stack trace to the user.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  const wrapped: CliIo = { ...io, setExitCode: (c) => (code = c) };
  const program = buildProgram(wrapped);
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    io.err(`waf: internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.WAF_DEBUG && e instanceof Error && e.stack) io.err(e.stack);
    return 3;
  }
}
