import type { CompiledRule, Program, RuleLink, SetvarSpec, Target, Template } from '../../runtime/program.ts';
import { withPhases } from '../assemble.ts';

/**
 * CRS opens every request with some thirty rules that read nothing from it: crs-setup's
 * SecActions and REQUEST-901's defaults (`SecRule &TX:x "@eq 0" "…,setvar:tx.x=…"`). Whatever
 * the request, they leave the same TX values, the same match records and the same
 * MATCHED_VAR*, so the engine runs them once per program and copies their outcome into later
 * transactions (runtime/static-prefix.ts). This pass finds them: the longest run of phase-1
 * rules, from the first, whose every link reads only TX and whose every action's effect
 * depends only on TX and the rule itself.
 *
 * It also tells whether anything after that run can change TX:DETECTION_PARANOIA_LEVEL. If
 * nothing can, the level the run leaves is the level every paranoia gate reads, and a gate's
 * outcome is known from the run's outcome alone.
 */
export function markStaticPrefix(p: Program): Program {
  const first = p.phases[1] ?? [];
  let n = 0;
  while (n < first.length && first[n].gate === undefined && linksAreStatic(first[n])) n++;
  if (n === 0) return p;
  // The gates a known level answers are those of this program (a folded one): once a gate
  // disagrees, the engine leaves it for the general program, whose gates are ordinary rules.
  const after = p.phases.flatMap((list, phase) => (phase === 1 ? list.slice(n) : list));
  const levelFixed = !after.some(mayWriteLevel);
  return withPhases(p, p.phases, { staticPrefix: n, levelFixed });
}

/** Whether the rule, every link of it, reads only TX and acts only on TX, from TX. */
function linksAreStatic(rule: CompiledRule): boolean {
  if (!staticTemplate(rule.msg) || !staticTemplate(rule.logdata)) return false;
  if (rule.disruptive.arg && !staticTemplate(rule.disruptive.arg)) return false;
  for (let link: RuleLink | undefined = rule; link; link = link.chained) {
    if (!link.unconditional && (!link.targets.every(staticTarget) || !staticTemplate(link.operator.param))) return false;
    if (link.ctls.length > 0 || link.initcols.length > 0 || link.setenvs.length > 0 || link.expirevars.length > 0) return false;
    if (!link.setvars.every(staticSetvar)) return false;
  }
  return true;
}

function staticTarget(t: Target): boolean {
  return t.name === 'TX';
}

function staticSetvar(s: SetvarSpec): boolean {
  return s.collection === 'TX' && staticTemplate(s.key) && staticTemplate(s.value);
}

/**
 * A template whose expansion is the same on every request at this point: macros of TX, of the
 * rule itself, and MATCHED_VAR/MATCHED_VAR_NAME, which only the run itself has set by then.
 */
function staticTemplate(t: Template | undefined): boolean {
  if (t === undefined) return true;
  for (const part of t) {
    if (typeof part === 'string') continue;
    const c = part.collection;
    if (part.key !== undefined ? c !== 'TX' && c !== 'RULE' : c !== 'MATCHED_VAR' && c !== 'MATCHED_VAR_NAME') return false;
  }
  return true;
}

const LEVEL_KEY = 'detection_paranoia_level';

/**
 * Whether a setvar of the rule may write TX:DETECTION_PARANOIA_LEVEL: one that names it, or one
 * whose key starts with a macro or with text the level's name starts with (CRS's
 * `tx.header_name_920450_%{tx.0}` cannot be it; `tx.%{tx.name}` could).
 */
function mayWriteLevel(rule: CompiledRule): boolean {
  for (let link: RuleLink | undefined = rule; link; link = link.chained) {
    for (const s of link.setvars) {
      if (s.collection !== 'TX') continue;
      const head = s.key[0];
      if (typeof head !== 'string') return true;
      const text = head.toLowerCase();
      if (s.key.length === 1 ? text === LEVEL_KEY : LEVEL_KEY.startsWith(text)) return true;
    }
  }
  return false;
}
