import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { formatDiagnostic } from '../../core/format.ts';
import { hasErrors } from '../../core/diagnostic.ts';
import { formatFtwDiagnostic, formatReport, loadFtwDir, loadFtwText, loadOverridesFile, runFtw, type FtwOverrides, type FtwReportFormat, type FtwTest } from '../../corpus/ftw/index.ts';
import { buildWafEngine, ftwRuleInputs } from '../../corpus/ftw/waf-engine.ts';
import type { CliIo } from '../io.ts';

const defaultOverrides = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'corpus', 'ftw', 'overrides', 'crs-v4.yaml');

interface FtwOptions {
  rules: string;
  overrides?: string[];
  defaultOverrides: boolean;
  include?: string;
  exclude?: string;
  format: FtwReportFormat;
  output?: string;
}

function loadTests(paths: string[], io: CliIo): FtwTest[] | null {
  const tests: FtwTest[] = [];
  let ok = true;
  for (const p of paths) {
    const r = statSync(p, { throwIfNoEntry: false })?.isDirectory() ? loadFtwDir(p) : existsSync(p) ? loadFtwText(p, readFileSync(p, 'utf8')) : null;
    if (!r) {
      io.err(`waf ftw: no such file or directory: ${p}`);
      ok = false;
      continue;
    }
    for (const d of r.diagnostics) io.err(formatFtwDiagnostic(d));
    const files = 'files' in r ? r.files : r.file ? [r.file] : [];
    for (const f of files) tests.push(...f.tests);
  }
  return ok ? tests : null;
}

/** `waf ftw`: go-ftw tests run in-process against the compiled rules, no network. */
export function registerFtw(program: Command, io: CliIo): void {
  program
    .command('ftw')
    .description('run go-ftw regression tests in-process against a rule set')
    .argument('[tests...]', 'test files or directories (default: <rules>/tests/regression/tests)')
    .requiredOption('--rules <dir>', 'rule directory (a CRS checkout or a folder of .conf files)')
    .option('--overrides <file...>', 'go-ftw overrides files (each entry needs a specific reason)')
    .option('--no-default-overrides', "do not apply the project's CRS overrides")
    .option('--include <regex>', 'run only tests whose id (RULE-N) matches')
    .option('--exclude <regex>', 'skip tests whose id matches')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'junit']).default('text'))
    .option('-o, --output <file>', 'write the report to a file as well')
    .action(async (paths: string[], opts: FtwOptions) => {
      const rules = resolve(opts.rules);
      const testPaths = paths.length > 0 ? paths : [join(rules, 'tests', 'regression', 'tests')];
      const tests = loadTests(testPaths, io);
      if (!tests) return io.setExitCode(2);
      const built = buildWafEngine(ftwRuleInputs(rules));
      if (hasErrors(built.diagnostics)) {
        for (const d of built.diagnostics) io.err(formatDiagnostic(d, built.set.sources, { color: io.color }));
        return io.setExitCode(2);
      }
      const overrideFiles = [...(opts.defaultOverrides && existsSync(join(rules, 'crs-setup.conf.example')) ? [defaultOverrides] : []), ...(opts.overrides ?? [])];
      const overrides: FtwOverrides[] = [];
      for (const f of overrideFiles) {
        const r = loadOverridesFile(f, { requireReason: true });
        for (const d of r.diagnostics) io.err(formatFtwDiagnostic(d));
        if (!r.overrides) return io.setExitCode(2);
        overrides.push(r.overrides);
      }
      const run = await runFtw(tests, built.engine, {
        overrides,
        ...(opts.include ? { include: new RegExp(opts.include) } : {}),
        ...(opts.exclude ? { exclude: new RegExp(opts.exclude) } : {}),
      });
      const report = formatReport(run, opts.format);
      io.out(report);
      if (opts.output) writeFileSync(opts.output, report);
      io.setExitCode(run.failed > 0 ? 1 : 0);
    });
}
