import type { Element } from './collections/collection.ts';
import { keySum, REQUEST_BUCKETS } from './collections/hash-order.ts';
import { asciiLower } from './match/aho-corasick.ts';
import type { MatchRecord } from './interruption.ts';
import { toLong } from './operators/numeric.ts';
import type { Program } from './program.ts';
import type { Transaction } from './transaction.ts';

/**
 * The outcome of a program's static prefix (Program.staticPrefix): the rules at the start of
 * phase 1 that read only TX and act only on TX. On a transaction that starts as every
 * transaction does, they leave the same state every time, so the engine runs them once, keeps
 * what they left, and puts it into later transactions instead of running them. A match record
 * is immutable and is shared; TX gets its own elements.
 */
export interface PrefixOutcome {
  /** Where phase 1 goes on: the first rule after the prefix, or where a skipAfter in it led. */
  readonly resumeAt: number;
  readonly tx: readonly Element[];
  /** The TX keys lower-cased, in the same order, and their sums (hash-order.ts keySum). */
  readonly txLowerKeys: readonly string[];
  readonly txKeySums: readonly number[];
  readonly matches: readonly MatchRecord[];
  readonly highestSeverity: number;
  readonly matchedVars: readonly Element[];
  /** The bucket count MATCHED_VARS's elements arrived into (Collection.startBuckets). */
  readonly matchedVarsBuckets: number;
  readonly matchedVar: string | undefined;
  readonly matchedVarName: string | undefined;
  /** RuleContext.matchedSince at the end of the prefix. */
  readonly matchedSince: boolean;
  /** With Program.levelFixed: the paranoia level every gate will read (null: none is set). */
  readonly level: FixedLevel | null | undefined;
}

/** TX:DETECTION_PARANOIA_LEVEL as a gate reads it: its number, and the name and value a match shows. */
export interface FixedLevel {
  readonly number: number | bigint;
  readonly name: string;
  readonly value: string;
}

/** Per program: its prefix's outcome, null when it cannot be reused (a match in it could disrupt). */
const outcomes = new WeakMap<Program, PrefixOutcome | null>();

/**
 * Whether the transaction is as every transaction is when phase 1 starts, so that the prefix
 * would do to it what it did to the first: nothing in TX, no match, no ctl removal, no tracer
 * (which is shown every rule).
 */
export function startsPristine(tx: Transaction): boolean {
  return (
    tx.tracer === undefined &&
    tx.txCollection.size === 0 &&
    tx.matches.length === 0 &&
    !tx.onGeneralPath &&
    tx.removedRanges.length === 0 &&
    tx.removedTags.length === 0 &&
    tx.removedMsgs.length === 0 &&
    tx.targetRemovals === 0 &&
    tx.highestSeverity === 255 &&
    !tx.scalars.has('MATCHED_VAR') &&
    (tx.collections.get('MATCHED_VARS')?.size ?? 0) === 0
  );
}

/** The kept outcome; undefined before the first pristine transaction ran the prefix. */
export function prefixOutcome(p: Program): PrefixOutcome | null | undefined {
  return outcomes.get(p);
}

/** Marks the program's prefix as not reusable: a rule in it matched with a disruptive action. */
export function refusePrefix(p: Program): void {
  outcomes.set(p, null);
}

/** Keeps what the prefix left in `tx`, which ran it from a pristine start and is now at `resumeAt`. */
export function keepPrefix(tx: Transaction, resumeAt: number, matchedSince: boolean): void {
  const p = tx.program;
  const level = p.levelFixed ? fixedLevel(tx) : undefined;
  const elements = tx.txCollection.all().map(({ key, value }) => ({ key, value }));
  outcomes.set(p, {
    resumeAt,
    tx: elements,
    txLowerKeys: elements.map((e) => asciiLower(e.key)),
    txKeySums: elements.map((e) => keySum(e.key)),
    matches: tx.matches.slice(),
    highestSeverity: tx.highestSeverity,
    matchedVars: (tx.collections.get('MATCHED_VARS')?.all() ?? []).map(({ key, value }) => ({ key, value })),
    matchedVarsBuckets: tx.collections.get('MATCHED_VARS')?.startBuckets ?? REQUEST_BUCKETS,
    matchedVar: tx.scalars.get('MATCHED_VAR'),
    matchedVarName: tx.scalars.get('MATCHED_VAR_NAME'),
    matchedSince,
    level,
  });
  tx.fixedLevel = level;
}

/** Puts the prefix's outcome into a pristine transaction. */
export function restorePrefix(tx: Transaction, o: PrefixOutcome): void {
  tx.txCollection.load(o.tx, o.txLowerKeys, o.txKeySums);
  for (let i = 0; i < o.matches.length; i++) tx.matches.push(o.matches[i]);
  tx.highestSeverity = o.highestSeverity;
  if (o.matchedVars.length > 0 || o.matchedVarsBuckets !== REQUEST_BUCKETS) {
    const mv = tx.col('MATCHED_VARS');
    mv.resetTo(o.matchedVarsBuckets);
    for (const e of o.matchedVars) mv.add(e.key, e.value);
  }
  if (o.matchedVar !== undefined) tx.scalars.set('MATCHED_VAR', o.matchedVar);
  if (o.matchedVarName !== undefined) tx.scalars.set('MATCHED_VAR_NAME', o.matchedVarName);
  tx.fixedLevel = o.level;
}

const LEVEL_KEY = 'detection_paranoia_level';

/** The level as evaluateGate would read it: the first element's number (one, as setvar leaves it). */
function fixedLevel(tx: Transaction): FixedLevel | null | undefined {
  const elements = tx.txCollection.getLower(LEVEL_KEY);
  if (elements.length === 0) return null;
  if (elements.length > 1) return undefined;
  const e = elements[0];
  return { number: toLong(e.value), name: `TX:${e.key}`, value: e.value };
}
