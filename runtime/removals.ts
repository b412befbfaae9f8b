import { expand } from './macro.ts';
import type { CompiledRule, Exclusion, Program, RuleLink } from './program.ts';
import type { Transaction } from './transaction.ts';

/**
 * What ctl actions removed for this transaction: whole rules (ctl:ruleRemoveById/ByTag/ByMsg)
 * and targets of rules (ctl:ruleRemoveTargetById/ByTag/ByMsg), as the engine consults them for
 * each rule it reaches.
 */

export function isRemoved(tx: Transaction, rule: CompiledRule): boolean {
  if (tx.removedRanges.length === 0 && tx.removedTags.length === 0 && tx.removedMsgs.length === 0) return false;
  for (const [a, b] of tx.removedRanges) if (rule.id >= a && rule.id <= b) return true;
  if (tx.removedTags.length > 0 && rule.tags.some((t) => tx.removedTags.includes(t))) return true;
  if (tx.removedMsgs.length > 0 && rule.msg && tx.removedMsgs.includes(expand(rule.msg, () => ''))) return true;
  return false;
}

/** A link's exclusions with the removals that apply to it, and the value-group key for them. */
export interface RuntimeExclusions {
  readonly list: readonly Exclusion[];
  readonly groupKey: string | null;
}

/** Per link, by removal signature: what exclusionsFor computed (null: the removals do not apply). */
const byLink = new WeakMap<RuleLink, Map<string, RuntimeExclusions | null>>();

/**
 * The link's exclusions plus those a ctl added for this transaction (CRS removes
 * REQUEST_FILENAME from every xss-perf-disable rule on ordinary requests, rule 941010), and
 * the value-group key that keeps such a link's values apart from the static group: rules with
 * the same removals still share their values. Like removalsApply, the answer depends only on
 * the link and the removal signature, so it is computed once per pair, not per transaction.
 */
export function exclusionsFor(tx: Transaction, rule: CompiledRule, link: RuleLink): RuntimeExclusions | null {
  if (tx.targetRemovals === 0 || !removalsApply(tx, rule)) return null;
  let bySignature = byLink.get(link);
  if (!bySignature) byLink.set(link, (bySignature = new Map()));
  let entry = bySignature.get(tx.removalSignature);
  if (entry === undefined) {
    const byId = tx.removedTargetsById.get(rule.id) ?? [];
    const byTag = tx.removedTargetsByTag.filter((e) => rule.tags.includes(e.text)).map((e) => e.exclusion);
    const byMsg = tx.removedTargetsByMsg.filter((e) => rule.msg && expand(rule.msg, () => '') === e.text).map((e) => e.exclusion);
    const extra = [...byId, ...byTag, ...byMsg];
    const suffix = '\0' + extra.map((e) => `${e.name}:${e.key ? `${e.key.kind}:${e.key.value}` : ''}`).join('|');
    entry = extra.length === 0 ? null : { list: [...link.exclusions, ...extra], groupKey: link.valuesKey === null ? null : link.valuesKey + suffix };
    if (bySignature.size >= MAX_SIGNATURES) bySignature.clear();
    bySignature.set(tx.removalSignature, entry);
  }
  return entry;
}

/**
 * Whether any of the transaction's ctl target removals names this rule: most do not. The answer
 * depends only on the rule and on the removals made so far, which `removalSignature` spells
 * out; it is kept per program and signature, one byte per rule position, so that the usual case
 * (every ordinary CRS request makes the same removal, rule 941010) costs one array read per
 * rule from the second transaction on.
 */
function removalsApply(tx: Transaction, rule: CompiledRule): boolean {
  const flags = flagsFor(tx);
  const known = flags[rule.order];
  if (known !== 0) return known === 1;
  const applies = computeApplies(tx, rule);
  flags[rule.order] = applies ? 1 : 2;
  return applies;
}

function computeApplies(tx: Transaction, rule: CompiledRule): boolean {
  if (tx.removedTargetsById.size > 0 && tx.removedTargetsById.has(rule.id)) return true;
  for (const e of tx.removedTargetsByTag) if (rule.tags.includes(e.text)) return true;
  if (tx.removedTargetsByMsg.length === 0 || !rule.msg) return false;
  const msg = expand(rule.msg, () => '');
  for (const e of tx.removedTargetsByMsg) if (e.text === msg) return true;
  return false;
}

/** At most this many distinct removal signatures are remembered per program. */
const MAX_SIGNATURES = 64;
const memo = new WeakMap<Program, { readonly size: number; readonly bySignature: Map<string, Int8Array> }>();

function flagsFor(tx: Transaction): Int8Array {
  if (tx.removalFlags !== null && tx.removalFlagsVersion === tx.targetRemovals) return tx.removalFlags;
  let m = memo.get(tx.program);
  if (!m) memo.set(tx.program, (m = { size: maxOrder(tx.program) + 1, bySignature: new Map() }));
  let flags = m.bySignature.get(tx.removalSignature);
  if (!flags) {
    if (m.bySignature.size >= MAX_SIGNATURES) m.bySignature.clear();
    m.bySignature.set(tx.removalSignature, (flags = new Int8Array(m.size)));
  }
  tx.removalFlags = flags;
  tx.removalFlagsVersion = tx.targetRemovals;
  return flags;
}

/** The largest rule position in a program and its general fallback (positions are shared). */
function maxOrder(p: Program): number {
  let max = 0;
  for (const prog of [p, p.folded?.general]) for (const list of prog?.phases ?? []) for (const r of list) if (r.order > max) max = r.order;
  return max;
}
