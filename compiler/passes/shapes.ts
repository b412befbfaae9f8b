import type { CompiledRule, OperatorInstance, Prefilter, Program, RuleLink } from '../../runtime/program.ts';
import { withPhases } from '../assemble.ts';

/**
 * The last pass of the optimized compile: every rule, link, operator instance and prefilter is
 * rebuilt as an object literal with all its fields in one fixed order. Earlier passes build
 * these by spreading (`{ ...r, gate }`, optional fields present or absent), which leaves V8
 * with dozens of hidden classes for what the engine treats as one type; every property read in
 * the per-rule loop then goes through a megamorphic lookup. One shape per kind keeps those
 * reads monomorphic. Nothing about a rule's meaning changes: the same values, in new objects.
 */
export function uniformShapes(p: Program): Program {
  const ops = new Map<OperatorInstance, OperatorInstance>();
  const rules = new Map<CompiledRule, CompiledRule>();
  const phases = p.phases.map((list) => list.map((r) => rules.get(r) ?? remember(rules, r, rule(r, ops))));
  const folded = p.folded ? { level: p.folded.level, general: uniformShapes(p.folded.general) } : undefined;
  return withPhases(p, phases, folded ? { folded } : {});
}

function remember<K, V>(m: Map<K, V>, k: K, v: V): V {
  m.set(k, v);
  return v;
}

function prefilter(f: Prefilter | undefined): Prefilter | undefined {
  return f ? { minLength: f.minLength, literalIds: f.literalIds, index: f.index } : undefined;
}

function operator(o: OperatorInstance, ops: Map<OperatorInstance, OperatorInstance>): OperatorInstance {
  let out = ops.get(o);
  if (!out) {
    out = { name: o.name, negated: o.negated, param: o.param, paramText: o.paramText, spec: o.spec, compiled: o.compiled, prefilter: prefilter(o.prefilter) };
    ops.set(o, out);
  }
  return out;
}

/**
 * Rules and chained links get the same shape (a chained link's rule fields are undefined), so
 * the engine's link evaluation sees a single hidden class. The fields the per-rule loop reads
 * for every rule come first: they share the object's first cache lines, and a program's few
 * hundred rules do not fit in the faster caches.
 */
function link(l: RuleLink, ops: Map<OperatorInstance, OperatorInstance>): RuleLink {
  return rule(l as CompiledRule, ops);
}

function rule(r: CompiledRule, ops: Map<OperatorInstance, OperatorInstance>): CompiledRule {
  return {
    screen: r.screen ?? -1,
    keyed: r.keyed ?? false,
    screenParts: r.screenParts,
    unconditional: r.unconditional,
    operator: operator(r.operator, ops),
    groupId: r.groupId,
    multiMatch: r.multiMatch,
    capture: r.capture,
    chained: r.chained ? link(r.chained, ops) : undefined,
    regexSet: r.regexSet,
    transformations: r.transformations,
    transformPrefixIds: r.transformPrefixIds,
    targetIds: r.targetIds,
    skipAfter: r.skipAfter,
    skip: r.skip,
    gate: r.gate,
    order: r.order,
    setvars: r.setvars,
    id: r.id,
    targets: r.targets,
    exclusions: r.exclusions,
    transformationNames: r.transformationNames,
    transformKey: r.transformKey,
    valuesKey: r.valuesKey,
    transformPrefixKeys: r.transformPrefixKeys,
    ctls: r.ctls,
    initcols: r.initcols,
    setenvs: r.setenvs,
    expirevars: r.expirevars,
    phase: r.phase,
    msg: r.msg,
    logdata: r.logdata,
    tags: r.tags,
    severity: r.severity,
    rev: r.rev,
    ver: r.ver,
    maturity: r.maturity,
    accuracy: r.accuracy,
    log: r.log,
    auditlog: r.auditlog,
    disruptive: r.disruptive,
    block: r.block,
    status: r.status,
    skipAfterMarker: r.skipAfterMarker,
    file: r.file,
    line: r.line,
  };
}
