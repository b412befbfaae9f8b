import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileRules } from '../../compiler/index.ts';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { formatDiagnostic } from '../../core/format.ts';
import type { Program } from '../../runtime/index.ts';
import { projectRoot, sharedRoot } from '../paths.ts';
import type { ProxyConfig } from '../config.ts';

type WafConfig = ProxyConfig['gates']['waf'];
type RuleInput = string | { path: string; text: string };

function engineSetup(cfg: WafConfig): string {
  return [
    `SecRuleEngine ${cfg.engine}`,
    'SecRequestBodyAccess On',
    `SecResponseBodyAccess ${cfg.responseBody ? 'On' : 'Off'}`,
    'SecResponseBodyMimeType text/plain text/html text/xml application/json',
    'SecResponseBodyLimit 524288',
    'SecResponseBodyLimitAction ProcessPartial',
    'SecRequestBodyLimitAction ProcessPartial',
    // As CRS's recommended modsecurity.conf does: JSON and XML bodies go to their processors.
    'SecRule REQUEST_HEADERS:Content-Type "@rx ^(?:application(?:/soap\\+|/)|text/)xml" "id:200000,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=XML"',
    'SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" "id:200001,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=JSON"',
  ].join('\n');
}

function paranoia(pl: number): string {
  return `SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=${pl},setvar:tx.detection_paranoia_level=${pl}"`;
}

function confFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.conf'))
    .sort()
    .map((n) => join(dir, n));
}

/**
 * Rule inputs for the configured paths: engine settings, then per path either a CRS checkout
 * (crs-setup.conf.example, the paranoia SecAction, rules/) or a file or directory of .conf files
 * behind the same paranoia SecAction (the project's rule set keeps CRS's TX names).
 */
export function wafRuleInputs(cfg: WafConfig, paths: readonly string[]): RuleInput[] {
  const inputs: RuleInput[] = [{ path: '<proxy engine settings>', text: engineSetup(cfg) }];
  let plSet = false;
  for (const p of paths) {
    const setup = join(p, 'crs-setup.conf.example');
    if (existsSync(setup) && existsSync(join(p, 'rules'))) {
      inputs.push(setup, { path: '<proxy paranoia>', text: paranoia(cfg.paranoia) }, join(p, 'rules'));
      plSet = true;
      continue;
    }
    if (!plSet) inputs.push({ path: '<proxy paranoia>', text: paranoia(cfg.paranoia) });
    plSet = true;
    inputs.push(...(statSync(p, { throwIfNoEntry: false })?.isDirectory() ? confFiles(p) : [p]));
  }
  return inputs;
}

/**
 * The rules to use when the config names none: the project's own rule set once it has rules,
 * else the CRS checkout in ../shared (until the default rules land), else none.
 */
export function defaultRulePaths(): string[] {
  const own = join(projectRoot, 'rules');
  if (existsSync(own) && confFiles(own).length > 0) return [own];
  const crs = join(sharedRoot, 'coreruleset');
  if (existsSync(join(crs, 'crs-setup.conf.example'))) return [crs];
  return [];
}

export interface LoadedWaf {
  readonly program: Program | null;
  readonly paths: readonly string[];
  /** Error diagnostics, formatted; non-empty means the rules must not be served. */
  readonly errors: readonly string[];
}

export function loadWafProgram(cfg: WafConfig): LoadedWaf {
  const paths = cfg.rules.length > 0 ? cfg.rules : defaultRulePaths();
  if (paths.length === 0) return { program: null, paths, errors: [] };
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) return { program: null, paths, errors: missing.map((p) => `gates.waf.rules: ${p}: no such file or directory`) };
  // Folded for the configured level (compiler/passes/paranoia.ts): rules above it vanish, and
  // a transaction that changes its level still gets every rule (the folded program falls back).
  const r = compileRules(wafRuleInputs(cfg, paths), { paranoiaLevel: cfg.paranoia });
  const errs = r.diagnostics.filter((d: Diagnostic) => d.severity === 'error');
  return { program: errs.length ? null : r.program, paths, errors: errs.map((d) => formatDiagnostic(d, r.set.sources, { color: false })) };
}
