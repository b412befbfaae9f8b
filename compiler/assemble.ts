import type { CompiledRule, EngineConfig, Program } from '../runtime/program.ts';

type Extras = { -readonly [K in 'optimized']: Program[K] } & { -readonly [K in 'folded' | 'literals' | 'removed' | 'transformPrefixCount' | 'groupCount' | 'targetCount' | 'groupStages' | 'targetStages' | 'screenPartStages' | 'staticPrefix' | 'levelFixed']?: Program[K] };

/** A Program from per-phase lists: the id and position indexes the engine uses. */
export function assemble(config: EngineConfig, phases: readonly (readonly CompiledRule[])[], extras: Extras): Program {
  const byId = new Map<number, CompiledRule>();
  for (const list of phases) for (const r of list) byId.set(r.id, r);
  const indexOfOrder = phases.map((list) => new Map(list.map((r, i) => [r.order, i])));
  return { config, phases, byId, indexOfOrder, ...extras };
}

/** `p` with new phase lists: everything else (fold, literals, removals, …) carried over. */
export function withPhases(p: Program, phases: readonly (readonly CompiledRule[])[], changes: Partial<Extras> = {}): Program {
  const { optimized, folded, literals, removed, transformPrefixCount, groupCount, targetCount, groupStages, targetStages, screenPartStages, staticPrefix, levelFixed } = p;
  const extras: Extras = { optimized };
  if (folded) extras.folded = folded;
  if (literals) extras.literals = literals;
  if (removed) extras.removed = removed;
  if (transformPrefixCount !== undefined) extras.transformPrefixCount = transformPrefixCount;
  if (groupCount !== undefined) extras.groupCount = groupCount;
  if (targetCount !== undefined) extras.targetCount = targetCount;
  if (groupStages) extras.groupStages = groupStages;
  if (targetStages) extras.targetStages = targetStages;
  if (screenPartStages) extras.screenPartStages = screenPartStages;
  if (staticPrefix !== undefined) extras.staticPrefix = staticPrefix;
  if (levelFixed !== undefined) extras.levelFixed = levelFixed;
  return assemble(p.config, phases, { ...extras, ...changes });
}
