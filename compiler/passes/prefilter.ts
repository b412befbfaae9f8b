import { AhoCorasick, asciiLower } from '../../runtime/match/aho-corasick.ts';
import type { CompiledRule, OperatorInstance, Prefilter, Program, RuleLink } from '../../runtime/program.ts';
import { analyzeRegex } from './regex-literals.ts';
import { groupKey, groupStage, targetKeys } from './value-groups.ts';
import { isCollectionVariable } from '../../runtime/variables/resolve.ts';

/**
 * The optimizer's per-link pass, run after load-time exceptions (so that SecRuleUpdateTarget
 * exclusions are part of every key): value-group keys (value-groups.ts), and for every static
 * @rx a prefilter, with one automaton over all their literals for the program.
 * At run time one scan of a transformed value marks which literals it contains; a regex none of
 * whose literals occur (or whose minimum match length exceeds the value) is not run.
 *
 * Safety: the prefilter may only answer "certainly no". regex-literals.ts only weakens what it
 * knows; the scan folds ASCII case for both sides, so a literal present in any case is found;
 * a regex whose requirement is unknown gets no literal check. Differential tests compare the
 * verdicts with the naive program on CRS's regression requests and on generated requests.
 */
export function addPrefilters(p: Program): Program {
  const literalIds = new Map<string, number>();
  const owners: number[][] = [];
  let prefilterCount = 0;
  const byOperator = new Map<OperatorInstance, OperatorInstance>();
  const withPrefilter = (op: OperatorInstance): OperatorInstance => {
    const phrases = op.compiled?.phrases;
    if ((op.name !== 'rx' && !phrases) || !op.compiled) return op;
    const known = byOperator.get(op);
    if (known) return known;
    // A phrase list is its own literal set: @pm matches exactly when one phrase occurs.
    const req = phrases
      ? phrases.length > 0 && phrases.every((p) => p.length > 0)
        ? { minLength: Math.min(...phrases.map((p) => p.length)), literals: phrases.map(asciiLower) }
        : { minLength: 0, literals: null }
      : analyzeRegex(op.paramText);
    let prefilter: Prefilter | undefined;
    // A set holding a single letter or digit rules out almost nothing and makes every value
    // hit: such regexes keep only the length check.
    const selective = req.literals && (phrases !== undefined || !req.literals.some((l) => l.length === 1 && /[a-z0-9]/.test(l)));
    if (req.literals && selective) {
      const ids = req.literals.map((l) => {
        let id = literalIds.get(l);
        if (id === undefined) literalIds.set(l, (id = literalIds.size));
        return id;
      });
      const index = prefilterCount++;
      const unique = Int32Array.from(new Set(ids));
      for (const id of unique) (owners[id] ??= []).push(index);
      prefilter = { minLength: req.minLength, literalIds: unique, index };
    } else if (req.minLength > 0) prefilter = { minLength: req.minLength, index: -1 };
    const out = prefilter ? { ...op, prefilter } : op;
    byOperator.set(op, out);
    return out;
  };
  const prefixIds = new Map<string, number>();
  const groupIds = new Map<string, number>();
  const targetIds = new Map<string, number>();
  const groupStages: number[] = [];
  const targetStages: number[] = [];
  const partIds = new Map<string, number>();
  const partStages: number[] = [];
  const idOf = (m: Map<string, number>, k: string) => {
    let id = m.get(k);
    if (id === undefined) m.set(k, (id = m.size));
    return id;
  };
  const mapLink = <L extends RuleLink>(l: L): L => {
    const chained = l.chained ? mapLink(l.chained) : undefined;
    const operator = withPrefilter(l.operator);
    const valuesKey = l.unconditional ? null : groupKey(l.targets, l.exclusions, l.transformKey);
    const transformPrefixIds = Int32Array.from(l.transformPrefixKeys, (k) => idOf(prefixIds, k));
    const grouped = valuesKey === null ? {} : { groupId: idOf(groupIds, valuesKey), targetIds: Int32Array.from(targetKeys(l.targets, l.exclusions), (k) => idOf(targetIds, k)) };
    let screenParts: Int32Array | undefined;
    if (valuesKey !== null) {
      groupStages[grouped.groupId!] = groupStage(l.targets);
      l.targets.forEach((t, i) => (targetStages[grouped.targetIds![i]] = groupStage([t])));
      screenParts = Int32Array.from(grouped.targetIds!, (t, i) => {
        const id = idOf(partIds, `${t}#${l.transformKey}`);
        partStages[id] = groupStage([l.targets[i]]);
        return id;
      });
    }
    // A link over a value group with a literal prefilter and a non-negated operator matches
    // only where a value holds one of the prefilter's literals; as a rule's first link, that
    // lets the engine pass the whole rule on a bit read per value of its screen parts.
    const pf = operator.prefilter;
    const screen = valuesKey !== null && !l.multiMatch && !operator.negated && pf !== undefined && pf.index >= 0 ? pf.index : -1;
    return { ...l, operator, valuesKey, ...grouped, ...(screenParts ? { screenParts } : {}), transformPrefixIds, screen, keyed: isKeyed(l), ...(chained ? { chained } : {}) };
  };
  const phases = p.phases.map((list) => list.map((r) => mapLink<CompiledRule>(r)));
  const byId = new Map<number, CompiledRule>();
  for (const list of phases) for (const r of list) byId.set(r.id, r);
  const literals =
    literalIds.size > 0
      ? {
          automaton: new AhoCorasick([...literalIds.keys()]),
          count: literalIds.size,
          owners: Array.from({ length: literalIds.size }, (_, id) => Int32Array.from(owners[id] ?? [])),
          prefilterCount,
          scratch: new Uint8Array(literalIds.size),
        }
      : undefined;
  return { ...p, phases, byId, ...(literals ? { literals } : {}), transformPrefixCount: prefixIds.size, groupCount: groupIds.size, targetCount: targetIds.size, groupStages: Uint8Array.from(groupStages), targetStages: Uint8Array.from(targetStages), screenPartStages: Uint8Array.from(partStages), optimized: true };
}

/**
 * A link that reads one named element of a collection, untransformed (`TX:blocking_paranoia_level`,
 * `&TX:crs_setup_version`): CRS's paranoia gates, setup defaults and score checks, a third of
 * the rules on every request. The engine reads such an element directly (RuleLink.keyed).
 */
function isKeyed(l: RuleLink): boolean {
  if (l.unconditional || l.multiMatch || l.targets.length !== 1 || l.exclusions.length > 0 || l.transformations.length > 0) return false;
  const t = l.targets[0];
  return isCollectionVariable(t.name) && t.key?.kind === 'literal' && t.key.lower !== undefined;
}
