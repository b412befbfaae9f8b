/** The JSON report: what every output format renders and what --baseline reads back. */
import type { CorpusDiagnostic, CorpusKind } from './types.ts';

export const REPORT_VERSION = 1;

export interface RateStat {
  readonly name: string;
  readonly cases: number;
  /** Blocked benign cases, or detected attack cases. */
  readonly hits: number;
  readonly rate: number;
}

export interface Example {
  readonly payload: string;
  readonly cls: string;
  readonly template: string;
  readonly origin: string;
  /** The matched variable (for a rule's false positives). */
  readonly variable?: string;
  /** The rules that matched, at the lowest level where the case was blocked (diff entries). */
  readonly rules?: readonly number[];
}

export interface RuleFalsePositives {
  readonly ruleId: number;
  readonly msg: string;
  /** Blocked benign cases in which this rule matched. */
  readonly cases: number;
  readonly examples: readonly Example[];
}

export interface MissedClass {
  readonly cls: string;
  readonly missed: number;
  readonly cases: number;
  readonly examples: readonly Example[];
}

export interface RuleHitCount {
  readonly ruleId: number;
  readonly msg: string;
  readonly benign: number;
  readonly attack: number;
}

export interface KindStat {
  readonly cases: number;
  readonly hits: number;
  readonly rate: number;
  readonly byClass: readonly RateStat[];
  readonly byTemplate: readonly RateStat[];
}

export interface LevelReport {
  readonly level: number;
  readonly benign: KindStat;
  readonly attack: KindStat;
  readonly fpRules: readonly RuleFalsePositives[];
  readonly missed: readonly MissedClass[];
  readonly ruleHits: readonly RuleHitCount[];
  /** Content keys (template:hash) of blocked benign cases, sorted: what --baseline compares. */
  readonly fpKeys: readonly string[];
  /** Content keys of missed attack cases, sorted. */
  readonly missedKeys: readonly string[];
}

export interface SourceSummary {
  readonly spec: string;
  readonly kind: CorpusKind;
  readonly payloads: number;
  readonly cases: number;
}

export interface CorpusReport {
  readonly version: number;
  readonly rules: readonly string[];
  readonly mode: string;
  readonly templates: readonly string[];
  readonly sources: readonly SourceSummary[];
  readonly jobs: number;
  readonly durationMs: number;
  /** Until the last worker had compiled its rules. */
  readonly startupMs: number;
  readonly payloadsPerSecond: number;
  readonly casesPerSecond: number;
  readonly diagnostics: readonly CorpusDiagnostic[];
  readonly levels: readonly LevelReport[];
}
