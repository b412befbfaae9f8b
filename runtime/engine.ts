import { executeCtl } from './actions/ctl.ts';
import { executeSetvar } from './actions/setvar.ts';
import type { Interruption } from './interruption.ts';
import { expand, type MacroResolver } from './macro.ts';
import { isOperatorError, type Captures, type CompiledOperator } from './operators/types.ts';
import { toLong } from './operators/numeric.ts';
import type { CompiledRule, OperatorInstance, Phase, RuleLink } from './program.ts';
import { RuleMatch } from './match-record.ts';
import type { CollectionName, Transaction } from './transaction.ts';
import type { Tracer, TracedValue } from './trace.ts';
import { resolveMacro } from './tx-macros.ts';
import { exclusionsFor, isRemoved } from './removals.ts';
import { resolveTarget, varName, type VarValue } from './variables/resolve.ts';
import { groupCannotMatch, multiMatchSteps, prefilterCandidates, rawMatch, screenedOut, transformed, valueGroup, type ValueGroup } from './shared-work.ts';
import type { StringWork } from './string-memo.ts';
import { keepPrefix, prefixOutcome, refusePrefix, restorePrefix, startsPristine } from './static-prefix.ts';
import type { Collection } from './collections/collection.ts';

/**
 * The per-phase loop. Everything structural was resolved by the compiler (phase buckets,
 * chains, skip targets, compiled operators); this loop only walks the list, evaluates, and
 * jumps. Semantics follow ModSecurity v3:
 * - a link's setvars run for every value that matches it, whether or not the rest of the chain
 *   matches (which is why CRS puts setvar on the last link);
 * - ctl, setenv, initcol and expirevar, disruptive actions, logging and flow (skip, skipAfter)
 *   follow a full chain match;
 * - a rule that does not match empties MATCHED_VAR* (one that matches adds to MATCHED_VARS);
 * - in DetectionOnly nothing disruptive happens (allow included), but everything is logged.
 */
export function runPhase(tx: Transaction, phase: Phase): Interruption | null {
  // Request and response data change between phases (the body is parsed before phase 2).
  tx.valueGroups.clear();
  if (tx.program.optimized) dropChangedGroups(tx, phase);
  let program = tx.onGeneralPath && tx.program.folded ? tx.program.folded.general : tx.program;
  let rules = program.phases[phase];
  const context = new RuleContext(tx);
  let i = 0;
  // The static prefix (runtime/static-prefix.ts): put in from its kept outcome, or run and kept.
  let prefix = phase === 1 && program.staticPrefix !== undefined && startsPristine(tx) ? program.staticPrefix : 0;
  if (prefix > 0) {
    const kept = prefixOutcome(program);
    if (kept === null) prefix = 0;
    else if (kept !== undefined) {
      restorePrefix(tx, kept);
      context.matchedSince = kept.matchedSince;
      i = kept.resumeAt;
      prefix = 0;
    }
  }
  while (i < rules.length) {
    if (prefix > 0 && i >= prefix) {
      keepPrefix(tx, i, context.matchedSince);
      prefix = 0;
    }
    let rule = rules[i];
    const tracer = tx.tracer;
    if (isRemoved(tx, rule)) {
      tracer?.skipped?.(rule, 'ctl');
      i++;
      continue;
    }
    if (rule.screen! >= 0 && tracer === undefined && screenedOut(tx, rule)) {
      // Not evaluated, so nothing of it is seen but what every rule that does not match leaves.
      context.clearMatched();
      i++;
      continue;
    }
    tracer?.ruleStart?.(rule, phase);
    const ctx = context.reset(rule);
    const matched = tracer ? evaluateTraced(ctx, rule, 0, tracer) : rule.gate !== undefined ? evaluateGate(ctx, rule, rule.gate) : evaluateLink(ctx, rule);
    tracer?.ruleEnd?.(rule, matched);
    if (rule.gate && matched !== rule.gate.skips) {
      // This transaction's paranoia level is not the one the program was folded for: go on,
      // from this very rule, in the general program (see compiler/passes/paranoia.ts).
      tx.onGeneralPath = true;
      program = tx.program.folded!.general;
      rules = program.phases[phase];
      i = program.indexOfOrder[phase].get(rule.order)!;
      rule = rules[i];
    }
    if (!matched) {
      if (ctx.starterMatched && rule.multiMatch) logEntry(ctx);
      context.clearMatched();
      i++;
      continue;
    }
    if (prefix > 0 && rule.disruptive.kind !== 'pass') {
      // Whether it disrupts depends on the engine mode, which a transaction may change.
      refusePrefix(program);
      prefix = 0;
    }
    runFullMatchActions(ctx, rule);
    record(ctx);
    const disruption = disrupt(tx, rule, phase, ctx.resolve);
    if (disruption === 'stop') return tx.interruption;
    if (disruption === 'allow') return null;
    const next = rule.skipAfter !== undefined ? rule.skipAfter : i + 1 + rule.skip;
    if (tracer) for (let j = i + 1; j < next && j < rules.length; j++) tracer.skipped?.(rules[j], rule.skipAfter !== undefined ? 'skipAfter' : 'skip', rule.id, rule.skipAfterMarker);
    i = next;
  }
  if (prefix > 0) keepPrefix(tx, i, context.matchedSince);
  return null;
}

/**
 * Drops the value groups and target lists whose data arrives for this phase: a group of the
 * request headers built in phase 1 serves phase 2 as well (its transformed values, scans and
 * set answers with it), while one over ARGS is rebuilt once the body has been parsed.
 */
function dropChangedGroups(tx: Transaction, phase: Phase): void {
  const p = tx.program;
  if (tx.groupSlots.length === 0) {
    tx.groupSlots = new Array(p.groupCount ?? 0);
    tx.targetSlots = new Array(p.targetCount ?? 0);
    tx.partSlots = new Array(p.screenPartStages?.length ?? 0);
    return;
  }
  drop(tx.groupSlots, p.groupStages, phase);
  drop(tx.targetSlots, p.targetStages, phase);
  drop(tx.partSlots, p.screenPartStages, phase);
}

function drop(slots: unknown[], stages: Uint8Array | undefined, phase: Phase): void {
  for (let i = 0; i < slots.length; i++) if (stages === undefined || stages[i] === phase) slots[i] = undefined;
}

/**
 * State of one rule's evaluation: its last match, for logs and macros. One per phase run,
 * reset for each rule, so that the loop allocates nothing per rule.
 */
class RuleContext {
  rule!: CompiledRule;
  lastName = '';
  lastValue = '';
  lastTransformed = '';
  /** Whether MATCHED_VAR* may hold something: true until the first clear (an earlier phase may have left them set). */
  matchedSince = true;
  /** Whether the rule's first link matched and its chain was tried. */
  starterMatched = false;
  readonly resolve: MacroResolver;
  readonly matchedVars: Collection;
  readonly txCollection: Collection;

  constructor(readonly tx: Transaction) {
    this.resolve = (c, k, lower) => resolveMacro(tx, this.rule, c, k, lower);
    this.matchedVars = tx.col('MATCHED_VARS');
    this.txCollection = tx.txCollection;
  }

  reset(rule: CompiledRule): this {
    this.rule = rule;
    this.lastName = this.lastValue = this.lastTransformed = '';
    this.starterMatched = false;
    return this;
  }

  /**
   * What a rule that does not match does to MATCHED_VAR, MATCHED_VAR_NAME and MATCHED_VARS: it
   * empties them (v3's cleanMatchedVars). A rule that matches adds to MATCHED_VARS without
   * clearing it, so after a run of matching rules it holds all their matches, and a chained
   * `SecRule MATCHED_VARS` link (CRS 942440, 933150, …) reads them all, as in ModSecurity v3.
   * A SecAction and a rule removed by ctl leave them as they are.
   */
  clearMatched(): void {
    if (!this.matchedSince) return;
    this.matchedSince = false;
    if (this.matchedVars.size > 0) this.matchedVars.clear();
    this.tx.scalars.delete('MATCHED_VAR');
    this.tx.scalars.delete('MATCHED_VAR_NAME');
  }
}

const macroOperators = new WeakMap<OperatorInstance, Map<string, CompiledOperator | null>>();

/** The compiled operator; a parameter with macros is expanded and compiled per value seen. */
function operatorFor(op: OperatorInstance, resolve: MacroResolver): CompiledOperator | null {
  if (op.compiled) return op.compiled;
  const param = expand(op.param, resolve);
  let cache = macroOperators.get(op);
  if (!cache) macroOperators.set(op, (cache = new Map()));
  let c = cache.get(param);
  if (c === undefined) {
    const r = op.spec.create(param, { readDataFile: () => new Error('data files are loaded at compile time') });
    c = isOperatorError(r) ? null : r;
    if (cache.size > 256) cache.clear();
    cache.set(param, c);
  }
  return c;
}

/** After a link matched: the rest of its chain, if any (noting that the chain's start matched). */
function chainOn(ctx: RuleContext, link: RuleLink): boolean {
  if (!link.chained) return true;
  if (link === ctx.rule) ctx.starterMatched = true;
  return evaluateLink(ctx, link.chained);
}

function evaluateLink(ctx: RuleContext, link: RuleLink): boolean {
  const tx = ctx.tx;
  if (link.unconditional) {
    runLinkActions(ctx, link);
    return chainOn(ctx, link);
  }
  // ctl target removals name a rule by id, tag or msg, which only the chain starter has (v3's
  // chained links carry id 0 and no tags): later links keep all their targets.
  const runtime = link === ctx.rule ? exclusionsFor(tx, ctx.rule, link) : null;
  const exclusions = runtime ? runtime.list : link.exclusions;
  let matched = false;
  if (!link.multiMatch && link.valuesKey !== null && tx.program.optimized) {
    const group = valueGroup(tx, runtime ? runtime.groupKey! : null, link, exclusions);
    const pf = link.operator.prefilter;
    // The operator (and the capture list) only once some value is to be tested: for most
    // links on ordinary traffic, none is.
    if (pf !== undefined && pf.index >= 0 && !link.operator.negated) {
      const candidates = prefilterCandidates(tx, group, pf);
      if (candidates.length === 0) return false;
      const op = operatorFor(link.operator, ctx.resolve);
      if (!op) return false;
      const captures = capturesFor(link);
      for (let j = 0; j < candidates.length; j++) {
        const i = candidates[j];
        if (test(ctx, link, op, group.values[i], group.works[i].text, captures, group, i)) matched = true;
      }
    } else {
      if (group.values.length === 0 || groupCannotMatch(tx, link, group)) return false;
      const op = operatorFor(link.operator, ctx.resolve);
      if (!op) return false;
      const captures = capturesFor(link);
      for (let i = 0; i < group.values.length; i++) {
        if (test(ctx, link, op, group.values[i], group.works[i].text, captures, group, i)) matched = true;
      }
    }
    if (!matched) return false;
    return chainOn(ctx, link);
  }
  const op = operatorFor(link.operator, ctx.resolve);
  if (!op) return false;
  const captures = capturesFor(link);
  if (link.multiMatch && link.valuesKey !== null && tx.program.optimized && link.transformations.length > 0) {
    // multiMatch over a value group: the group's values, and each distinct step's form, listed
    // once per group with its work (shared-work.ts multiMatchSteps).
    const group = valueGroup(tx, runtime ? runtime.groupKey! : null, link, exclusions);
    const steps = multiMatchSteps(tx, group, link);
    for (let i = 0; i < steps.length; i++) {
      const forms = steps[i];
      for (let k = 0; k < forms.length; k++) {
        if (test(ctx, link, op, group.values[i], forms[k].text, captures, undefined, 0, forms[k])) matched = true;
      }
    }
    if (!matched) return false;
    return chainOn(ctx, link);
  }
  if (link.keyed && runtime === null) {
    const t = link.targets[0];
    const elements = tx.col(t.name as CollectionName).getLower(t.key!.lower!);
    if (t.count) matched = testElement(ctx, link, op, t.name, t.key!.value, String(elements.length), captures);
    else if (elements.length === 1) matched = testElement(ctx, link, op, t.name, elements[0].key, elements[0].value, captures);
    else if (elements.length > 1) {
      // Actions of a match may change the collection: test what it held before the first.
      for (const e of elements.slice()) if (testElement(ctx, link, op, t.name, e.key, e.value, captures)) matched = true;
    }
    if (!matched) return false;
    return chainOn(ctx, link);
  }
  const values: VarValue[] = [];
  for (const t of link.targets) resolveTarget(tx, t, exclusions, values);
  for (const v of values) {
    if (link.multiMatch) {
      let cur = v.value;
      if (test(ctx, link, op, v, cur, captures)) matched = true;
      for (const t of link.transformations) {
        const next = t(cur);
        if (next === cur) continue;
        cur = next;
        if (test(ctx, link, op, v, cur, captures)) matched = true;
      }
    } else if (test(ctx, link, op, v, transformed(tx, link, v.value), captures)) matched = true;
  }
  if (!matched) return false;
  return chainOn(ctx, link);
}

/**
 * A paranoia gate of a folded program (compiler/passes/paranoia.ts): `TX:DETECTION_PARANOIA_LEVEL
 * "@lt N"`, untransformed, without actions of its own. CRS has two per rule file and phase, a
 * third of the rules every request reaches; this is evaluateLink's keyed path for exactly that
 * rule, reading the level and comparing it without going through the operator.
 */
function evaluateGate(ctx: RuleContext, rule: CompiledRule, gate: NonNullable<CompiledRule['gate']>): boolean {
  const tx = ctx.tx;
  if (tx.targetRemovals !== 0 && exclusionsFor(tx, rule, rule) !== null) return evaluateLink(ctx, rule);
  const known = tx.fixedLevel;
  if (known !== undefined) {
    // The level the static prefix left, which nothing since can have changed.
    if (known === null || known.number >= gate.threshold) return false;
    matchedValue(ctx, rule, known.name, known.value, known.value, null);
    return true;
  }
  const elements = ctx.txCollection.getLower(PARANOIA_KEY);
  let matched = false;
  for (const e of elements.length > 1 ? elements.slice() : elements) {
    if (toLong(e.value) < gate.threshold) {
      // The same key on every gate of every request: its name is built once.
      if (e.key !== gateKey) gateName = `TX:${(gateKey = e.key)}`;
      matchedValue(ctx, rule, gateName, e.value, e.value, null);
      matched = true;
    }
  }
  return matched;
}

const PARANOIA_KEY = 'detection_paranoia_level';
let gateKey = '';
let gateName = '';

/** Where a capturing link's operator leaves its captures (TX:0, TX:1, …); null when it does not capture. */
function capturesFor(link: RuleLink): Captures | null {
  return link.capture && link.operator.spec.capture ? [] : null;
}

/**
 * evaluateLink for a traced transaction: the same decisions, no shared caches, and every value
 * reported with each transformation step and what the operator captured.
 */
function evaluateTraced(ctx: RuleContext, link: RuleLink, depth: number, tracer: Tracer): boolean {
  const tx = ctx.tx;
  if (link.unconditional) {
    runLinkActions(ctx, link);
    tracer.link?.(ctx.rule, link, depth, [], true);
    return link.chained ? evaluateTraced(ctx, link.chained, depth + 1, tracer) : true;
  }
  const op = operatorFor(link.operator, ctx.resolve);
  if (!op) {
    tracer.link?.(ctx.rule, link, depth, [], false);
    return false;
  }
  const captures = capturesFor(link);
  const values: VarValue[] = [];
  const runtime = link === ctx.rule ? exclusionsFor(tx, ctx.rule, link) : null;
  for (const t of link.targets) resolveTarget(tx, t, runtime?.list ?? link.exclusions, values);
  const traced: TracedValue[] = [];
  let matched = false;
  for (const v of values) {
    const steps: { name: string; value: string }[] = [];
    let cur = v.value;
    // multiMatch tests the value itself and every step that changed it, as evaluateLink does.
    const forms = link.multiMatch ? [cur] : [];
    link.transformations.forEach((t, k) => {
      const next = t(cur);
      if (link.multiMatch && next !== cur) forms.push(next);
      cur = next;
      steps.push({ name: link.transformationNames[k], value: cur });
    });
    if (!link.multiMatch) forms.push(cur);
    let hit = false;
    let first: { form: string; scratch: Captures } | undefined;
    for (const form of forms) {
      // What the operator captures is shown even for a rule without `capture`.
      const scratch: Captures = [];
      if (link.operator.spec.capture) op.match(form, scratch);
      if (!test(ctx, link, op, v, form, captures)) continue;
      hit = matched = true;
      first ??= { form, scratch };
    }
    traced.push({
      variable: varName(v),
      raw: v.value,
      steps,
      matched: hit,
      ...(first && first.form !== cur ? { matchedForm: first.form } : {}),
      ...(first && first.scratch.length > 0 ? { captured: first.scratch.map((c) => c ?? '') } : {}),
    });
  }
  tracer.link?.(ctx.rule, link, depth, traced, matched);
  if (!matched) return false;
  if (link.chained && link === ctx.rule) ctx.starterMatched = true;
  return link.chained ? evaluateTraced(ctx, link.chained, depth + 1, tracer) : true;
}


function test(ctx: RuleContext, link: RuleLink, op: CompiledOperator, v: VarValue, transformed: string, captures: Captures | null, group?: ValueGroup, index = 0, work?: StringWork): boolean {
  const raw = rawMatch(ctx.tx, link, op, transformed, captures, group, index, work);
  if (raw === link.operator.negated) {
    if (raw && captures !== null) storeCaptures(ctx.tx, captures);
    return false;
  }
  matchedValue(ctx, link, varName(v), v.value, transformed, captures);
  return true;
}

/** test for a keyed link's element (RuleLink.keyed): its raw value is the transformed one. */
function testElement(ctx: RuleContext, link: RuleLink, op: CompiledOperator, variable: string, key: string | null, value: string, captures: Captures | null): boolean {
  const raw = rawMatch(ctx.tx, link, op, value, captures);
  if (raw === link.operator.negated) {
    if (raw && captures !== null) storeCaptures(ctx.tx, captures);
    return false;
  }
  matchedValue(ctx, link, key === null ? variable : `${variable}:${key}`, value, value, captures);
  return true;
}

/**
 * TX:0, TX:1, … from an operator that matched. The operator captures before negation is
 * applied (v3 stores them inside the operator), so a `!@rx` with capture leaves them when its
 * regex matches, although the link then does not.
 */
function storeCaptures(tx: Transaction, captures: Captures): void {
  const txc = tx.txCollection;
  for (let i = 0; i < captures.length; i++) {
    const c = captures[i];
    if (c !== undefined) txc.set(String(i), c);
  }
}

/** What a value's match leaves behind: captures, MATCHED_VAR*, and the link's actions. */
function matchedValue(ctx: RuleContext, link: RuleLink, name: string, raw: string, transformed: string, captures: Captures | null): void {
  const tx = ctx.tx;
  // A negated link matches where its operator did not, which captured nothing.
  if (captures !== null && captures.length > 0 && !link.operator.negated) storeCaptures(tx, captures);
  tx.scalars.set('MATCHED_VAR', transformed);
  tx.scalars.set('MATCHED_VAR_NAME', name);
  ctx.matchedVars.add(name, transformed);
  ctx.matchedSince = true;
  ctx.lastName = name;
  ctx.lastValue = raw;
  ctx.lastTransformed = transformed;
  runLinkActions(ctx, link);
}

/** A link's setvars: ModSecurity v3's only actions "independent of the chained rule result", run on each of its matches. */
function runLinkActions(ctx: RuleContext, link: RuleLink): void {
  const tx = ctx.tx;
  const tracer = tx.tracer;
  for (const s of link.setvars) {
    if (!tracer?.setvar) {
      executeSetvar(tx, s, ctx.resolve);
      continue;
    }
    const key = expand(s.key, ctx.resolve);
    const col = s.collection as CollectionName;
    const before = tx.collections.get(col)?.first(key);
    executeSetvar(tx, s, ctx.resolve);
    tracer.setvar(ctx.rule, s.collection, key, before, tx.collections.get(col)?.first(key));
  }
}

/**
 * ctl, setenv, initcol and expirevar: v3 runs them once, after the whole chain matched (its
 * executeActionsAfterFullMatch), the last link's first. So a ctl on a chain's first link takes
 * effect only when the chain matches, and a rule's ctl runs once however many values matched.
 */
function runFullMatchActions(ctx: RuleContext, link: RuleLink): void {
  if (link.chained) runFullMatchActions(ctx, link.chained);
  if (link.ctls.length === 0 && link.setenvs.length === 0 && link.initcols.length === 0 && link.expirevars.length === 0) return;
  const tx = ctx.tx;
  for (const c of link.ctls) executeCtl(tx, c.option, expand(c.value, ctx.resolve));
  for (const e of link.setenvs) tx.col('ENV').set(e.name, expand(e.value, ctx.resolve));
  for (const c of link.initcols) tx.initCollection(c.collection, expand(c.key, ctx.resolve));
  for (const e of link.expirevars) tx.expireVar(e.collection, e.key, Number(expand(e.seconds, ctx.resolve)) || 0);
}

/**
 * The rule's log entry. Also written, alone, for a multiMatch rule whose first link matched
 * when its chain then fails: libmodsecurity v3 logs it (CRS 942131; CRS's nginx overrides list
 * it as "the first part of the chain always produces a log"), though no action of the rule runs
 * and no severity is counted.
 */
function logEntry(ctx: RuleContext): void {
  const { rule } = ctx;
  const msg = rule.msg ? expand(rule.msg, ctx.resolve) : '';
  const logdata = rule.logdata ? expand(rule.logdata, ctx.resolve) : '';
  ctx.tx.matches.push(new RuleMatch(rule, msg, logdata, ctx.lastName, ctx.lastValue, ctx.lastTransformed));
}

/** A matched rule: its log entry, and its severity counted. */
function record(ctx: RuleContext): void {
  const { tx, rule } = ctx;
  if (rule.severity !== undefined && rule.severity < tx.highestSeverity) tx.highestSeverity = rule.severity;
  logEntry(ctx);
}

/** Applies the rule's disruptive action when the engine is On. */
function disrupt(tx: Transaction, rule: CompiledRule, phase: Phase, resolve: MacroResolver): 'stop' | 'allow' | 'go' {
  if (tx.settings.ruleEngine !== 'On') return 'go';
  const d = rule.disruptive;
  switch (d.kind) {
    case 'deny':
      tx.interruption = { status: rule.status ?? 403, ruleId: rule.id, action: 'deny', phase };
      return 'stop';
    case 'drop':
      tx.interruption = { status: rule.status ?? 403, ruleId: rule.id, action: 'drop', phase };
      return 'stop';
    case 'redirect': {
      const status = rule.status && [301, 302, 303, 307].includes(rule.status) ? rule.status : 302;
      tx.interruption = { status, ruleId: rule.id, action: 'redirect', url: d.arg ? expand(d.arg, resolve) : '', phase };
      return 'stop';
    }
    case 'allow': {
      const arg = d.arg ? expand(d.arg, resolve).toLowerCase() : '';
      if (arg === 'phase') return 'allow';
      tx.allowUntilPhase = arg === 'request' ? 2 : 4;
      return 'allow';
    }
    default:
      return 'go';
  }
}
