/**
 * Compiling rules for explain: the reference (naive) program behind a small engine set-up, and
 * the lint findings for the same text, so that the playground shows both from one load.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileRules, validateRuleSet, type LoadedProgram } from '../compiler/index.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { diagnosticToJson, type DiagnosticJson } from '../core/format.ts';
import type { RuleInput } from '../grammar/includes.ts';

/**
 * A rule set alone may not turn the engine on (CRS leaves that to modsecurity.conf): explain
 * must still evaluate, so the engine is on and bodies are inspected unless the rules say otherwise.
 */
export const ENGINE_INPUT: RuleInput = { path: '<engine>', text: 'SecRuleEngine On\nSecRequestBodyAccess On\nSecResponseBodyAccess On' };

/** The paranoia level as CRS's crs-setup 900000 sets it. */
export function paranoiaInput(pl: number): RuleInput {
  return {
    path: '<paranoia level>',
    text: `SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=${pl},setvar:tx.detection_paranoia_level=${pl}"`,
  };
}

export interface ExplainRules extends LoadedProgram {
  /** Load, compile and lint findings together, each once. */
  readonly lint: readonly Diagnostic[];
}

/**
 * Naive on purpose: a program folded for a paranoia level has no trace of the rules above it,
 * while the general one runs their gates, so explain can say "skipped: paranoia level 1 < 2".
 */
export function compileForExplain(inputs: readonly RuleInput[]): ExplainRules {
  const loaded = compileRules([ENGINE_INPUT, ...inputs], { naive: true });
  const seen = new Set<string>();
  const lint: Diagnostic[] = [];
  for (const d of [...loaded.diagnostics, ...validateRuleSet(loaded.set)]) {
    const key = `${d.code}:${d.span?.fileId}:${d.span?.start}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lint.push(d);
  }
  return { ...loaded, lint };
}

export function lintJson(r: ExplainRules): DiagnosticJson[] {
  return r.lint.map((d) => diagnosticToJson(d, r.set.sources));
}

/**
 * One editable text for a rule folder, as the playground's editor holds it: the .conf files in
 * name order (a CRS checkout: its setup file, then rules/), each behind a comment naming it.
 * The text is compiled as a file in the folder the data files live in, so `@pmFromFile` works.
 */
export function ruleText(path: string): { text: string; virtualPath: string } {
  // Read as UTF-8 for the editor (comments hold '…' and such); the server hands the engine
  // the UTF-8 bytes again, as it would read the file itself.
  if (!statSync(path).isDirectory()) return { text: readFileSync(path, 'utf8'), virtualPath: path };
  const crs = existsSync(join(path, 'crs-setup.conf.example')) && existsSync(join(path, 'rules'));
  const dir = crs ? join(path, 'rules') : path;
  const files = readdirSync(dir).filter((n) => n.endsWith('.conf')).sort().map((n) => join(dir, n));
  if (crs) files.unshift(join(path, 'crs-setup.conf.example'));
  const text = files.map((f) => `# ==== ${f} ====\n${readFileSync(f, 'utf8').replace(/\n*$/, '\n')}`).join('\n');
  return { text, virtualPath: join(dir, 'playground.conf') };
}

/** A small example for an empty playground: one detection rule, scoring, and a blocking rule. */
export const EXAMPLE_RULES = `SecRuleEngine On
SecDefaultAction "phase:2,log,auditlog,pass"

SecAction "id:1,phase:1,pass,nolog,setvar:tx.anomaly_score=0"

SecRule ARGS "@detectSQLi" \\
    "id:100,phase:2,block,capture,t:none,t:urlDecodeUni,t:lowercase,\\
    msg:'SQL injection (libinjection)',logdata:'%{TX.0} in %{MATCHED_VAR_NAME}',\\
    severity:'CRITICAL',setvar:'tx.anomaly_score=+5'"

SecRule ARGS|REQUEST_HEADERS:User-Agent "@rx (?i)<script[^>]*>" \\
    "id:101,phase:2,block,capture,t:none,t:urlDecodeUni,t:htmlEntityDecode,\\
    msg:'XSS: script tag',severity:'CRITICAL',setvar:'tx.anomaly_score=+5'"

SecRule TX:ANOMALY_SCORE "@ge 5" \\
    "id:199,phase:2,deny,status:403,msg:'Anomaly score %{TX.ANOMALY_SCORE} reached the threshold'"
`;
