/**
 * The terminal rendering of an explain report. Without `--rule` it shows every matched rule in
 * full, runs of skipped rules as one line each, and counts the rules that did not match (all of
 * them with `all`); with `--rule` the one rule in full, every value it saw included.
 */
import { createColors } from 'picocolors';
import type { ExplainReport, LinkTrace, RuleTrace, ValueTrace } from './model.ts';
import { skipText } from './summary.ts';

export interface TextOptions {
  readonly color?: boolean;
  /** List the rules that did not match too, each with its one-line reason. */
  readonly all?: boolean;
}

type Colors = ReturnType<typeof createColors>;

/** Values in a terminal: control bytes escaped, very long ones cut (JSON has them whole). */
const MAX_VALUE = 240;

function show(s: string): string {
  const esc = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"');
  return esc.length > MAX_VALUE ? `${esc.slice(0, MAX_VALUE - 1)}…` : esc;
}

export function renderText(r: ExplainReport, opts: TextOptions = {}): string {
  const c = createColors(opts.color ?? false);
  const out: string[] = [];
  out.push(c.bold(`${r.request.method} ${r.request.uri}`) + '  ' + verdict(r, c));
  const focused = r.focus !== undefined;
  let phase = -1;
  let quiet = 0;
  const flushQuiet = () => {
    if (quiet > 0) out.push(c.dim(`  … ${quiet} rule${quiet === 1 ? '' : 's'} evaluated without a match (--all lists them)`));
    quiet = 0;
  };
  for (let i = 0; i < r.rules.length; i++) {
    const rule = r.rules[i];
    if (rule.phase !== phase && !focused) {
      flushQuiet();
      phase = rule.phase;
      out.push(c.cyan(`phase ${phase}`));
    }
    if (rule.outcome === 'skipped' && !focused) {
      // A paranoia gate skips dozens of rules for one reason: say it once.
      let j = i;
      while (j + 1 < r.rules.length && r.rules[j + 1].outcome === 'skipped' && sameSkip(r.rules[j + 1], rule)) j++;
      flushQuiet();
      const ids = r.rules.slice(i, j + 1).map((x) => x.id);
      out.push(`  ${c.yellow('skipped')} ${ids.length === 1 ? ids[0] : `${ids.length} rules (${ids.join(' ')})`}: ${rule.skip ? skipText(rule.skip) : ''}`);
      i = j;
      continue;
    }
    if (rule.outcome === 'no-match' && !focused && !opts.all) {
      quiet++;
      continue;
    }
    flushQuiet();
    out.push(...ruleLines(rule, c, focused));
  }
  flushQuiet();
  out.push(...scoreLines(r, c));
  return out.join('\n');
}

function verdict(r: ExplainReport, c: Colors): string {
  const it = r.interruption;
  if (it) return c.red(c.bold(`→ ${it.status} by rule ${it.ruleId} (${it.action}, phase ${it.phase})`));
  return c.green('→ not interrupted');
}

function sameSkip(a: RuleTrace, b: RuleTrace): boolean {
  return a.phase === b.phase && a.skip?.reason === b.skip?.reason && a.skip?.byRuleId === b.skip?.byRuleId && a.skip?.marker === b.skip?.marker;
}

function outcomeLabel(rule: RuleTrace, c: Colors): string {
  switch (rule.outcome) {
    case 'matched':
      return c.red(c.bold('MATCHED'));
    case 'no-match':
      return c.dim('no match');
    case 'skipped':
      return c.yellow('skipped');
    case 'removed':
      return c.magenta('removed');
    default:
      return c.yellow(rule.outcome);
  }
}

function ruleLines(rule: RuleTrace, c: Colors, full: boolean): string[] {
  const where = rule.file ? c.dim(`  ${rule.file}:${rule.line}`) : '';
  // Rules without a msg are bookkeeping (CRS's 901 defaults, paranoia gates, score sums): the
  // verdict and their setvars say all there is, unless the user asked about that rule.
  if (!full && !rule.msg) {
    const sets = rule.setvars.map((s) => `${s.variable}=${s.after ?? '(unset)'}`).join(' ');
    const verdict = rule.outcome === 'matched' ? c.red(rule.summary) : rule.summary;
    return [`  ${c.bold(String(rule.id))} ${verdict}${sets ? c.blue(' setvar ') + sets : ''}${where}`];
  }
  const out = [`  ${c.bold(String(rule.id))} ${outcomeLabel(rule, c)}${rule.msg ? ' ' + rule.msg : ''}${where}`];
  out.push(`    ${rule.summary}`);
  if (rule.logdata) out.push(`    ${c.blue('logdata')} ${show(rule.logdata)}`);
  // Unconditional links (SecAction) have nothing to show but their setvars.
  const links = rule.links.filter((l) => l.operator !== 'SecAction' || l.values.length > 0);
  if (rule.outcome === 'matched' || full) for (const l of links) out.push(...linkLines(l, c, full || l.values.length <= 3));
  for (const s of rule.setvars) out.push(`    ${c.blue('setvar')} ${s.variable}: ${s.before ?? '(unset)'} → ${s.after ?? '(unset)'}`);
  for (const a of rule.actions) out.push(`    ${c.blue('action')} ${a}`);
  return out;
}

function linkLines(l: LinkTrace, c: Colors, everyValue: boolean): string[] {
  const head = l.depth === 0 ? 'rule' : `chain link ${l.depth + 1}`;
  const ts = l.transformations.length > 0 ? ` ${c.dim(l.transformations.map((t) => 't:' + t).join(','))}` : '';
  const op = l.operator.length > 100 ? `${l.operator.slice(0, 99)}…` : l.operator;
  const out = [`    ${c.cyan(head)} ${l.targets} ${op}${ts} → ${l.matched ? c.red('true') : 'false'}`];
  if (l.values.length === 0 && l.operator !== 'SecAction') out.push(c.dim('      (no values)'));
  const shown = everyValue ? l.values : l.values.filter((v) => v.matched);
  for (const v of shown) out.push(...valueLines(v, c));
  if (shown.length < l.values.length) out.push(c.dim(`      … ${l.values.length - shown.length} more values did not match`));
  return out;
}

function valueLines(v: ValueTrace, c: Colors): string[] {
  const out = [`      ${v.matched ? c.red('●') : c.dim('○')} ${c.bold(v.variable)}`];
  const width = Math.max(3, ...v.steps.map((s) => s.name.length));
  const markAt = v.matchedStep ?? v.steps.length - 1;
  out.push(`          ${'raw'.padEnd(width)}  ${markAt === -1 && v.span ? highlight(v.raw, v.span, c) : show(v.raw)}`);
  let prev = v.raw;
  v.steps.forEach((s, k) => {
    const last = k === v.steps.length - 1;
    const text = k === markAt && v.span ? highlight(s.value, v.span, c) : show(s.value);
    out.push(`          ${s.name.padEnd(width)}  ${s.value === prev && !last && k !== markAt ? c.dim('(unchanged)') : text}`);
    prev = s.value;
  });
  out.push(`          ${v.matched ? c.red(v.why) : c.dim(v.why)}`);
  return out;
}

/** The matched span in the operator's input, marked with colour or, without it, with [[…]]. */
function highlight(value: string, [s, e]: readonly [number, number], c: Colors): string {
  const mark = c.isColorSupported ? (t: string) => c.inverse(c.red(t)) : (t: string) => `[[${t}]]`;
  return show(value.slice(0, s)) + mark(show(value.slice(s, e))) + show(value.slice(e));
}

function scoreLines(r: ExplainReport, c: Colors): string[] {
  const out: string[] = [];
  if (r.scores.length > 0) {
    out.push(c.cyan('anomaly score'));
    for (const s of r.scores) out.push(`  ${String(s.ruleId).padEnd(7)} ${s.variable} ${s.before} → ${s.after}`);
  }
  const blocking = r.finalScores.blocking_inbound_anomaly_score;
  const threshold = r.finalScores.inbound_anomaly_score_threshold;
  if (blocking !== undefined) out.push(`inbound anomaly score ${blocking}${threshold !== undefined ? ` (threshold ${threshold})` : ''}`);
  out.push(`verdict ${verdict(r, c)}${r.matchedRuleIds.length > 0 ? `; matched ${[...new Set(r.matchedRuleIds)].join(' ')}` : ''}`);
  return out;
}
