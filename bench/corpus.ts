/**
 * bench/corpus: CRS v4 over every benign and attack corpus in ../shared at PL1-PL4, and the
 * throughput figure (payloads/s at PL2 with 2 jobs). Writes the markdown, JSON and HTML reports.
 *
 *   npm run bench:corpus [-- --out <dir>] [--jobs N] [--throughput-only] [--udhr-sample N]
 *
 * The full run uses single-pass mode (one compile at PL4; lower levels from CRS's per-level
 * scores, checked equal to one compile per level by corpus/fp/run.test.ts), three templates
 * instead of six, and the query template alone for the UDHR paragraphs: with all six templates,
 * per level, it would take hours on two cores. The options below change that.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateGate, formatCorpusReport, runCorpus, type CorpusRunOptions } from '../corpus/fp/index.ts';
import { levelTable } from '../corpus/fp/format-md.ts';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: join(tmpdir(), 'waf-corpus-bench') },
    jobs: { type: 'string', default: '2' },
    'throughput-only': { type: 'boolean', default: false },
    'udhr-sample': { type: 'string', default: '0' },
    templates: { type: 'string', default: 'query,json,cookie' },
  },
});

const shared = resolve(import.meta.dirname, '..', '..', 'shared');
const s = (...p: string[]): string => join(shared, ...p);
const BLNS_ATTACKS = 'Script Injection|SQL Injection|Server Code Injection|Command Injection (Ruby)|File Inclusion|XXE Injection (XML)|Known CVEs and Vulnerabilities|Terminal escape codes';

const benign = [
  // 47,543 paragraphs of legal prose: every one, but in the query template only.
  `${s('corpora', 'udhr', 'udhr-paragraphs.tsv')}#class=udhr,templates=query${Number(args['udhr-sample']) > 0 ? `,sample=${args['udhr-sample']}` : ''}`,
  `${s('corpora', 'blns', 'blns.by-category.tsv')}#class=blns,class-column=category,except=${BLNS_ATTACKS}`,
  `${s('corpora', 'highlightjs-code-samples', 'detect')}#format=files,class=highlightjs`,
  `${s('corpora', 'top-user-agents', 'index.json')}#class=user-agents,templates=header:User-Agent`,
  `${s('libinjection', 'data', 'false_positives.txt')}#class=libinjection-fp,comments=#,decode=url`,
];
const attack = [
  s('corpora', 'payloadsallthethings-intruder'),
  // libinjection's SQLi lists are URL-encoded query input (its data/README); the XSS lists are raw.
  `${s('libinjection', 'data')}#match=^sqli-,class=libinjection-sqli,comments=#,decode=url`,
  `${s('libinjection', 'data')}#match=^xss-,class=libinjection-xss,comments=#`,
  `${s('corpora', 'blns', 'blns.by-category.tsv')}#class-column=category,only=${BLNS_ATTACKS}`,
];

const jobs = Number(args.jobs);
const templates = args.templates!.split(',');
const rules = [s('coreruleset')];
mkdirSync(args.out!, { recursive: true });

async function run(opts: CorpusRunOptions) {
  const r = await runCorpus(opts);
  if (!r.ok) throw new Error(r.error);
  return r;
}

// Throughput: PL2, one compile, the default six templates, on a fixed mixed sample. Worker
// threads share the process, so process CPU time counts them all: CPU per request is the figure
// that holds when the machine is shared, wall-clock rates are not.
const cpu0 = process.cpuUsage();
const tp = await run({
  rules, levels: [2], jobs, mode: 'per-level',
  benign: [`${s('corpora', 'udhr', 'udhr-paragraphs.tsv')}#sample=300`, `${s('libinjection', 'data', 'false_positives.txt')}#comments=#,decode=url`],
  attack: [`${s('corpora', 'payloadsallthethings-intruder')}#sample=600`],
});
const tpPayloads = tp.report.sources.reduce((n, x) => n + x.payloads, 0);
const tpCases = tp.report.sources.reduce((n, x) => n + x.cases, 0);
const cpu = process.cpuUsage(cpu0);
const cpuMsPerCase = (cpu.user + cpu.system) / 1000 / tpCases;
console.log(`throughput at PL2, ${jobs} jobs, 6 templates: ${tp.report.payloadsPerSecond} payloads/s, ${tp.report.casesPerSecond} requests/s (${tpPayloads} payloads in ${(tp.report.durationMs / 1000).toFixed(1)} s, of which ${(tp.report.startupMs / 1000).toFixed(1)} s worker start and compile); ${cpuMsPerCase.toFixed(2)} ms CPU per request including compilation, i.e. ~${Math.round((jobs * 1000) / cpuMsPerCase / 6)} payloads/s on ${jobs} idle cores`);
if (args['throughput-only']) process.exit(0);

const started = performance.now();
const full = await run({
  rules, levels: [1, 2, 3, 4], jobs, mode: 'single', templates, benign, attack,
  onProgress: process.stderr.isTTY ? (d, t) => { if (d % 5000 < 100 || d === t) process.stderr.write(`\r${d}/${t}`); } : undefined,
});
const gate = evaluateGate(full.report, {});
writeFileSync(join(args.out!, 'crs-v4.md'), formatCorpusReport('markdown', full.report, gate) + '\n');
writeFileSync(join(args.out!, 'crs-v4.json'), formatCorpusReport('json', full.report, gate) + '\n');
writeFileSync(join(args.out!, 'crs-v4.html'), formatCorpusReport('html', full.report, gate));
console.log(`\nfull run: ${full.report.sources.reduce((n, x) => n + x.payloads, 0)} payloads, ${full.report.sources.reduce((n, x) => n + x.cases, 0)} requests, templates ${templates.join(',')}, single pass, ${jobs} jobs: ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(levelTable(full.report).join('\n'));
console.log(`reports in ${args.out}`);
