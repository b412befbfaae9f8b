/**
 * A small in-process corpus harness for the project's rule set, until the corpus runner lands:
 * deterministic samples of the benign and attack corpora in ../shared, each payload sent as a
 * query argument value and as a urlencoded form body, and per-paranoia-level "flagged" rates
 * for any rule set that scores like CRS (tx.inbound_anomaly_score_pl1..4, threshold 5).
 *
 * Run directly for a report with the misses and false positives listed:
 *   node --import tsx rules/measure.ts [--crs] [--show fp|miss] [--pl 1|2]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileRules } from '../compiler/index.ts';
import { sharedPath } from '../core/testing.ts';
import { ENGINE_SETUP } from '../corpus/ftw/crs-config.ts';
import type { RuleInput } from '../grammar/includes.ts';
import type { Program } from '../runtime/index.ts';
import { Transaction } from '../runtime/index.ts';
import { seededRandom as rng } from '../core/random.ts';

export interface Sample {
  readonly source: string;
  readonly text: string;
}

/** The inbound threshold both rule sets block at by default. */
export const THRESHOLD = 5;


function shuffle<T>(xs: T[], seed: number): T[] {
  const r = rng(seed);
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** Every `step`-th element, at most `n` of them: a spread-out, deterministic pick. */
function spread<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  const step = xs.length / n;
  return Array.from({ length: n }, (_, i) => xs[Math.floor(i * step)]);
}

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');

const BLNS_ATTACK = /^(Script Injection|SQL Injection|Server Code Injection|Command Injection|File Inclusion|XXE|Known CVEs|Terminal escape)/i;

function blns(): { benign: Sample[]; attack: Sample[] } {
  const benign: Sample[] = [];
  const attack: Sample[] = [];
  for (const row of lines(sharedPath('corpora', 'blns', 'blns.by-category.tsv'))) {
    const tab = row.indexOf('\t');
    const cat = row.slice(0, tab);
    let text: string;
    try {
      text = JSON.parse(row.slice(tab + 1)) as string;
    } catch {
      continue;
    }
    if (text.trim() === '') continue;
    (BLNS_ATTACK.test(cat) ? attack : benign).push({ source: `blns/${cat}`, text });
  }
  return { benign, attack };
}

/** The benign sample: blns's non-attack strings, code snippets, user agents and UDHR prose. */
export function benignSample(max = 2000): Sample[] {
  const out: Sample[] = [...blns().benign];
  const hl = sharedPath('corpora', 'highlightjs-code-samples', 'detect');
  for (const f of readdirSync(hl).sort()) out.push({ source: `highlightjs/${f}`, text: readFileSync(join(hl, f), 'utf8') });
  const ua = JSON.parse(readFileSync(sharedPath('corpora', 'top-user-agents', 'index.json'), 'utf8')) as string[];
  for (const u of ua) out.push({ source: 'top-user-agents', text: u });
  const udhr = lines(sharedPath('corpora', 'udhr', 'udhr-paragraphs.tsv'))
    .slice(1)
    .map((r) => r.split('\t'))
    .filter((c) => c.length >= 6 && c[5].trim() !== '');
  for (const c of spread(udhr, Math.max(0, max - out.length))) out.push({ source: `udhr/${c[0]}`, text: c[5] });
  return spread(out, max);
}

/** The attack sample: every intruder list (at most 60 lines each, spread), plus blns's attack strings. */
export function attackSample(max = 2000): Sample[] {
  const root = sharedPath('corpora', 'payloadsallthethings-intruder');
  const out: Sample[] = [...blns().attack];
  for (const cls of readdirSync(root).sort()) {
    const dir = join(root, cls);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      const seen = new Set<string>();
      const uniq = lines(join(dir, f)).filter((l) => !seen.has(l) && (seen.add(l), true));
      for (const l of spread(uniq, 60)) out.push({ source: `${cls}/${f}`, text: l });
    }
  }
  return shuffle(out, 42).slice(0, max);
}

/** Rule inputs for the project's set at a paranoia level, behind the ftw engine setup. */
export function ownInputs(rulesDir: string, pl: number): RuleInput[] {
  const inputs: RuleInput[] = [{ path: '<engine setup>', text: ENGINE_SETUP }, { path: '<paranoia>', text: plAction(pl) }];
  for (const f of readdirSync(rulesDir).filter((n) => n.endsWith('.conf')).sort()) inputs.push(join(rulesDir, f));
  return inputs;
}

/** Rule inputs for CRS v4 (crs-setup.conf.example, a paranoia SecAction, rules/). */
export function crsInputs(crsDir: string, pl: number): RuleInput[] {
  return [{ path: '<engine setup>', text: ENGINE_SETUP }, join(crsDir, 'crs-setup.conf.example'), { path: '<paranoia>', text: plAction(pl) }, join(crsDir, 'rules')];
}

function plAction(pl: number): string {
  return `SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=${pl},setvar:tx.detection_paranoia_level=${pl}"\n`;
}

export function compileOrThrow(inputs: RuleInput[]): Program {
  const { program, diagnostics } = compileRules(inputs);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('\n'));
  return program;
}

const HEADERS: [string, string][] = [
  ['Host', 'localhost'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'],
  ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['Accept-Language', 'en-US,en;q=0.5'],
  ['Content-Type', 'application/x-www-form-urlencoded'],
];

/** Percent-encodes the payload's UTF-8 bytes (lone surrogates become U+FFFD). */
function encode(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  for (const b of bytes) out += /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

export interface Outcome {
  /** Inbound anomaly score per paranoia level bucket (index 0 = PL1). */
  readonly perLevel: number[];
  readonly ruleIds: number[];
}

/** One POST /search?q=<payload> with body q=<payload>; the per-level inbound scores. */
export function runPayload(program: Program, text: string): Outcome {
  const enc = encode(text);
  const tx = new Transaction(program);
  tx.processConnection('192.0.2.10', 40000, '192.0.2.1', 80);
  tx.processUri(`/search?q=${enc}`, 'POST', '1.1');
  const body = `q=${enc}`;
  for (const [k, v] of HEADERS) tx.addRequestHeader(k, v);
  tx.addRequestHeader('Content-Length', String(body.length));
  tx.processRequestHeaders();
  tx.appendRequestBody(body);
  tx.processRequestBody();
  const t = tx.col('TX');
  const perLevel = [1, 2, 3, 4].map((l) => Number(t.first(`inbound_anomaly_score_pl${l}`) ?? 0) || 0);
  return { perLevel, ruleIds: [...new Set(tx.matches.filter((m) => m.logged).map((m) => m.ruleId))] };
}

/** Flagged at blocking paranoia level `pl`: the sum of the buckets up to it reaches the threshold. */
export const flaggedAt = (o: Outcome, pl: number) => o.perLevel.slice(0, pl).reduce((a, b) => a + b, 0) >= THRESHOLD;

export interface Rates {
  readonly fp: number[];
  readonly detection: number[];
}

/**
 * FP and detection rates at PL1 and PL2 from one run at detection paranoia level 2: CRS (and
 * this set) keeps a score per level, so the PL1 verdict is the PL1 bucket alone, exactly what a
 * run at blocking PL1 would compute.
 */
export function rates(program: Program, benign: readonly Sample[], attack: readonly Sample[], levels = [1, 2]): Rates & { benignOut: Outcome[]; attackOut: Outcome[] } {
  const benignOut = benign.map((s) => runPayload(program, s.text));
  const attackOut = attack.map((s) => runPayload(program, s.text));
  const pct = (outs: Outcome[], pl: number) => (100 * outs.filter((o) => flaggedAt(o, pl)).length) / Math.max(1, outs.length);
  return { fp: levels.map((l) => pct(benignOut, l)), detection: levels.map((l) => pct(attackOut, l)), benignOut, attackOut };
}

export function table(rows: { name: string; r: Rates }[], nb: number, na: number): string {
  const out = [`benign n=${nb}, attack n=${na}; flagged = inbound score >= ${THRESHOLD}`, '| rule set | PL | false positives | detection |', '|---|---:|---:|---:|'];
  for (const { name, r } of rows) for (let i = 0; i < r.fp.length; i++) out.push(`| ${name} | ${i + 1} | ${r.fp[i].toFixed(2)}% | ${r.detection[i].toFixed(2)}% |`);
  return out.join('\n');
}

// Direct run: print the table and, on request, what was missed or falsely flagged.
if (process.argv[1] && process.argv[1].endsWith('measure.ts')) {
  const args = process.argv.slice(2);
  const show = args.includes('--show') ? args[args.indexOf('--show') + 1] : '';
  const pl = args.includes('--pl') ? Number(args[args.indexOf('--pl') + 1]) : 1;
  const nb = Number(process.env.NB ?? 2000);
  const na = Number(process.env.NA ?? 2000);
  const benign = benignSample(nb);
  const attack = attackSample(na);
  const t0 = Date.now();
  const rows: { name: string; r: Rates }[] = [];
  const own = rates(compileOrThrow(ownInputs(new URL('.', import.meta.url).pathname, 2)), benign, attack);
  rows.push({ name: 'rules/', r: own });
  if (args.includes('--crs')) rows.push({ name: 'CRS v4', r: rates(compileOrThrow(crsInputs(sharedPath('coreruleset'), 2)), benign, attack) });
  console.log(table(rows, benign.length, attack.length));
  console.log(`${Date.now() - t0} ms`);
  const shown = args.includes('--crs') && args.includes('--of-crs') ? (rows[1].r as typeof own) : own;
  if (show === 'fp') shown.benignOut.forEach((o, i) => flaggedAt(o, pl) && console.log('FP', o.ruleIds.join(','), benign[i].source, JSON.stringify(benign[i].text.slice(0, 160))));
  if (show === 'miss') shown.attackOut.forEach((o, i) => !flaggedAt(o, pl) && console.log('MISS', o.perLevel.join('/'), attack[i].source, JSON.stringify(attack[i].text.slice(0, 160))));
}
