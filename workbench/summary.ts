/**
 * One sentence per rule: why it fired, or why not. This is the answer to the two questions
 * users ask of ModSecurity logs ("why did this fire?", "why did it not?"), so it names the
 * variable, the transformed value and the link of a chain that decided.
 */
import { templateText } from '../runtime/macro.ts';
import type { Interruption } from '../runtime/interruption.ts';
import type { Program } from '../runtime/program.ts';
import type { LinkTrace, RuleTrace, SkipTrace } from './model.ts';

/** Values longer than this are cut in one-line summaries (the full value is in the trace). */
const SHORT = 60;

export function short(s: string, max = SHORT): string {
  const esc = JSON.stringify(s).slice(1, -1);
  return esc.length > max ? `${esc.slice(0, max - 1)}…` : esc;
}

export function summarize(r: Omit<RuleTrace, 'summary'>): string {
  if (r.outcome === 'skipped' && r.skip) return `skipped: ${skipText(r.skip)}`;
  if (r.outcome === 'matched') return matchedText(r.links);
  if (r.outcome === 'no-match') return noMatchText(r.links);
  return r.outcome;
}

export function skipText(s: SkipTrace): string {
  const marker = s.marker ? `, marker ${s.marker}` : '';
  switch (s.reason) {
    case 'paranoia':
      return `paranoia level ${s.paranoia?.level} < ${s.paranoia?.required} (gate rule ${s.byRuleId}${marker})`;
    case 'skipAfter':
      return `rule ${s.byRuleId} matched and jumped over it (skipAfter${marker})`;
    case 'skip':
      return `rule ${s.byRuleId} matched and skipped it (skip)`;
    case 'ctl':
      return 'removed for this transaction by a ctl:ruleRemove… action of an earlier rule';
  }
}

function matchedText(links: readonly LinkTrace[]): string {
  const last = links[links.length - 1];
  if (!last || last.operator === 'SecAction') return links.length > 1 ? `matched (all ${links.length} links)` : 'matched (unconditional)';
  const hit = last.values.find((v) => v.matched);
  const chain = links.length > 1 ? ` (all ${links.length} links of the chain)` : '';
  if (!hit) return `matched${chain}`;
  return `matched ${hit.variable}: ${hit.why}${chain}`;
}

function noMatchText(links: readonly LinkTrace[]): string {
  const failed = links[links.length - 1];
  if (!failed) return 'did not match';
  const where = failed.depth === 0 ? '' : `link ${failed.depth + 1} of the chain failed (the ${ordinal(failed.depth)} matched): `;
  if (failed.values.length === 0) return `${where}no values: ${failed.targets} resolved to nothing`;
  const shown = failed.values[0];
  const transformed = shown.steps.length > 0 ? shown.steps[shown.steps.length - 1].value : shown.raw;
  const more = failed.values.length > 1 ? ` (and ${failed.values.length - 1} more values)` : '';
  return `${where}${failed.operator} failed on ${shown.variable}='${short(transformed)}'${more}`;
}

const ordinal = (n: number) => (n === 1 ? 'first' : n === 2 ? 'first two' : `first ${n}`);

/**
 * A rule asked about with `--rule` that left no event: removed at load time, never reached
 * because the transaction was interrupted first, or not in the rule set at all.
 */
export function explainMissing(program: Program, id: number, interruption: Interruption | null): RuleTrace {
  const removed = program.removed?.find((r) => r.id === id);
  const base = { id, phase: 0, file: removed?.file ?? '', line: removed?.line ?? 0, tags: [], links: [], setvars: [], actions: [] };
  if (removed) {
    return {
      ...base,
      outcome: 'removed',
      removedBy: { directive: removed.by, file: removed.file, line: removed.line },
      summary: `removed at load time by '${removed.by}' (${removed.file}:${removed.line})`,
    };
  }
  const rule = program.byId.get(id);
  if (!rule) return { ...base, outcome: 'unknown', summary: `no rule with id ${id} in the rule set` };
  const why = interruption
    ? `rule ${interruption.ruleId} interrupted the transaction in phase ${interruption.phase} (${interruption.action} ${interruption.status}) before it`
    : `phase ${rule.phase} did not run for this transaction`;
  return {
    ...base,
    phase: rule.phase,
    file: rule.file,
    line: rule.line,
    ...(rule.msg ? { msg: templateText(rule.msg) } : {}),
    tags: rule.tags,
    outcome: 'not-reached',
    summary: `never reached: ${why}`,
  };
}
