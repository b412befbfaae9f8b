import type { CompiledRule, RuleLink } from './program.ts';

/** One value a traced link looked at, with every transformation step and the verdict. */
export interface TracedValue {
  readonly variable: string;
  readonly raw: string;
  /** After each transformation, in order (empty without transformations). */
  readonly steps: readonly { readonly name: string; readonly value: string }[];
  readonly matched: boolean;
  /** For a multiMatch link, the form the operator first matched when it is not the last step's (the raw value or an earlier step). */
  readonly matchedForm?: string;
  /** What the operator captured on a match: the matched text for @rx/@pm, the fingerprint for @detectSQLi. */
  readonly captured?: readonly string[];
}

/**
 * Hooks for `waf explain` and the playground: why each rule did or did not fire. The engine
 * calls them only when a Transaction has a tracer, so the normal path pays one property check
 * per rule. Every hook is optional.
 */
export interface Tracer {
  ruleStart?(rule: CompiledRule, phase: number): void;
  /** A link was evaluated: depth 0 is the rule itself, 1 its first chained rule, … */
  link?(rule: CompiledRule, link: RuleLink, depth: number, values: readonly TracedValue[], matched: boolean): void;
  setvar?(rule: CompiledRule, collection: string, key: string, before: string | undefined, after: string | undefined): void;
  ruleEnd?(rule: CompiledRule, matched: boolean): void;
  /** A rule that did not run: removed for this transaction by a ctl, or jumped over by skip/skipAfter. */
  skipped?(rule: CompiledRule, reason: 'ctl' | 'skip' | 'skipAfter', by?: number, marker?: string): void;
}
