import type { CompiledRule, Program } from '../../runtime/program.ts';
import { withPhases } from '../assemble.ts';
import { toInt } from '../../runtime/operators/numeric.ts';

/**
 * CRS gates each paranoia level with a rule of this shape, once per phase:
 *   SecRule TX:DETECTION_PARANOIA_LEVEL "@lt 2" "id:…,phase:2,pass,nolog,skipAfter:END-…-PL2"
 * Returns the gate's threshold N, or undefined when the rule is not a plain gate.
 */
export function gateThreshold(r: CompiledRule): number | undefined {
  if (r.chained || r.skipAfter === undefined || r.targets.length !== 1 || r.exclusions.length > 0) return undefined;
  const t = r.targets[0];
  if (t.name !== 'TX' || t.count || t.key?.kind !== 'literal' || t.key.value.toLowerCase() !== 'detection_paranoia_level') return undefined;
  const op = r.operator;
  if (op.name !== 'lt' || op.negated || op.param.length !== 1 || typeof op.param[0] !== 'string') return undefined;
  if (r.transformations.length > 0 || r.setvars.length > 0 || r.ctls.length > 0 || r.disruptive.kind !== 'pass') return undefined;
  const n = Number(op.param[0].trim());
  // The engine compares the level with the threshold itself: it must be @lt's own reading.
  return Number.isInteger(n) && toInt(op.param[0]) === n ? n : undefined;
}

/**
 * Folds the paranoia gates for a known level L. A gate "@lt N" with L < N always skips, so the
 * rules it skips are dropped from the folded list; with L >= N it never fires. Safety: the fold
 * is only an assumption about TX:DETECTION_PARANOIA_LEVEL; every gate stays in the folded list
 * (it costs one TX lookup) and the engine checks it. If a transaction's level differs (a ctl or
 * setvar changed it), the gate's outcome disagrees with `gate.skips` and the engine continues on
 * the general program from that same rule, so verdicts never depend on the fold.
 */
export function foldParanoia(general: Program, level: number): Program {
  const phases: CompiledRule[][] = general.phases.map((list) => {
    const out: CompiledRule[] = [];
    let resumeAt = -1;
    list.forEach((r, i) => {
      if (i < resumeAt) return;
      const n = gateThreshold(r);
      if (n === undefined) {
        out.push(r);
        return;
      }
      const skips = level < n;
      out.push({ ...r, gate: { threshold: n, skips } });
      if (skips) resumeAt = r.skipAfter!;
    });
    return relink(list, out);
  });
  return withPhases(general, phases, { folded: { level, general } });
}

/** Re-points skipAfter indices (computed for the full list) into the shortened list. */
function relink(full: readonly CompiledRule[], kept: CompiledRule[]): CompiledRule[] {
  const orderAt = (i: number) => (i < full.length ? full[i].order : Infinity);
  return kept.map((r) => {
    if (r.skipAfter === undefined) return r;
    const targetOrder = orderAt(r.skipAfter);
    const idx = kept.findIndex((k) => k.order >= targetOrder);
    return { ...r, skipAfter: idx < 0 ? kept.length : idx };
  });
}
