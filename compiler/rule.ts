import { diagnostic, type Diagnostic } from '../core/diagnostic.ts';
import type { Action, ChainLink, Value, Variable } from '../grammar/ast.ts';
import type { LoadedRuleSet } from '../grammar/includes.ts';
import { isOperatorError } from '../runtime/operators/types.ts';
import type {
  CtlSpec,
  Disruptive,
  DisruptiveKind,
  Exclusion,
  KeyMatcher,
  OperatorInstance,
  Phase,
  RuleLink,
  SetvarSpec,
  Target,
  Template,
} from '../runtime/program.ts';
import type { Transformation } from '../runtime/transformations/types.ts';
import { compileKeyRegex } from '../runtime/variables/key-regex.ts';
import { asciiLower } from '../runtime/match/aho-corasick.ts';
import { SEVERITIES } from '../runtime/actions/catalog.ts';
import { dataFileEnv, operatorRegistry, transformationRegistry, variableRegistry } from './validate.ts';

/** Turns a parsed value into a pre-split template (macro names upper-cased once, here). */
export function template(v: Value | undefined): Template {
  if (!v) return [];
  return v.parts.map((p) => (p.kind === 'literal' ? p.text : p.key === undefined ? { collection: p.collection.toUpperCase() } : { collection: p.collection.toUpperCase(), key: p.key, lowerKey: asciiLower(p.key) }));
}

/**
 * Splits a template at the first `sep` in its literal text: `ip=%{REMOTE_ADDR}` → ['ip',
 * [macro]]. The part before must be literal (a collection or variable name).
 */
export function splitTemplate(t: Template, sep: string): [string, Template] {
  let before = '';
  for (let i = 0; i < t.length; i++) {
    const p = t[i];
    if (typeof p !== 'string') return ['', t];
    const at = p.indexOf(sep);
    if (at < 0) {
      before += p;
      continue;
    }
    const rest = [p.slice(at + sep.length), ...t.slice(i + 1)].filter((x) => x !== '');
    return [before + p.slice(0, at), rest.length > 0 ? rest : ['']];
  }
  return [before, ['']];
}

/** SecDefaultAction for one phase: what rules of that phase inherit. */
export interface PhaseDefaults {
  readonly transformations: readonly string[];
  readonly disruptive: Disruptive;
  readonly status?: number;
  readonly log: boolean;
  readonly auditlog: boolean;
}

export const BUILTIN_DEFAULTS: PhaseDefaults = { transformations: [], disruptive: { kind: 'pass' }, log: true, auditlog: true };

const DISRUPTIVE = new Set<string>(['deny', 'drop', 'block', 'pass', 'allow', 'redirect', 'proxy', 'pause']);

const lower = (a: Action) => a.name.toLowerCase();
const valueText = (a: Action): string => (a.kind === 'Action' ? (a.value?.text ?? '') : '');

export function parsePhase(text: string): Phase | null {
  const t = text.toLowerCase();
  if (t === 'request') return 2;
  if (t === 'response') return 4;
  if (t === 'logging') return 5;
  return /^[1-5]$/.test(t) ? (Number(t) as Phase) : null;
}

export function parseSeverity(text: string): number | undefined {
  if (/^[0-7]$/.test(text)) return Number(text);
  const i = SEVERITIES.findIndex((s) => s === text.toUpperCase());
  return i >= 0 ? i : undefined;
}

/** Reads SecDefaultAction's list into inheritable defaults. */
export function readDefaults(actions: readonly Action[], base: PhaseDefaults): PhaseDefaults {
  let transformations = [...base.transformations];
  let disruptive = base.disruptive;
  let status = base.status;
  let log = base.log;
  let auditlog = base.auditlog;
  for (const a of actions) {
    const n = lower(a);
    if (n === 't') transformations = valueText(a).toLowerCase() === 'none' ? [] : [...transformations, valueText(a)];
    else if (DISRUPTIVE.has(n) && n !== 'block') disruptive = disruptiveOf(a);
    else if (n === 'status') status = Number(valueText(a)) || undefined;
    else if (n === 'log') log = true;
    else if (n === 'nolog') log = false;
    // v3 (3.0.9) keeps one "save the message" flag that all four set, the last one written winning:
    // a rule with noauditlog reaches neither the error log nor the audit log's messages.
    else if (n === 'auditlog') auditlog = log = true;
    else if (n === 'noauditlog') auditlog = log = false;
  }
  return { transformations, disruptive, status, log, auditlog };
}

function disruptiveOf(a: Action): Disruptive {
  const kind = lower(a) as DisruptiveKind;
  return a.kind === 'Action' && a.value ? { kind, arg: template(a.value) } : { kind };
}

export interface LinkContext {
  readonly set: LoadedRuleSet;
  readonly defaults: PhaseDefaults;
  readonly readDataFile: (path: string) => string | Error;
  readonly diags: Diagnostic[];
  /** The rule set's t:urlDecodeUni (compiler/unicode-map.ts); the registry's when absent. */
  readonly urlDecodeUni?: Transformation;
}

function keyMatcher(v: Variable, diags: Diagnostic[]): KeyMatcher | undefined {
  const s = v.selector;
  if (!s || s.kind === 'xpath') return undefined;
  if (s.kind === 'regex') {
    const test = compileKeyRegex(s.value);
    if (!test) {
      diags.push(diagnostic('SL4001', `key regular expression '${s.value}' does not compile; the key never matches`, s.span));
      return { kind: 'regex', value: s.value, test: () => false };
    }
    return { kind: 'regex', value: s.value, test };
  }
  return { kind: 'literal', value: s.value, lower: asciiLower(s.value) };
}

/** Variables → targets and exclusions (`!VAR:key` removes from the list, as in ModSecurity). */
export function compileVariables(vars: readonly Variable[], diags: Diagnostic[]): { targets: Target[]; exclusions: Exclusion[] } {
  const targets: Target[] = [];
  const exclusions: Exclusion[] = [];
  for (const v of vars) {
    const name = variableRegistry.canonicalName(v.name) ?? v.name.toUpperCase();
    const key = keyMatcher(v, diags);
    if (v.exclude) {
      exclusions.push(key ? { name, key } : { name });
      continue;
    }
    const t: { -readonly [K in keyof Target]: Target[K] } = { name, count: v.count };
    if (key) t.key = key;
    if (v.selector?.kind === 'xpath') t.xpath = v.selector.value;
    targets.push(t);
  }
  return { targets, exclusions };
}

/** One link: variables, operator, transformations and its per-match actions. */
export function compileLink(r: ChainLink, ctx: LinkContext): RuleLink {
  const names: string[] = [...ctx.defaults.transformations];
  const setvars: SetvarSpec[] = [];
  const ctls: CtlSpec[] = [];
  const setenvs: { name: string; value: Template }[] = [];
  const initcols: { collection: string; key: Template }[] = [];
  const expirevars: { collection: string; key: string; seconds: Template }[] = [];
  let capture = false;
  let multiMatch = false;
  for (const a of r.actions) {
    const n = lower(a);
    if (a.kind === 'Setvar') {
      const key = template(a.key);
      const lowerKey = key.length === 1 && typeof key[0] === 'string' ? asciiLower(key[0]) : undefined;
      setvars.push({ collection: a.collection.toUpperCase(), key, lowerKey, op: a.op, value: template(a.value) });
    } else if (a.kind === 'Ctl') {
      ctls.push({ option: asciiLower(a.option), value: template(a.value) });
    } else if (n === 't') {
      if (valueText(a).toLowerCase() === 'none') names.length = 0;
      else names.push(valueText(a));
    } else if (n === 'capture') capture = true;
    else if (n === 'multimatch') multiMatch = true;
    else if (n === 'setenv') {
      const [k, ...rest] = valueText(a).split('=');
      setenvs.push({ name: k, value: [rest.join('=')] });
    } else if ((n === 'initcol' || n === 'setsid' || n === 'setuid') && a.kind === 'Action' && a.value) {
      const [name, key] = n === 'initcol' ? splitTemplate(template(a.value), '=') : [n === 'setsid' ? 'SESSION' : 'USER', template(a.value)];
      if (name) initcols.push({ collection: name.toUpperCase(), key });
    } else if (n === 'expirevar' && a.kind === 'Action' && a.value) {
      const [target, seconds] = splitTemplate(template(a.value), '=');
      const dot = target.indexOf('.');
      if (dot > 0) expirevars.push({ collection: target.slice(0, dot).toUpperCase(), key: target.slice(dot + 1), seconds });
    }
  }
  const transformations: Transformation[] = [];
  const transformationNames: string[] = [];
  for (const name of names) {
    const canonical = transformationRegistry.canonicalName(name) ?? name;
    const fn = canonical === 'urlDecodeUni' && ctx.urlDecodeUni !== undefined ? ctx.urlDecodeUni : transformationRegistry.get(name);
    if (fn) {
      transformations.push(fn);
      transformationNames.push(canonical);
    }
  }
  const lowerNames = transformationNames.map((n) => n.toLowerCase());
  const transformKey = lowerNames.join(',');
  const transformPrefixKeys = lowerNames.map((_, i) => lowerNames.slice(0, i + 1).join(','));
  const base = { transformationNames, transformations, transformKey, transformPrefixKeys, capture, multiMatch, setvars, ctls, initcols, setenvs, expirevars };
  const chained = r.chained ? compileLink(r.chained, ctx) : undefined;
  if (r.kind === 'SecAction') {
    return { ...base, targets: [], exclusions: [], valuesKey: null, operator: unconditional(), unconditional: true, ...(chained ? { chained } : {}) };
  }
  const { targets, exclusions } = compileVariables(r.variables, ctx.diags);
  // The value-group key is set by the optimizer, after load-time target updates (passes/value-groups.ts).
  return { ...base, targets, exclusions, valuesKey: null, operator: compileOperator(r, ctx), unconditional: false, ...(chained ? { chained } : {}) };
}

function unconditional(): OperatorInstance {
  const spec = operatorRegistry.get('unconditionalMatch')!;
  const c = spec.create('', { readDataFile: () => new Error('none') });
  return { name: 'unconditionalMatch', negated: false, param: [''], paramText: '', spec, ...(isOperatorError(c) ? {} : { compiled: c }) };
}

function compileOperator(r: Extract<ChainLink, { kind: 'SecRule' }>, ctx: LinkContext): OperatorInstance {
  const op = r.operator;
  const spec = operatorRegistry.get(op.name) ?? operatorRegistry.get('noMatch')!;
  const param = template(op.param);
  const base = { name: spec.name, negated: op.negated, param, paramText: op.param.text, spec };
  if (param.some((p) => typeof p !== 'string')) return base;
  const c = spec.create(op.param.text, dataFileEnv(ctx.set, op.span, ctx.readDataFile));
  if (isOperatorError(c)) {
    ctx.diags.push(diagnostic('SL4001', `@${spec.name}: ${c.error}; the rule never matches`, op.span));
    return base;
  }
  return { ...base, compiled: c };
}
