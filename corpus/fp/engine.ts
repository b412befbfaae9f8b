/**
 * The engine side of a corpus run: compiles the rules once per paranoia level (or once at the
 * highest level in single-pass mode) and judges one request at each level. Runs inside worker
 * threads, so everything it takes and returns is plain data.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileRules } from '../../compiler/index.ts';
import { Transaction, type MatchRecord, type Program } from '../../runtime/index.ts';
import type { HttpRequestSpec, LevelOutcome, RuleHit } from './types.ts';

export type PassMode = 'per-level' | 'single';

export interface EngineOptions {
  /** Rule files or folders; a CRS checkout (crs-setup.conf.example + rules/) is recognised. */
  readonly rules: readonly string[];
  readonly levels: readonly number[];
  readonly mode: PassMode;
}

// What ModSecurity's recommended configuration adds in front of CRS: bodies inspected, and JSON
// and XML bodies handed to their processors (rules 200000 and 200001 of modsecurity.conf).
const ENGINE_TEXT = `SecRuleEngine DetectionOnly
SecRequestBodyAccess On
SecRule REQUEST_HEADERS:Content-Type "@rx ^(?:application(?:/soap\\+|/)|text/)xml" \\
    "id:200000,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=XML"
SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" \\
    "id:200001,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=JSON"
`;

export type RuleInputs = Array<string | { path: string; text: string }>;

/** The compiler inputs for one paranoia level, configured as CRS documents it. */
export function ruleInputsFor(rules: readonly string[], detectLevel: number, blockLevel: number): RuleInputs {
  const inputs: RuleInputs = [{ path: '<corpus engine>', text: ENGINE_TEXT }];
  const pl = {
    path: '<corpus paranoia level>',
    text: `SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=${blockLevel},setvar:tx.detection_paranoia_level=${detectLevel}"`,
  };
  const crsRoots = rules.filter((r) => isCrsCheckout(r));
  if (crsRoots.length > 0) {
    for (const r of crsRoots) inputs.push(join(r, 'crs-setup.conf.example'));
    inputs.push(pl);
    for (const r of rules) inputs.push(isCrsCheckout(r) ? join(r, 'rules') : r);
  } else {
    inputs.push(pl, ...rules);
  }
  return inputs;
}

function isCrsCheckout(p: string): boolean {
  return existsSync(join(p, 'crs-setup.conf.example')) && existsSync(join(p, 'rules')) && statSync(join(p, 'rules')).isDirectory();
}

/** CRS's own score and log bookkeeping: reported as the verdict, never as a responsible rule. */
export function isBookkeeping(ruleId: number): boolean {
  return (ruleId >= 949000 && ruleId < 950000) || (ruleId >= 959000 && ruleId < 960000) || (ruleId >= 980000 && ruleId < 981000);
}

/** A rule's paranoia level from its CRS tag; rules without one count from level 1. */
function ruleLevel(m: MatchRecord): number {
  for (const t of m.tags) if (t.startsWith('paranoia-level/')) return Number(t.slice(15)) || 1;
  return 1;
}

export class CorpusEngine {
  private readonly programs: Program[] = [];

  private constructor(private readonly opts: EngineOptions) {}

  /** Compiles; returns the compile errors (formatted) instead when there are any. */
  static create(opts: EngineOptions): { ok: true; engine: CorpusEngine } | { ok: false; errors: string[] } {
    const engine = new CorpusEngine(opts);
    const top = Math.max(...opts.levels);
    const plan = opts.mode === 'single' ? [[top, top]] : opts.levels.map((l) => [l, l]);
    for (const [detect, block] of plan) {
      const { program, diagnostics } = compileRules(ruleInputsFor(opts.rules, detect!, block!), { paranoiaLevel: detect! });
      const errors = diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) return { ok: false, errors: errors.slice(0, 20).map((d) => `${d.code}: ${d.message}`) };
      engine.programs.push(program);
    }
    return { ok: true, engine };
  }

  /** One outcome per requested level, in the order of `levels`. */
  judge(req: HttpRequestSpec): LevelOutcome[] {
    if (this.opts.mode === 'per-level') {
      return this.programs.map((p) => {
        const tx = runRequest(p, req);
        return { blocked: tx.matches.some((m) => m.ruleId === 949110 || m.ruleId === 959100), hits: hitsOf(tx.matches, Infinity) };
      });
    }
    // Single pass: detection at the top level, and the blocking verdict for each lower level
    // from CRS's per-level scores, which is how CRS itself separates detection from blocking
    // paranoia (crs-setup.conf.example, 900001).
    const tx = runRequest(this.programs[0]!, req);
    const txc = tx.col('TX');
    const num = (k: string): number => Number(txc.first(k) ?? '0') || 0;
    const threshold = num('inbound_anomaly_score_threshold') || 5;
    return this.opts.levels.map((level) => {
      let score = 0;
      for (let k = 1; k <= level; k++) score += num(`inbound_anomaly_score_pl${k}`);
      return { blocked: score >= threshold, hits: hitsOf(tx.matches, level) };
    });
  }
}

function runRequest(program: Program, req: HttpRequestSpec): Transaction {
  const tx = new Transaction(program);
  tx.processConnection('192.0.2.10', 51000, '192.0.2.1', 80);
  tx.processUri(req.uri, req.method, req.version);
  for (const [k, v] of req.headers) tx.addRequestHeader(k, v);
  const it = tx.processRequestHeaders();
  if (!it) {
    if (req.body) tx.appendRequestBody(req.body);
    tx.processRequestBody();
  }
  tx.processLogging();
  return tx;
}

function hitsOf(matches: readonly MatchRecord[], maxLevel: number): RuleHit[] {
  const out: RuleHit[] = [];
  const seen = new Set<number>();
  for (const m of matches) {
    if (!m.logged || isBookkeeping(m.ruleId) || seen.has(m.ruleId)) continue;
    if (maxLevel !== Infinity && ruleLevel(m) > maxLevel) continue;
    seen.add(m.ruleId);
    out.push({ ruleId: m.ruleId, variable: m.variable, msg: m.msg });
  }
  return out;
}
