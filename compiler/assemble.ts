import type { CompiledRule, EngineConfig, Program } from '../runtime/program.ts';

type Extras = Pick<Program, 'optimized'> & Partial<Pick<Program, 'folded' | 'literals' | 'removed'>>;

/** A Program from per-phase lists: the id and position indexes the engine uses. */
export function assemble(config: EngineConfig, phases: readonly (readonly CompiledRule[])[], extras: Extras): Program {
  const byId = new Map<number, CompiledRule>();
  for (const list of phases) for (const r of list) byId.set(r.id, r);
  const indexOfOrder = phases.map((list) => new Map(list.map((r, i) => [r.order, i])));
  return { config, phases, byId, indexOfOrder, ...extras };
}
