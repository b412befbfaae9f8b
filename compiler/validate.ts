import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { diagnostic, type Diagnostic } from '../core/diagnostic.ts';
import { Registry } from '../core/registry.ts';
import type { Span } from '../core/span.ts';
import type { Action, ChainLink, Directive, Operator, Variable } from '../grammar/ast.ts';
import type { LoadedRuleSet } from '../grammar/includes.ts';
import { ACTIONS, CTL_OPTIONS, SEVERITIES } from '../runtime/actions/catalog.ts';
import { OPERATORS, isOperatorError, type OperatorEnv } from '../runtime/operators/index.ts';
import { TRANSFORMATIONS } from '../runtime/transformations/index.ts';
import { loadUnicodeMap } from './unicode-map.ts';
import { VARIABLES } from '../runtime/variables/catalog.ts';
import { regexErrorSpan } from './regex-error.ts';

export const variableRegistry = new Registry(VARIABLES);
export const operatorRegistry = new Registry(OPERATORS);
export const transformationRegistry = new Registry(TRANSFORMATIONS);
export const actionRegistry = new Registry(ACTIONS);
const ctlRegistry = new Registry(Object.fromEntries(CTL_OPTIONS.map((o) => [o, true])));

/** Reads a data file for an operator, resolved against the directory of the rule's file. */
export function dataFileEnv(set: LoadedRuleSet, span: Span, read: (path: string) => string | Error): OperatorEnv {
  const file = set.sources.get(span.fileId);
  const base = file ? dirname(file.path) : '.';
  return { readDataFile: (p) => read(isAbsolute(p) ? p : join(base, p)) };
}

export interface ValidateOptions {
  /** Reads data files (`@pmFromFile`); defaults to the file system, as latin1 bytes. */
  readonly readDataFile?: (path: string) => string | Error;
}

/**
 * The semantic checks `waf lint` runs after parsing: what ModSecurity would refuse at load time
 * or what silently breaks a rule set. Each finding points at the exact text responsible.
 */
export function validateRuleSet(set: LoadedRuleSet, opts: ValidateOptions = {}): Diagnostic[] {
  const v = new Validator(set, opts.readDataFile ?? defaultRead);
  v.run();
  return v.diags;
}

/** Data files are read as bytes (latin1), like rule files: operators match bytes. */
export function defaultRead(path: string): string | Error {
  try {
    return readFileSync(path, 'latin1');
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

const isRule = (d: Directive): d is ChainLink => d.kind === 'SecRule' || d.kind === 'SecAction';

function actionNamed(actions: readonly Action[], name: string): Action | undefined {
  const lower = name.toLowerCase();
  return actions.find((a) => a.name.toLowerCase() === lower);
}

class Validator {
  readonly diags: Diagnostic[] = [];
  /** Rule id → where it was first defined. */
  private readonly ids = new Map<number, Span>();
  private readonly markers = new Set<string>();

  constructor(
    private readonly set: LoadedRuleSet,
    private readonly read: (path: string) => string | Error,
  ) {}

  run(): void {
    for (const d of this.set.directives) if (d.kind === 'SecMarker') this.markers.add(d.name);
    const allIds = new Set<number>();
    for (const d of this.set.directives) if (isRule(d)) {
      const id = ruleId(d.actions);
      if (id !== undefined) allIds.add(id);
    }
    for (const d of this.set.directives) {
      if (isRule(d)) this.rule(d, 0);
      else if (d.kind === 'Setting' && d.name === 'SecUnicodeMapFile') loadUnicodeMap(d, dataFileEnv(this.set, d.span, this.read).readDataFile, this.diags);
      else if (d.kind === 'SecDefaultAction') this.actions(d.actions, { chainChild: false, isDefault: true });
      else if (d.kind === 'SecRuleUpdateActionById') {
        this.knownIds([{ from: d.id, to: d.id, span: d.span }], allIds);
        this.actions(d.actions, { chainChild: false, isDefault: true });
      } else if (d.kind === 'SecRuleUpdateTargetById') {
        this.knownIds(d.ids, allIds);
        for (const v of [...d.variables, ...(d.replacement ?? [])]) this.variable(v);
      } else if (d.kind === 'SecRuleUpdateTargetByTag' || d.kind === 'SecRuleUpdateTargetByMsg') {
        for (const v of [...d.variables, ...(d.replacement ?? [])]) this.variable(v);
      }
    }
  }

  private knownIds(ranges: readonly { from: number; to: number; span: Span }[], allIds: ReadonlySet<number>): void {
    for (const r of ranges) {
      if (r.from !== r.to) continue;
      if (this.ids.has(r.from)) continue;
      if (allIds.has(r.from)) {
        this.diags.push(diagnostic('SL3013', `rule ${r.from} is defined after this directive, so the update has no effect`, r.span));
      } else {
        this.diags.push(diagnostic('SL3013', `no rule with id ${r.from} is loaded`, r.span));
      }
    }
  }

  private rule(r: ChainLink, depth: number): void {
    const chainChild = depth > 0;
    if (!chainChild) this.ruleId(r);
    if (!chainChild) this.phase(r);
    if (r.kind === 'SecRule') {
      for (const v of r.variables) this.variable(v);
      this.operator(r.operator);
    }
    this.actions(r.actions, { chainChild, isDefault: false });
    const chain = actionNamed(r.actions, 'chain');
    if (chain && !r.chained) {
      this.diags.push(diagnostic('SL3008', "'chain' on the last rule: no rule follows to continue the chain", chain.span));
    }
    if (r.chained) this.rule(r.chained, depth + 1);
  }

  private ruleId(r: ChainLink): void {
    const a = actionNamed(r.actions, 'id');
    if (!a) {
      this.diags.push(diagnostic('SL3006', `${r.kind} has no 'id' action; every rule needs a unique id`, headSpan(r)));
      return;
    }
    const text = a.kind === 'Action' && a.value ? a.value.text : '';
    if (!/^\d+$/.test(text) || Number(text) <= 0) {
      this.diags.push(diagnostic('SL3015', `rule id must be a positive integer, got '${text}'`, a.span));
      return;
    }
    const id = Number(text);
    const prev = this.ids.get(id);
    if (prev) {
      this.diags.push(diagnostic('SL3005', `duplicate rule id ${id}`, a.span, [{ message: 'first defined here', span: prev }]));
    } else this.ids.set(id, a.span);
  }

  private phase(r: ChainLink): void {
    const a = actionNamed(r.actions, 'phase');
    if (!a) return; // ModSecurity then uses SecDefaultAction's phase (2 by default).
    const text = a.kind === 'Action' && a.value ? a.value.text.toLowerCase() : '';
    if (!/^[1-5]$/.test(text) && text !== 'request' && text !== 'response' && text !== 'logging') {
      this.diags.push(diagnostic('SL3007', `invalid phase '${text}': expected 1-5, request, response or logging`, a.span));
    }
  }

  private variable(v: Variable): void {
    const name = v.name;
    if (!variableRegistry.has(name)) {
      const hint = variableRegistry.suggest(name);
      this.diags.push(diagnostic('SL3001', `unknown variable '${name}'`, v.span, hint ? [{ message: `did you mean '${hint}'?` }] : undefined));
      return;
    }
    const info = variableRegistry.get(name)!;
    if (v.selector && info.shape === 'scalar') {
      this.diags.push(diagnostic('SL1009', `'${variableRegistry.canonicalName(name)}' is a single value and takes no key`, v.selector.span));
    }
    if (v.selector?.kind === 'regex') {
      const err = regexError(v.selector.value);
      if (err) this.diags.push(diagnostic('SL3011', `key regular expression does not compile: ${err}`, v.selector.span));
    }
  }

  private operator(op: Operator): void {
    const spec = operatorRegistry.get(op.name);
    if (!spec) {
      const hint = operatorRegistry.suggest(op.name);
      this.diags.push(diagnostic('SL3002', `unknown operator '@${op.name}'`, op.span, hint ? [{ message: `did you mean '@${hint}'?` }] : undefined));
      return;
    }
    if (op.param.parts.some((p) => p.kind === 'macro')) return; // checked when expanded, per transaction
    const name = spec.name.toLowerCase();
    const param = op.param.text;
    if (name === 'pmfromfile' || name === 'ipmatchfromfile') {
      const env = dataFileEnv(this.set, op.span, this.read);
      for (const f of param.split(/\s+/).filter(Boolean)) {
        const r = env.readDataFile(f);
        if (r instanceof Error) this.diags.push(diagnostic('SL2004', `data file '${f}' not found next to the rule file`, op.param.span));
      }
      return;
    }
    const r = spec.create(param, dataFileEnv(this.set, op.span, this.read));
    if (!isOperatorError(r)) return;
    if (name === 'rx') {
      this.diags.push(diagnostic('SL3011', `regular expression does not compile: ${r.error}`, regexErrorSpan(op.param, r.error)));
    } else {
      this.diags.push(diagnostic('SL3018', `@${spec.name}: ${r.error}`, op.param.span));
    }
  }

  private actions(actions: readonly Action[], ctx: { chainChild: boolean; isDefault: boolean }): void {
    for (const a of actions) {
      const info = actionRegistry.get(a.name);
      if (!info) {
        const hint = actionRegistry.suggest(a.name);
        this.diags.push(diagnostic('SL3004', `unknown action '${a.name}'`, a.span, hint ? [{ message: `did you mean '${hint}'?` }] : undefined));
        continue;
      }
      const hasValue = a.kind !== 'Action' || a.value !== undefined;
      if (info.arg === 'required' && !hasValue) {
        this.diags.push(diagnostic('SL3017', `'${a.name}' needs a value ('${a.name}:…')`, a.span));
        continue;
      }
      if (info.arg === 'none' && hasValue) {
        this.diags.push(diagnostic('SL3014', `'${a.name}' takes no value`, a.span));
      }
      if (ctx.chainChild && info.kind === 'disruptive') {
        this.diags.push(diagnostic('SL3009', `disruptive action '${a.name}' in a chained rule: only the chain's first rule may decide`, a.span));
      }
      if (ctx.chainChild && (a.name === 'id' || a.name === 'phase')) {
        this.diags.push(diagnostic('SL3019', `'${a.name}' in a chained rule is ignored: it belongs on the chain's first rule`, a.span));
      }
      this.actionValue(a);
    }
  }

  private actionValue(a: Action): void {
    if (a.kind === 'Ctl') {
      if (!ctlRegistry.has(a.option)) {
        const hint = ctlRegistry.suggest(a.option);
        this.diags.push(diagnostic('SL3016', `unknown ctl option '${a.option}'`, a.span, hint ? [{ message: `did you mean '${hint}'?` }] : undefined));
      }
      return;
    }
    if (a.kind !== 'Action' || !a.value) return;
    const name = a.name.toLowerCase();
    const text = a.value.text;
    if (name === 't') {
      if (!transformationRegistry.has(text)) {
        const hint = transformationRegistry.suggest(text);
        this.diags.push(diagnostic('SL3003', `unknown transformation '${text}'`, a.value.span, hint ? [{ message: `did you mean '${hint}'?` }] : undefined));
      }
    } else if (name === 'skipafter') {
      if (!this.markers.has(text)) this.diags.push(diagnostic('SL3010', `skipAfter names marker '${text}', which no SecMarker defines`, a.value.span));
    } else if (name === 'severity') {
      const ok = /^[0-7]$/.test(text) || SEVERITIES.some((s) => s === text.toUpperCase());
      if (!ok) this.diags.push(diagnostic('SL3021', `invalid severity '${text}': expected 0-7 or ${SEVERITIES.join(', ')}`, a.value.span));
    } else if (name === 'skip') {
      if (!/^\d+$/.test(text) || text === '0') this.diags.push(diagnostic('SL3014', `skip needs a positive number of rules, got '${text}'`, a.value.span));
    } else if (name === 'status') {
      if (!/^\d{3}$/.test(text)) this.diags.push(diagnostic('SL3014', `status needs a three-digit HTTP status, got '${text}'`, a.value.span));
    }
  }
}

function ruleId(actions: readonly Action[]): number | undefined {
  const a = actionNamed(actions, 'id');
  const text = a?.kind === 'Action' ? a.value?.text : undefined;
  return text && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** The rule's first line (directive name and first argument), for rule-level findings. */
function headSpan(r: ChainLink): Span {
  const end = r.kind === 'SecRule' ? r.operator.span.end : Math.min(r.span.end, r.span.start + 9);
  return { fileId: r.span.fileId, start: r.span.start, end };
}

function regexError(pattern: string): string | null {
  const r = OPERATORS.rx.create(pattern, { readDataFile: () => new Error('no data files') });
  return isOperatorError(r) ? r.error : null;
}
