import { buildRegexSets } from '../../runtime/match/regex-set.ts';
import type { CompiledRule, Prefilter, Program, RegexSetSlot, RuleLink } from '../../runtime/program.ts';
import { withPhases } from '../assemble.ts';

/**
 * Set matching: the static @rx links of one value group (same targets, exclusions and
 * transformations, so the same transformed values; value-groups.ts) share RE2 sets. At run time
 * the first of them to reach a value runs the set once; every member then reads its answer, and
 * a pattern runs alone only where the set says it matches (to get captures) or where the set
 * gave up. Safety: a set compiled with @rx's flag answers "matches somewhere" exactly as each
 * regex does; multiMatch links (which test intermediate values) and macro patterns keep their
 * own runs. Needs value-group keys, so it runs after addPrefilters.
 */
export function addRegexSets(p: Program): Program {
  const eligible = (l: RuleLink) => !l.unconditional && l.valuesKey !== null && !l.multiMatch && l.operator.name === 'rx' && l.operator.compiled !== undefined;
  const patternsByGroup = new Map<string, string[]>();
  const prefilters = new Map<string, Prefilter>();
  const visit = (l: RuleLink | undefined): void => {
    for (; l; l = l.chained) {
      if (!eligible(l)) continue;
      if (l.operator.prefilter) prefilters.set(l.operator.paramText, l.operator.prefilter);
      const list = patternsByGroup.get(l.valuesKey!) ?? [];
      if (!list.includes(l.operator.paramText)) list.push(l.operator.paramText);
      patternsByGroup.set(l.valuesKey!, list);
    }
  };
  for (const list of p.phases) for (const r of list) visit(r);

  const slots = new Map<string, Map<string, RegexSetSlot>>();
  for (const [key, patterns] of patternsByGroup) {
    if (patterns.length < 2) continue;
    const byPattern = new Map<string, RegexSetSlot>();
    buildRegexSets(patterns).forEach(({ set, members }, slot) => {
      const filters = members.map((k) => prefilters.get(patterns[k]) ?? null);
      members.forEach((k, index) => byPattern.set(patterns[k], { set, slot, index, filters }));
    });
    slots.set(key, byPattern);
  }

  const mapLink = <L extends RuleLink>(l: L): L => {
    const chained = l.chained ? mapLink(l.chained) : undefined;
    const regexSet = eligible(l) ? slots.get(l.valuesKey!)?.get(l.operator.paramText) : undefined;
    if (!regexSet && chained === l.chained) return l;
    return { ...l, ...(regexSet ? { regexSet } : {}), ...(chained ? { chained } : {}) };
  };
  const phases = p.phases.map((list) => list.map((r) => mapLink<CompiledRule>(r)));
  return withPhases(p, phases);
}
