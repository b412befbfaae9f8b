/**
 * `waf explain`'s engine side: runs one request through a Transaction with a tracer and turns
 * the events into the explain model (model.ts). The program should be compiled naively
 * (`compileRules(inputs, { naive: true })`): in a folded program rules above the paranoia level
 * are gone, while in the general one their gates run, so a skipped rule can say why.
 */
import type { MatchRecord } from '../runtime/interruption.ts';
import { templateText } from '../runtime/macro.ts';
import type { CompiledRule, Program, RuleLink, Target } from '../runtime/program.ts';
import type { TracedValue, Tracer } from '../runtime/trace.ts';
import { Transaction } from '../runtime/transaction.ts';
import type { ExplainReport, ExplainRequest, LinkTrace, RuleTrace, ScoreStep, SetvarTrace, SkipTrace, ValueTrace } from './model.ts';
import { explainMissing, short, summarize } from './summary.ts';

export interface ExplainOptions {
  /** Only this rule in `rules` (the others still run: scores and skips depend on them). */
  readonly rule?: number;
  /** The response the backend gives, for phases 3 and 4; an empty 200 text/html by default. */
  readonly response?: { readonly status: number; readonly headers: readonly (readonly [string, string])[]; readonly body: string };
}

const DEFAULT_RESPONSE = { status: 200, headers: [['Content-Type', 'text/html; charset=utf-8']] as const, body: '' };

/** CRS's and our rules' anomaly score variables: the numbers the verdict depends on. */
const SCORE_KEY = /anomaly_score/i;
/** The per-severity weights (`critical_anomaly_score`, …) and thresholds are settings, not scores. */
const SETTING_KEY = /^(critical|error|warning|notice)_anomaly_score$|_threshold$/i;

interface Building {
  rule: CompiledRule;
  phase: number;
  links: LinkTrace[];
  setvars: SetvarTrace[];
  matched?: boolean;
  skip?: SkipTrace;
}

export function explainRequest(program: Program, req: ExplainRequest, opts: ExplainOptions = {}): ExplainReport {
  const tx = new Transaction(program);
  const events: Building[] = [];
  const scores: ScoreStep[] = [];
  let current: Building | undefined;
  const tracer: Tracer = {
    ruleStart(rule, phase) {
      current = { rule, phase, links: [], setvars: [] };
      events.push(current);
    },
    link(_rule, link, depth, values, matched) {
      current?.links.push(linkTrace(link, depth, values, matched));
    },
    setvar(rule, collection, key, before, after) {
      current?.setvars.push({ variable: `${collection}.${key}`, before, after });
      if (collection === 'TX' && SCORE_KEY.test(key) && !SETTING_KEY.test(key) && num(before) !== num(after)) scores.push({ ruleId: rule.id, variable: `TX.${key}`, before: num(before), after: num(after) });
    },
    ruleEnd(_rule, matched) {
      if (current) current.matched = matched;
      current = undefined;
    },
    skipped(rule, reason, by, marker) {
      const level = Number(tx.col('TX').first('detection_paranoia_level') ?? '1') || 1;
      events.push({ rule, phase: rule.phase, links: [], setvars: [], skip: skipTrace(program, reason, by, marker, level) });
    },
  };
  tx.tracer = tracer;
  run(tx, req, opts.response ?? DEFAULT_RESPONSE);
  // The engine's own record of each match has msg and logdata expanded, as the audit log shows them.
  const records = new Map(tx.matches.map((m) => [m.ruleId, m]));
  const all = events.map((b) => finish(b, records.get(b.rule.id)));
  const rules = opts.rule === undefined ? all : focusOn(program, all, opts.rule, tx.interruption);
  const finalScores: Record<string, string> = {};
  for (const e of tx.col('TX').all()) if (SCORE_KEY.test(e.key) && !/^(critical|error|warning|notice)_/i.test(e.key)) finalScores[e.key] = e.value;
  return {
    request: { method: req.method, uri: req.uri },
    rules,
    ...(opts.rule === undefined ? {} : { focus: opts.rule }),
    scores,
    interruption: tx.interruption,
    matchedRuleIds: tx.matches.filter((m) => m.logged).map((m) => m.ruleId),
    finalScores,
  };
}

/** The whole transaction, as a server in front of the engine would drive it. */
function run(tx: Transaction, req: ExplainRequest, resp: NonNullable<ExplainOptions['response']>): void {
  tx.processConnection('127.0.0.1', 40000, '127.0.0.1', 80);
  tx.processUri(req.uri, req.method, req.version || '1.1');
  for (const [k, v] of req.headers) tx.addRequestHeader(k, v);
  let it = tx.processRequestHeaders();
  if (req.body) tx.appendRequestBody(req.body);
  it = it ?? tx.processRequestBody();
  if (!it) {
    for (const [k, v] of resp.headers) tx.addResponseHeader(k, v);
    it = tx.processResponseHeaders(resp.status, 'HTTP/1.1');
    if (!it) {
      tx.appendResponseBody(resp.body);
      tx.processResponseBody();
    }
  }
  tx.processLogging();
}

function num(v: string | undefined): number {
  const n = Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/**
 * A skipAfter taken by a paranoia gate (`SecRule TX:DETECTION_PARANOIA_LEVEL "@lt N" …`, CRS's
 * shape, which ours copies) is reported as the level check it is, not as a bare jump.
 */
function skipTrace(program: Program, reason: 'ctl' | 'skip' | 'skipAfter', by: number | undefined, marker: string | undefined, level: number): SkipTrace {
  const gate = by === undefined ? undefined : program.byId.get(by);
  const t = gate?.targets[0];
  const isGate = reason === 'skipAfter' && gate && gate.operator.name === 'lt' && !gate.operator.negated &&
    t?.name === 'TX' && t.key?.value.toLowerCase() === 'detection_paranoia_level';
  const base = { ...(by === undefined ? {} : { byRuleId: by }), ...(marker === undefined ? {} : { marker }) };
  if (isGate) return { reason: 'paranoia', ...base, paranoia: { level, required: Number(gate.operator.paramText) } };
  return { reason, ...base };
}

export function targetText(link: RuleLink): string {
  const one = (t: Target) => `${t.count ? '&' : ''}${t.name}${t.xpath ? ':' + t.xpath : t.key ? ':' + keyText(t.key) : ''}`;
  const parts = link.targets.map(one);
  for (const e of link.exclusions) parts.push(`!${e.name}${e.key ? ':' + keyText(e.key) : ''}`);
  return parts.join('|');
}

const keyText = (k: NonNullable<Target['key']>) => (k.kind === 'regex' ? `/${k.value}/` : k.value);

function linkTrace(link: RuleLink, depth: number, values: readonly TracedValue[], matched: boolean): LinkTrace {
  const op = link.unconditional ? 'SecAction' : `${link.operator.negated ? '!' : ''}@${link.operator.name} ${link.operator.paramText}`.trimEnd();
  return {
    depth,
    targets: targetText(link),
    operator: op,
    transformations: link.transformationNames,
    matched,
    values: values.map((v) => valueTrace(link, v)),
  };
}

function valueTrace(link: RuleLink, v: TracedValue): ValueTrace {
  const last = v.matchedForm ?? (v.steps.length > 0 ? v.steps[v.steps.length - 1].value : v.raw);
  const op = link.operator.name;
  const cap = v.captured?.[0];
  let span: [number, number] | undefined;
  const full = `@${op} ${link.operator.paramText}`.trimEnd();
  const opText = full.length > 50 ? `${full.slice(0, 49)}…` : full;
  let why: string;
  if (!v.matched) why = link.operator.negated ? `${opText} matched, and the operator is negated` : `${opText} is false for '${short(last)}'`;
  else if (link.operator.negated) why = `${opText} did not match, and the operator is negated`;
  else if (op === 'detectSQLi' || op === 'detectXSS') why = cap ? `libinjection fingerprint '${cap}'` : `libinjection detected ${op === 'detectSQLi' ? 'SQL' : 'XSS'}`;
  else if (op === 'pm' || op === 'pmFromFile' || op === 'pmf') why = cap !== undefined ? `phrase '${cap}'` : 'a phrase matched';
  else why = cap !== undefined ? `matched '${short(cap)}'` : `${opText} is true for '${short(last)}'`;
  if (v.matched && cap !== undefined && op !== 'detectSQLi' && op !== 'detectXSS') {
    const at = last.indexOf(cap);
    if (at >= 0) span = [at, at + cap.length];
  }
  const matchedStep = v.matchedForm === undefined ? undefined : v.matchedForm === v.raw ? -1 : v.steps.findIndex((s) => s.value === v.matchedForm);
  return { variable: v.variable, raw: v.raw, steps: v.steps, matched: v.matched, ...(v.captured ? { captured: v.captured } : {}), ...(span ? { span } : {}), ...(matchedStep !== undefined ? { matchedStep } : {}), why };
}

function finish(b: Building, record: MatchRecord | undefined): RuleTrace {
  const r = b.rule;
  const outcome = b.skip ? 'skipped' : b.matched ? 'matched' : 'no-match';
  const base = {
    id: r.id,
    phase: b.phase,
    file: r.file,
    line: r.line,
    ...(r.msg ? { msg: b.matched && record ? record.msg : templateText(r.msg) } : {}),
    ...(b.matched && record?.logdata ? { logdata: record.logdata } : {}),
    ...(r.severity === undefined ? {} : { severity: r.severity }),
    tags: r.tags,
    outcome,
    links: b.links,
    setvars: b.setvars,
    actions: b.matched ? actionsOf(b) : [],
    ...(b.skip ? { skip: b.skip } : {}),
  } as const;
  return { ...base, summary: summarize(base) };
}

/** What a matched rule did besides its setvars (those carry their own before/after). */
function actionsOf(b: Building): string[] {
  const r = b.rule;
  const out: string[] = [];
  const d = r.disruptive;
  if (d.kind !== 'pass') out.push(r.block ? `block (${d.kind}${r.status ? ' ' + r.status : ''} by the default action)` : `${d.kind}${r.status ? ' ' + r.status : ''}`);
  for (let l: RuleLink | undefined = r; l; l = l.chained) for (const c of l.ctls) out.push(`ctl:${c.option}=${templateText(c.value)}`);
  if (r.skipAfterMarker) out.push(`skipAfter:${r.skipAfterMarker}`);
  if (r.skip > 0) out.push(`skip:${r.skip}`);
  return out;
}

function focusOn(program: Program, all: readonly RuleTrace[], id: number, interruption: ExplainReport['interruption']): RuleTrace[] {
  const seen = all.filter((r) => r.id === id);
  return seen.length > 0 ? seen : [explainMissing(program, id, interruption)];
}
