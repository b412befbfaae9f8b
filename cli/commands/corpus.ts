import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { CORPUS_FORMATS, evaluateGate, formatCorpusDiagnostic, formatCorpusReport, parseRate, progressBar, runCorpus, type CorpusFormat } from '../../corpus/fp/index.ts';
import { markdownReport } from '../../corpus/fp/format-md.ts';
import type { CliIo } from '../io.ts';

interface CorpusOptions {
  rules: string[];
  pl: string;
  benign?: string[];
  attack?: string[];
  templates?: string;
  format: CorpusFormat;
  output?: string;
  maxFpRate?: string;
  minDetection?: string;
  baseline?: string;
  jobs?: string;
  singlePass?: boolean;
  progress: boolean;
}

/** `1-4`, `2`, `1,3`: the paranoia levels to run, or undefined when malformed. */
export function parseLevels(s: string): number[] | undefined {
  const out = new Set<number>();
  for (const part of s.split(',')) {
    const m = /^([1-4])(?:-([1-4]))?$/.exec(part.trim());
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (b < a) return undefined;
    for (let l = a; l <= b; l++) out.add(l);
  }
  return [...out].sort();
}

/**
 * `waf corpus`: benign and attack corpora through the rules at each paranoia level. Exit 0 when
 * the thresholds hold, 1 when one fails, 2 on a usage error (bad option, rules that do not
 * compile). Malformed corpus files are reported and the run goes on without them.
 */
export function registerCorpus(program: Command, io: CliIo): void {
  program
    .command('corpus')
    .description('measure false positives and detection of a rule set on benign and attack corpora, per paranoia level')
    .requiredOption('--rules <paths...>', 'rule files or folders (a CRS checkout is recognised)')
    .option('--pl <levels>', 'paranoia levels, cumulative as in CRS: 1-4, 2, 1,3', '1-4')
    .option('--benign <sources...>', 'benign sources: files or folders, optionally path#format=…,column=…,class=…,decode=url|json,sample=N,templates=a+b')
    .option('--attack <sources...>', 'attack sources (same syntax; the class is the folder or file name)')
    .option('--templates <list>', 'where payloads go: query,form,json,cookie,header,path (name:param sets the argument/header)')
    .addOption(new Option('--format <format>', 'report format').choices([...CORPUS_FORMATS]).default('text'))
    .option('-o, --output <file>', 'write the report to this file instead of stdout')
    .option('--max-fp-rate <rate>', 'fail when a level blocks more benign cases than this (0.01 or 1%)')
    .option('--min-detection <rate>', 'fail when a level detects fewer attack cases than this')
    .option('--baseline <report.json>', 'compare with an earlier --format json report: new false positives, lost detections')
    .option('--jobs <n>', 'worker threads', String(Math.max(1, availableParallelism())))
    .option('--single-pass', 'run once at the highest level and derive lower levels from CRS per-level scores')
    .option('--no-progress', 'no progress bar even on a terminal')
    .action(async (opts: CorpusOptions) => {
      const levels = parseLevels(opts.pl);
      if (!levels) return usage(io, `--pl: expected levels 1 to 4 such as 1-4, 2 or 1,3, got '${opts.pl}'`);
      const jobs = Number(opts.jobs);
      if (!Number.isInteger(jobs) || jobs < 1) return usage(io, `--jobs: expected a positive integer, got '${opts.jobs}'`);
      const maxFp = opts.maxFpRate === undefined ? undefined : parseRate(opts.maxFpRate);
      if (opts.maxFpRate !== undefined && maxFp === undefined) return usage(io, `--max-fp-rate: expected a rate such as 0.01 or 1%`);
      const minDet = opts.minDetection === undefined ? undefined : parseRate(opts.minDetection);
      if (opts.minDetection !== undefined && minDet === undefined) return usage(io, `--min-detection: expected a rate such as 0.9 or 90%`);
      if (!opts.benign?.length && !opts.attack?.length) return usage(io, 'give at least one --benign or --attack source');
      let baseline: unknown;
      if (opts.baseline) {
        try {
          baseline = JSON.parse(readFileSync(opts.baseline, 'utf8'));
        } catch (e) {
          return usage(io, `--baseline ${opts.baseline}: ${(e as Error).message}`);
        }
      }
      const onProgress = opts.progress ? progressBar(process.stderr) : undefined;
      const run = await runCorpus({
        rules: opts.rules,
        levels,
        benign: opts.benign ?? [],
        attack: opts.attack ?? [],
        jobs,
        mode: opts.singlePass ? 'single' : 'per-level',
        ...(opts.templates ? { templates: opts.templates.split(',').map((t) => t.trim()).filter(Boolean) } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      if (!run.ok) {
        for (const d of run.diagnostics) io.err(formatCorpusDiagnostic(d));
        return usage(io, run.error);
      }
      if (opts.format !== 'text') for (const d of run.report.diagnostics) io.err(formatCorpusDiagnostic(d));
      // A CI gate must not pass on nothing: sources that yield no payload at all are a usage error.
      if (run.report.sources.every((s) => s.payloads === 0)) {
        if (opts.format === 'text') for (const d of run.report.diagnostics) io.err(formatCorpusDiagnostic(d));
        return usage(io, 'no payloads were read from the given sources');
      }
      const gate = evaluateGate(run.report, {
        ...(maxFp !== undefined ? { maxFpRate: maxFp } : {}),
        ...(minDet !== undefined ? { minDetection: minDet } : {}),
        ...(baseline !== undefined ? { baseline } : {}),
        examples: run.examples,
      });
      const text = formatCorpusReport(opts.format, run.report, gate);
      if (opts.output) writeFileSync(opts.output, text + '\n');
      else io.out(text);
      // In GitHub Actions the job summary gets the markdown report beside the annotations.
      if (opts.format === 'github' && process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdownReport(run.report, gate) + '\n');
      io.setExitCode(gate.failures.length > 0 ? 1 : 0);
    });
}

function usage(io: CliIo, message: string): void {
  io.err(`waf corpus: ${message}`);
  io.setExitCode(2);
}
