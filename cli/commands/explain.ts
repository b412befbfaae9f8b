import { readFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatDiagnostic } from '../../core/format.ts';
import { explainRequest } from '../../workbench/explain.ts';
import { renderText } from '../../workbench/render-text.ts';
import { requestFromFtw, requestFromRaw, requestFromUrl, type RequestResult } from '../../workbench/request.ts';
import { compileForExplain } from '../../workbench/rules.ts';
import type { CliIo } from '../io.ts';
import { parsePl, ruleInputs } from './compile.ts';

interface ExplainOpts {
  rules: string[];
  pl?: number;
  request?: string;
  url?: string;
  method?: string;
  header: string[];
  data?: string;
  ftw?: string;
  test?: string;
  rule?: number;
  format: 'text' | 'json';
  all?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

function parseRuleId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`a rule id is a number, got '${v}'`);
  return n;
}

/** Exactly one request source; its errors are usage errors (exit 2), in one line. */
function buildRequest(o: ExplainOpts): RequestResult {
  const sources = [o.request, o.url, o.ftw].filter((s) => s !== undefined).length;
  if (sources !== 1) return { ok: false, error: 'give exactly one of --request, --url or --ftw' };
  if ((o.method || o.header.length > 0 || o.data !== undefined) && o.url === undefined) return { ok: false, error: '--method, --header and --data go with --url' };
  if (o.ftw !== undefined && o.test === undefined) return { ok: false, error: '--ftw needs --test <id> (e.g. 942100-1)' };
  try {
    if (o.request !== undefined) return requestFromRaw(readFileSync(o.request, 'latin1'));
    if (o.ftw !== undefined) return requestFromFtw(o.ftw, readFileSync(o.ftw, 'utf8'), o.test!);
  } catch (e) {
    return { ok: false, error: `cannot read ${o.request ?? o.ftw}: ${e instanceof Error ? e.message : String(e)}` };
  }
  return requestFromUrl(o.url!, { ...(o.method ? { method: o.method } : {}), headers: o.header, ...(o.data === undefined ? {} : { data: o.data }) });
}

/**
 * `waf explain`: one request through the rules with every step shown. Exit 0 when explained,
 * 1 when the rule set has errors (explained anyway, findings on stderr), 2 for usage errors.
 */
export function registerExplain(program: Command, io: CliIo): void {
  program
    .command('explain')
    .description('run one request through the rules and show why each rule fired or did not')
    .requiredOption('--rules <path>', 'rule file or directory (a CRS checkout: setup then rules/); repeatable', collect, [])
    .option('--pl <level>', 'paranoia level 1-4', parsePl)
    .option('--request <file>', 'a raw HTTP request')
    .option('--url <url>', 'build the request as curl would')
    .option('--method <method>', 'with --url: the method (GET, or POST with --data)')
    .option('--header <header>', "with --url: 'Name: value'; repeatable", collect, [])
    .option('--data <body>', 'with --url: the request body')
    .option('--ftw <file>', 'a go-ftw test file (first stage of --test)')
    .option('--test <id>', 'with --ftw: the test id, e.g. 942100-1')
    .option('--rule <id>', 'only this rule, and why it did not fire if it did not', parseRuleId)
    .option('--all', 'text: list the rules that did not match too')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((o: ExplainOpts) => {
      const req = buildRequest(o);
      if (!req.ok) {
        io.err(`waf explain: ${req.error}`);
        io.setExitCode(2);
        return;
      }
      const rules = compileForExplain(ruleInputs(o.rules, o.pl));
      const errors = rules.lint.filter((d) => d.severity === 'error');
      for (const d of errors) io.err(formatDiagnostic(d, rules.set.sources, { color: io.color }));
      const report = explainRequest(rules.program, req.request, o.rule === undefined ? {} : { rule: o.rule });
      io.out(o.format === 'json' ? JSON.stringify(report, null, 2) : renderText(report, { color: io.color, all: o.all ?? false }));
      io.setExitCode(errors.length > 0 ? 1 : 0);
    });
}
