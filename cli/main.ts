import { Command, CommanderError } from 'commander';

/** Builds the `waf` command tree. Each command lives in cli/commands/, one file each. */
export function buildProgram(): Command {
  const program = new Command('waf')
    .description('SecLang rule compiler, test harness and gated reverse proxy')
    .exitOverride()
    .showHelpAfterError();
  return program;
}

/** Runs the CLI and returns the exit code: 0 clean, 1 findings, 2 usage error. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
}
