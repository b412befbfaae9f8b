/**
 * The explain model: what `waf explain` prints and the playground renders. Plain JSON data
 * (no class instances, no Maps), so that `--format json` is this object as it is and the
 * browser receives exactly what the terminal renderer sees.
 */
import type { Interruption } from '../runtime/interruption.ts';

/** One HTTP request as byte strings (one char per byte), as the engine receives it. */
export interface ExplainRequest {
  readonly method: string;
  readonly uri: string;
  /** `1.1`, `2`, … without the `HTTP/` prefix. */
  readonly version: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

/** One value a link looked at: raw, after each transformation, and the operator's verdict. */
export interface ValueTrace {
  readonly variable: string;
  readonly raw: string;
  readonly steps: readonly { readonly name: string; readonly value: string }[];
  readonly matched: boolean;
  /** What the operator captured: the matched text (@rx, @pm phrase), the @detectSQLi fingerprint. */
  readonly captured?: readonly string[];
  /** For a match whose text is found in the transformed value: where, as [start, end). */
  readonly span?: readonly [number, number];
  /** A multiMatch link's match in an earlier form than the last step's: -1 the raw value, k the kth step (span is there). */
  readonly matchedStep?: number;
  /** Why this value matched or not, in a sentence. */
  readonly why: string;
}

/** One link of a rule: the rule itself (depth 0) or one of its chained rules. */
export interface LinkTrace {
  readonly depth: number;
  /** The variable list as written: `ARGS|!ARGS:foo|&REQUEST_HEADERS:Host`. */
  readonly targets: string;
  /** `@rx …`, `!@within …`; `SecAction` for unconditional links. */
  readonly operator: string;
  readonly transformations: readonly string[];
  readonly matched: boolean;
  readonly values: readonly ValueTrace[];
}

export interface SetvarTrace {
  /** `TX.inbound_anomaly_score_pl1` */
  readonly variable: string;
  readonly before?: string;
  readonly after?: string;
}

export type RuleOutcome = 'matched' | 'no-match' | 'skipped' | 'removed' | 'not-reached' | 'unknown';

export interface SkipTrace {
  /** `paranoia` is a skipAfter taken by a CRS-style paranoia gate. */
  readonly reason: 'ctl' | 'skip' | 'skipAfter' | 'paranoia';
  readonly byRuleId?: number;
  readonly marker?: string;
  /** For paranoia skips: the transaction's level and the level the rule needs. */
  readonly paranoia?: { readonly level: number; readonly required: number };
}

export interface RuleTrace {
  readonly id: number;
  readonly phase: number;
  readonly file: string;
  readonly line: number;
  /** Expanded as the log shows it when the rule matched; as written otherwise. */
  readonly msg?: string;
  readonly logdata?: string;
  readonly severity?: number;
  readonly tags: readonly string[];
  readonly outcome: RuleOutcome;
  readonly links: readonly LinkTrace[];
  readonly setvars: readonly SetvarTrace[];
  /** Actions run on a match, in words: `block (deny 403)`, `skipAfter END-…`, `ctl:ruleRemoveById=…`. */
  readonly actions: readonly string[];
  readonly skip?: SkipTrace;
  readonly removedBy?: { readonly directive: string; readonly file: string; readonly line: number };
  /** The verdict in one sentence, for the negative question as much as the positive one. */
  readonly summary: string;
}

/** An anomaly score changing, in order. */
export interface ScoreStep {
  readonly ruleId: number;
  readonly variable: string;
  readonly before: number;
  readonly after: number;
}

export interface ExplainReport {
  readonly request: { readonly method: string; readonly uri: string };
  /** Every rule in the order it was met (evaluated or skipped); only `rule` when one was asked for. */
  readonly rules: readonly RuleTrace[];
  /** The rule asked about with `--rule`, if any. */
  readonly focus?: number;
  readonly scores: readonly ScoreStep[];
  readonly interruption: Interruption | null;
  /** Rules that matched and log (nolog ones are in `rules`), as an audit log would list them. */
  readonly matchedRuleIds: readonly number[];
  /** TX anomaly scores at the end of the transaction (`blocking_inbound_anomaly_score`, …). */
  readonly finalScores: Readonly<Record<string, string>>;
}
