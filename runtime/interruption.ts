/** What a phase returns when a rule stops the transaction (ModSecurity's intervention). */
export interface Interruption {
  /** HTTP status to answer with (403 by default for deny). */
  readonly status: number;
  readonly ruleId: number;
  readonly action: 'deny' | 'drop' | 'redirect';
  /** For redirect: the Location. */
  readonly url?: string;
  /** 1–5: the phase in which it happened. */
  readonly phase: number;
}

/** One rule match, as the engine records it for logs, ftw checks and `waf explain`. */
export interface MatchRecord {
  readonly ruleId: number;
  readonly phase: number;
  readonly msg: string;
  readonly logdata: string;
  readonly severity?: number;
  readonly tags: readonly string[];
  readonly ver?: string;
  readonly rev?: string;
  readonly maturity?: string;
  readonly accuracy?: string;
  /** Variable name of the (last) match, e.g. `ARGS:id`. */
  readonly variable: string;
  /** Its raw value. */
  readonly value: string;
  /** The value after transformations, as the operator saw it. */
  readonly transformed: string;
  readonly operator: string;
  readonly operatorParam: string;
  readonly negated: boolean;
  /** Whether the rule logs (log/nolog). Rules with nolog still match but do not log. */
  readonly logged: boolean;
  readonly file: string;
  readonly line: number;
  /** The disruptive action the rule carried (even in DetectionOnly). */
  readonly disruptive: string;
}
