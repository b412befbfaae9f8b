import { diagnostic, type Diagnostic } from '../core/diagnostic.ts';
import type { Action, ChainLink, Directive, Setting } from '../grammar/ast.ts';
import type { LoadedRuleSet } from '../grammar/includes.ts';
import { DEFAULT_CONFIG, type RemovedRule, type CompiledRule, type EngineConfig, type Phase, type Program, type RuleEngineMode } from '../runtime/program.ts';
import { applyExceptions, mergeActions } from './exceptions.ts';
import { foldParanoia } from './passes/paranoia.ts';
import { addPrefilters } from './passes/prefilter.ts';
import { addRegexSets } from './passes/regex-sets.ts';
import { uniformShapes } from './passes/shapes.ts';
import { markStaticPrefix } from './passes/static-prefix.ts';
import { assemble } from './assemble.ts';
import { BUILTIN_DEFAULTS, compileLink, parsePhase, parseSeverity, readDefaults, template, type PhaseDefaults } from './rule.ts';
import { dataFileEnv, defaultRead } from './validate.ts';
import { loadUnicodeMap, unicodeMapSetting } from './unicode-map.ts';
import { urlDecodeUni as urlDecodeUniPlain, urlDecodeUniWith } from '../runtime/transformations/url.ts';
import type { Transformation } from '../runtime/transformations/types.ts';

export interface CompileOptions {
  /**
   * The paranoia level the rules will run at. When given, CRS-style paranoia gates are folded
   * (rules above the level vanish from the fast path); transactions whose actual level differs
   * fall back to the general program. Without it, the program is the general one (naive mode).
   */
  readonly paranoiaLevel?: number;
  /** The reference evaluation: no folding, no prefilters, no caches (the optimizer is tested against it). */
  readonly naive?: boolean;
  /** Reads `@pmFromFile` / `@ipMatchFromFile` data; defaults to the file system. */
  readonly readDataFile?: (path: string) => string | Error;
}

export interface CompileResult {
  readonly program: Program;
  readonly diagnostics: readonly Diagnostic[];
}

/** A rule with its position among all directives, for marker resolution. */
interface Placed {
  rule: CompiledRule;
  order: number;
}

const lower = (a: Action) => a.name.toLowerCase();
const value = (a: Action | undefined): string => (a && a.kind === 'Action' ? (a.value?.text ?? '') : '');
const find = (r: ChainLink, name: string) => r.actions.find((a) => lower(a) === name);
const findLast = (r: ChainLink, name: string) => [...r.actions].reverse().find((a) => lower(a) === name);

/**
 * AST → Program. Applies SecDefaultAction per phase (to the rules that follow it), the engine
 * settings, removal and update directives, links chains, and turns skipAfter markers into
 * indices within each phase's list, so that the runtime never searches.
 */
export function compile(set: LoadedRuleSet, opts: CompileOptions = {}): CompileResult {
  const diags: Diagnostic[] = [];
  const readDataFile = opts.readDataFile ?? defaultRead;
  const config: { -readonly [K in keyof EngineConfig]: EngineConfig[K] } = { ...DEFAULT_CONFIG };
  const defaults = new Map<Phase, PhaseDefaults>();
  const placed: Placed[] = [];
  const markers: { name: string; order: number }[] = [];
  const exceptions: Directive[] = [];
  const actionUpdates = collectActionUpdates(set.directives);
  const mapSetting = unicodeMapSetting(set);
  const unicodeMap = mapSetting ? loadUnicodeMap(mapSetting, dataFileEnv(set, mapSetting.span, readDataFile).readDataFile, diags) : null;
  const urlDecodeUni = unicodeMap ? urlDecodeUniWith(unicodeMap) : urlDecodeUniPlain;
  let order = 0;
  for (const d of set.directives) {
    order++;
    switch (d.kind) {
      case 'Setting':
        applySetting(config, d);
        break;
      case 'SecDefaultAction': {
        const phase = parsePhase(value(d.actions.find((a) => lower(a) === 'phase'))) ?? 2;
        defaults.set(phase, readDefaults(d.actions, BUILTIN_DEFAULTS));
        break;
      }
      case 'SecMarker':
        markers.push({ name: d.name, order });
        break;
      case 'SecRule':
      case 'SecAction': {
        const updates = actionUpdates.get(Number(value(find(d, 'id'))));
        const rule = compileRule(updates ? mergeActions(d, updates) : d, set, defaults, readDataFile, diags, urlDecodeUni);
        if (rule) placed.push({ rule: { ...rule, order }, order });
        break;
      }
      case 'Include':
      case 'SecRuleUpdateActionById':
        break;
      default:
        exceptions.push(d);
    }
  }
  const removed: RemovedRule[] = [];
  const where = (d: Directive) => {
    const f = set.sources.get(d.span.fileId);
    return { file: f?.path ?? '', line: f ? f.lineCol(d.span.start).line : 0, text: f ? f.text.slice(d.span.start, d.span.end).replace(/\\\r?\n\s*/g, ' ') : d.kind };
  };
  const kept = applyExceptions(placed, exceptions, diags, where, removed);
  const naive = buildProgram(config, kept, markers, removed);
  if (opts.naive) return { program: naive, diagnostics: diags };
  const general = addRegexSets(addPrefilters(naive));
  const program = opts.paranoiaLevel === undefined ? general : foldParanoia(general, opts.paranoiaLevel);
  return { program: markStaticPrefix(uniformShapes(program)), diagnostics: diags };
}

function compileRule(
  r: ChainLink,
  set: LoadedRuleSet,
  defaults: ReadonlyMap<Phase, PhaseDefaults>,
  readDataFile: (path: string) => string | Error,
  diags: Diagnostic[],
  urlDecodeUni: Transformation,
): CompiledRule | null {
  const idText = value(find(r, 'id'));
  if (!/^\d+$/.test(idText)) {
    diags.push(diagnostic('SL4001', 'rule without a valid id is not loaded', r.span));
    return null;
  }
  const phase = parsePhase(value(find(r, 'phase'))) ?? 2;
  const d = defaults.get(phase) ?? BUILTIN_DEFAULTS;
  const link = compileLink(r, { set, defaults: d, readDataFile, diags, urlDecodeUni });
  let log = d.log;
  let auditlog = d.auditlog;
  // SecDefaultAction's disruptive action reaches a rule through `block` only: in v3 a rule that
  // names none passes (v2 would inherit it).
  let disruptive: CompiledRule['disruptive'] = PASS;
  let block = false;
  let status = d.status;
  let skip = 0;
  let skipAfterMarker: string | undefined;
  const tags: string[] = [];
  for (const a of r.actions) {
    const n = lower(a);
    if (n === 'log') log = true;
    else if (n === 'nolog') log = false;
    // v3 (3.0.9) keeps one "save the message" flag that all four set, the last one written winning:
    // a rule with noauditlog reaches neither the error log nor the audit log's messages.
    else if (n === 'auditlog') auditlog = log = true;
    else if (n === 'noauditlog') auditlog = log = false;
    else if (n === 'block') {
      block = true;
      disruptive = d.disruptive;
    } else if (['deny', 'drop', 'pass', 'allow', 'redirect', 'proxy', 'pause'].includes(n)) {
      disruptive = a.kind === 'Action' && a.value ? { kind: n as CompiledRule['disruptive']['kind'], arg: template(a.value) } : { kind: n as CompiledRule['disruptive']['kind'] };
      block = false;
    } else if (n === 'status') status = Number(value(a)) || undefined;
    else if (n === 'skip') skip = Number(value(a)) || 0;
    else if (n === 'skipafter') skipAfterMarker = value(a);
    else if (n === 'tag') tags.push(value(a));
  }
  const file = set.sources.get(r.span.fileId);
  const msgA = findLast(r, 'msg');
  const logdataA = findLast(r, 'logdata');
  const rule: CompiledRule = {
    ...link,
    id: Number(idText),
    phase,
    tags,
    log,
    auditlog,
    disruptive,
    block,
    skip,
    order: 0,
    file: file?.path ?? '',
    line: file ? file.lineCol(r.span.start).line : 0,
    ...(msgA && msgA.kind === 'Action' ? { msg: template(msgA.value) } : {}),
    ...(logdataA && logdataA.kind === 'Action' ? { logdata: template(logdataA.value) } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(skipAfterMarker !== undefined ? { skipAfterMarker } : {}),
    ...optional('severity', parseSeverity(value(findLast(r, 'severity')))),
    ...optional('rev', value(findLast(r, 'rev')) || undefined),
    ...optional('ver', value(findLast(r, 'ver')) || undefined),
    ...optional('maturity', value(findLast(r, 'maturity')) || undefined),
    ...optional('accuracy', value(findLast(r, 'accuracy')) || undefined),
  };
  return rule;
}

/** SecRuleUpdateActionById directives by rule id (chain offsets other than 0 are not supported). */
function collectActionUpdates(directives: readonly Directive[]): Map<number, Action[]> {
  const m = new Map<number, Action[]>();
  for (const d of directives) {
    if (d.kind !== 'SecRuleUpdateActionById' || d.chainOffset !== 0) continue;
    m.set(d.id, [...(m.get(d.id) ?? []), ...d.actions]);
  }
  return m;
}

function optional<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

/** Buckets rules by phase and resolves each skipAfter to the index after its marker. */
function buildProgram(config: EngineConfig, placed: readonly Placed[], markers: readonly { name: string; order: number }[], removed: readonly RemovedRule[]): Program {
  const phases: CompiledRule[][] = [[], [], [], [], [], []];
  const orders: number[][] = [[], [], [], [], [], []];
  for (const p of placed) {
    phases[p.rule.phase].push(p.rule);
    orders[p.rule.phase].push(p.order);
  }
  for (let ph = 1; ph <= 5; ph++) {
    const list = phases[ph];
    const ord = orders[ph];
    phases[ph] = list.map((r, i) => {
      if (r.skipAfterMarker === undefined) return r;
      // ModSecurity searches forward for the marker; a marker that never comes ends the phase.
      const m = markers.find((mk) => mk.name === r.skipAfterMarker && mk.order > ord[i]);
      const target = m ? ord.findIndex((o) => o > m.order) : -1;
      return { ...r, skipAfter: target < 0 ? list.length : target };
    });
  }
  return assemble(config, phases, { optimized: false, removed });
}

const PASS: CompiledRule['disruptive'] = { kind: 'pass' };

const on = (s: Setting) => s.args[0]?.value.toLowerCase() === 'on';

function applySetting(c: { -readonly [K in keyof EngineConfig]: EngineConfig[K] }, s: Setting): void {
  const v = s.args[0]?.value ?? '';
  switch (s.name) {
    case 'SecRuleEngine':
      c.ruleEngine = (['On', 'Off', 'DetectionOnly'].find((m) => m.toLowerCase() === v.toLowerCase()) ?? 'On') as RuleEngineMode;
      break;
    case 'SecRequestBodyAccess':
      c.requestBodyAccess = on(s);
      break;
    case 'SecResponseBodyAccess':
      c.responseBodyAccess = on(s);
      break;
    case 'SecRequestBodyLimit':
      c.requestBodyLimit = Number(v);
      break;
    case 'SecRequestBodyNoFilesLimit':
      c.requestBodyNoFilesLimit = Number(v);
      break;
    case 'SecRequestBodyLimitAction':
      c.requestBodyLimitAction = v.toLowerCase() === 'reject' ? 'Reject' : 'ProcessPartial';
      break;
    case 'SecRequestBodyJsonDepthLimit':
      c.requestBodyJsonDepthLimit = Number(v);
      break;
    case 'SecArgumentsLimit':
      c.argumentsLimit = Number(v);
      break;
    case 'SecResponseBodyLimit':
      c.responseBodyLimit = Number(v);
      break;
    case 'SecResponseBodyLimitAction':
      c.responseBodyLimitAction = v.toLowerCase() === 'reject' ? 'Reject' : 'ProcessPartial';
      break;
    case 'SecResponseBodyMimeType':
      c.responseBodyMimeTypes = [...(c.responseBodyMimeTypes ?? []), ...s.args.flatMap((a) => a.value.split(/\s+/).filter(Boolean))];
      break;
    case 'SecResponseBodyMimeTypesClear':
      c.responseBodyMimeTypes = [];
      break;
    case 'SecArgumentSeparator':
      c.argumentSeparator = v || '&';
      break;
    case 'SecUploadFileLimit':
      c.uploadFileLimit = Number(v);
      break;
    case 'SecUploadKeepFiles':
      c.uploadKeepFiles = on(s);
      break;
    case 'SecTmpSaveUploadedFiles':
      c.tmpSaveUploadedFiles = on(s);
      break;
    case 'SecComponentSignature':
      c.componentSignatures = [...c.componentSignatures, v];
      break;
    case 'SecWebAppId':
      c.webAppId = v;
      break;
  }
}
