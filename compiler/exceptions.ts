import type { Diagnostic } from '../core/diagnostic.ts';
import type { Action, ChainLink, Directive, IdRange, Variable } from '../grammar/ast.ts';
import type { CompiledRule, RemovedRule } from '../runtime/program.ts';
import { expand } from '../runtime/macro.ts';
import { compileVariables } from './rule.ts';

interface Placed {
  rule: CompiledRule;
  order: number;
}

const inRanges = (id: number, ranges: readonly IdRange[]) => ranges.some((r) => id >= r.from && id <= r.to);
const msgOf = (r: CompiledRule) => (r.msg ? expand(r.msg, () => '') : '');

/**
 * SecRuleRemoveBy* and SecRuleUpdateTargetBy*. ModSecurity v3 keeps these as exceptions it
 * consults while evaluating, so they affect rules whatever their position in the files; tags
 * and messages are compared for equality, as v3 does.
 */
export function applyExceptions(
  placed: readonly Placed[],
  exceptions: readonly Directive[],
  diags: Diagnostic[],
  where: (d: Directive) => { file: string; line: number; text: string },
  removed: RemovedRule[],
): Placed[] {
  let out = [...placed];
  const remove = (d: Directive, gone: (r: CompiledRule) => boolean) => {
    const w = where(d);
    out = out.filter((p) => {
      if (!gone(p.rule)) return true;
      removed.push({ id: p.rule.id, by: w.text, file: w.file, line: w.line });
      return false;
    });
  };
  for (const d of exceptions) {
    switch (d.kind) {
      case 'SecRuleRemoveById':
        remove(d, (r) => inRanges(r.id, d.ids));
        break;
      case 'SecRuleRemoveByTag':
        remove(d, (r) => r.tags.includes(d.pattern));
        break;
      case 'SecRuleRemoveByMsg':
        remove(d, (r) => msgOf(r) === d.pattern);
        break;
      case 'SecRuleUpdateTargetById':
      case 'SecRuleUpdateTargetByTag':
      case 'SecRuleUpdateTargetByMsg': {
        const hit =
          d.kind === 'SecRuleUpdateTargetById'
            ? (r: CompiledRule) => inRanges(r.id, d.ids)
            : d.kind === 'SecRuleUpdateTargetByTag'
              ? (r: CompiledRule) => r.tags.includes(d.pattern)
              : (r: CompiledRule) => msgOf(r) === d.pattern;
        out = out.map((p) => (hit(p.rule) ? { ...p, rule: updateTargets(p.rule, d.variables, d.replacement, diags) } : p));
        break;
      }
    }
  }
  return out;
}

function updateTargets(rule: CompiledRule, vars: readonly Variable[], replacement: readonly Variable[] | undefined, diags: Diagnostic[]): CompiledRule {
  const add = compileVariables(vars, diags);
  if (replacement) {
    // Replace the named target by the replacement list, in place.
    const repl = compileVariables(replacement, diags);
    const named = add.targets[0];
    if (!named) return rule;
    const targets = rule.targets.flatMap((t) => (t.name === named.name && t.key?.value === named.key?.value ? repl.targets : [t]));
    return { ...rule, targets, exclusions: [...rule.exclusions, ...repl.exclusions] };
  }
  return { ...rule, targets: [...rule.targets, ...add.targets], exclusions: [...rule.exclusions, ...add.exclusions] };
}

/** Actions that a rule has at most once: a new one replaces the old (others accumulate). */
const SINGLE = new Set(['msg', 'logdata', 'severity', 'status', 'rev', 'ver', 'maturity', 'accuracy', 'phase', 'skip', 'skipafter', 'log', 'nolog', 'auditlog', 'noauditlog', 'capture']);
const DISRUPTIVE = new Set(['deny', 'drop', 'block', 'pass', 'allow', 'redirect', 'proxy', 'pause']);

/**
 * SecRuleUpdateActionById: merges actions into a rule before it is compiled, as ModSecurity
 * does: a disruptive action replaces the rule's disruptive action, single-valued actions
 * replace theirs, and list actions (t, tag, setvar, ctl) are appended.
 */
export function mergeActions(r: ChainLink, updates: readonly Action[]): ChainLink {
  let actions = [...r.actions];
  for (const u of updates) {
    const n = u.name.toLowerCase();
    if (n === 'id' || n === 'chain') continue;
    if (DISRUPTIVE.has(n)) actions = actions.filter((a) => !DISRUPTIVE.has(a.name.toLowerCase()));
    else if (SINGLE.has(n)) actions = actions.filter((a) => a.name.toLowerCase() !== n);
    actions.push(u);
  }
  return { ...r, actions };
}

