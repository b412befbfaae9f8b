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
 * the engine's link evaluation sees a single hidden class.
 */
function link(l: RuleLink, ops: Map<OperatorInstance, OperatorInstance>): RuleLink {
  return rule(l as CompiledRule, ops);
}

function rule(r: CompiledRule, ops: Map<OperatorInstance, OperatorInstance>): CompiledRule {
  return {
    targets: r.targets,
    exclusions: r.exclusions,
    transformationNames: r.transformationNames,
    transformations: r.transformations,
    transformKey: r.transformKey,
    valuesKey: r.valuesKey,
    groupId: r.groupId,
    targetIds: r.targetIds,
    transformPrefixKeys: r.transformPrefixKeys,
    transformPrefixIds: r.transformPrefixIds,
    operator: operator(r.operator, ops),
    regexSet: r.regexSet,
    capture: r.capture,
    multiMatch: r.multiMatch,
    setvars: r.setvars,
    ctls: r.ctls,
    initcols: r.initcols,
    setenvs: r.setenvs,
    expirevars: r.expirevars,
    chained: r.chained ? link(r.chained, ops) : undefined,
    unconditional: r.unconditional,
    id: r.id,
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
    skip: r.skip,
    skipAfter: r.skipAfter,
    skipAfterMarker: r.skipAfterMarker,
    order: r.order,
    gate: r.gate,
    file: r.file,
    line: r.line,
  };
}
