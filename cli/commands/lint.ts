import type { Command } from 'commander';
import { diagnosticToJson, formatDiagnostic } from '../../core/format.ts';
import { validateRuleSet } from '../../compiler/validate.ts';
import { loadRuleSet } from '../../grammar/includes.ts';
import { Option } from 'commander';
import type { CliIo } from '../io.ts';

export interface LintReport {
  readonly files: number;
  readonly rules: number;
  readonly errors: number;
  readonly warnings: number;
}

/** `waf lint <files or dirs…>`: parse plus semantic checks. Exit 0 clean, 1 findings. */
export function registerLint(program: Command, io: CliIo): void {
  program
    .command('lint')
    .description('parse rule files and check them for what ModSecurity would refuse or silently get wrong')
    .argument('<paths...>', 'rule files or directories (a directory means its *.conf files)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((paths: string[], opts: { format: 'text' | 'json' }) => {
      const set = loadRuleSet(paths);
      const diags = [...set.diagnostics, ...validateRuleSet(set)];
      const rules = set.directives.filter((d) => d.kind === 'SecRule' || d.kind === 'SecAction').length;
      const report: LintReport = {
        files: set.files.length,
        rules,
        errors: diags.filter((d) => d.severity === 'error').length,
        warnings: diags.filter((d) => d.severity === 'warning').length,
      };
      if (opts.format === 'json') {
        io.out(JSON.stringify({ ...report, diagnostics: diags.map((d) => diagnosticToJson(d, set.sources)) }, null, 2));
      } else {
        for (const d of diags) io.out(formatDiagnostic(d, set.sources, { color: io.color }) + '\n');
        const what = `${report.files} file${report.files === 1 ? '' : 's'}, ${report.rules} rule${report.rules === 1 ? '' : 's'}`;
        io.out(
          diags.length === 0
            ? `${what}: no problems found`
            : `${what}: ${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`,
        );
      }
      io.setExitCode(diags.length === 0 ? 0 : 1);
    });
}
