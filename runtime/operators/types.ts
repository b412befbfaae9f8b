/**
 * The operator contract. Values are byte strings: every char code is one byte 0-255, as the
 * runtime builds them with `buffer.toString('latin1')`; parameters are byte strings too.
 */

export interface OperatorEnv {
  /** Reads a data file named by @pmFromFile / @ipMatchFromFile, resolved relative to the rule file by the caller; returns its text or an Error. */
  readDataFile(path: string): string | Error;
}

/** What a capturing operator leaves for TX:0, TX:1, …; undefined: leave that one as it is. */
export type Captures = (string | undefined)[];

export interface CompiledOperator {
  /**
   * Tests one (transformed) value. When `captures` is non-null, the operator supports capture
   * and it matches, it sets captures.length = 0 and pushes what goes to TX:0, TX:1, … (for @rx
   * the whole match, then every group, undefined for a group that took no part, whose TX
   * variable then keeps its value, as in ModSecurity v3; for @pm the matched phrase). Must not
   * throw.
   */
  match(input: string, captures: Captures | null): boolean;
  /**
   * For an operator that matches exactly when the input contains one of these phrases (ASCII
   * case-insensitively), as @pm does: the optimizer then answers "no" for the many values that
   * contain none, from the one literal scan it shares with the regex prefilters.
   */
  readonly phrases?: readonly string[];
  /**
   * match(input, null) on the input's UTF-8 bytes (`Buffer.from(input, 'utf8')`), for an
   * operator that can read them directly: @rx, whose RE2 would otherwise convert the string on
   * every call, which costs several times the match itself on a short value. The engine keeps one
   * buffer per value and transaction, shared by every regex and set that reads it.
   */
  testUtf8?(bytes: Buffer): boolean;
  /**
   * Set by an operator whose answer depends on the input alone and costs enough to keep: the
   * optimized engine then keeps match(input, null) with the input's other work, across requests
   * for short inputs (runtime/string-memo.ts), and calls match with captures only after a yes.
   */
  readonly keepAnswers?: boolean;
}

/** What create() returns for a parameter the operator cannot use. */
export interface OperatorError {
  readonly error: string;
}

export interface OperatorSpec {
  /** As ModSecurity spells it: 'rx', 'pm', 'pmFromFile', 'ipMatch', ... */
  readonly name: string;
  /** Supports capture. */
  readonly capture: boolean;
  /**
   * Builds a matcher for a parameter (already macro-expanded by the caller when the rule's
   * parameter has macros). Returns an error message for an invalid parameter (lint uses this).
   */
  create(param: string, env: OperatorEnv): CompiledOperator | OperatorError;
}

/** Narrows a create() result. */
export function isOperatorError(r: CompiledOperator | OperatorError): r is OperatorError {
  return (r as Partial<OperatorError>).error !== undefined;
}
