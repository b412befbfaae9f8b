/**
 * The CI gate: rate thresholds per level, and the comparison with an earlier JSON report that
 * a pull-request reviewer reads (new false positives, lost detections).
 */
import type { CorpusReport, Example } from './report-types.ts';

export interface GateFailure {
  readonly level: number;
  readonly what: 'false-positive rate' | 'detection rate';
  readonly actual: number;
  readonly limit: number;
}

export interface LevelDiff {
  readonly level: number;
  readonly fpRateBefore: number;
  readonly fpRateAfter: number;
  readonly detectionBefore: number;
  readonly detectionAfter: number;
  readonly newFalsePositives: number;
  readonly fixedFalsePositives: number;
  /** Missed now and not missed in the baseline: a lost detection, or an attack the baseline did not have. */
  readonly lostDetections: number;
  readonly gainedDetections: number;
  readonly newFalsePositiveExamples: readonly Example[];
  readonly lostDetectionExamples: readonly Example[];
}

export interface GateResult {
  readonly failures: readonly GateFailure[];
  readonly diff?: readonly LevelDiff[];
  readonly baselineError?: string;
}

export interface GateOptions {
  readonly maxFpRate?: number;
  readonly minDetection?: number;
  readonly baseline?: unknown;
  readonly examples?: ReadonlyMap<string, Example>;
  readonly maxListed?: number;
}

/** `0.02`, `2%`: a rate as a fraction. */
export function parseRate(s: string): number | undefined {
  const pct = s.endsWith('%');
  const n = Number(pct ? s.slice(0, -1) : s);
  if (!Number.isFinite(n) || n < 0) return undefined;
  const r = pct ? n / 100 : n;
  return r <= 1 ? r : undefined;
}

function isReport(v: unknown): v is CorpusReport {
  const r = v as CorpusReport | null;
  return typeof r === 'object' && r !== null && Array.isArray(r.levels) && r.levels.every((l) => Array.isArray(l.fpKeys) && Array.isArray(l.missedKeys));
}

export function evaluateGate(report: CorpusReport, opts: GateOptions): GateResult {
  const failures: GateFailure[] = [];
  for (const l of report.levels) {
    if (opts.maxFpRate !== undefined && l.benign.cases > 0 && l.benign.rate > opts.maxFpRate) {
      failures.push({ level: l.level, what: 'false-positive rate', actual: l.benign.rate, limit: opts.maxFpRate });
    }
    if (opts.minDetection !== undefined && l.attack.cases > 0 && l.attack.rate < opts.minDetection) {
      failures.push({ level: l.level, what: 'detection rate', actual: l.attack.rate, limit: opts.minDetection });
    }
  }
  if (opts.baseline === undefined) return { failures };
  if (!isReport(opts.baseline)) return { failures, baselineError: 'the baseline is not a JSON report of waf corpus (no levels with fpKeys and missedKeys)' };
  const base = opts.baseline;
  const max = opts.maxListed ?? 50;
  const diff: LevelDiff[] = [];
  for (const l of report.levels) {
    const b = base.levels.find((x) => x.level === l.level);
    if (!b) continue;
    const bFp = new Set(b.fpKeys);
    const bMissed = new Set(b.missedKeys);
    const nowFp = new Set(l.fpKeys);
    const nowMissed = new Set(l.missedKeys);
    const newFp = l.fpKeys.filter((k) => !bFp.has(k));
    const lost = l.missedKeys.filter((k) => !bMissed.has(k));
    const show = (keys: string[]): Example[] => keys.slice(0, max).map((k) => opts.examples?.get(k) ?? { payload: k, cls: '', template: k.split(':')[0] ?? '', origin: '' });
    diff.push({
      level: l.level,
      fpRateBefore: b.benign.rate,
      fpRateAfter: l.benign.rate,
      detectionBefore: b.attack.rate,
      detectionAfter: l.attack.rate,
      newFalsePositives: newFp.length,
      fixedFalsePositives: b.fpKeys.filter((k) => !nowFp.has(k)).length,
      lostDetections: lost.length,
      gainedDetections: b.missedKeys.filter((k) => !nowMissed.has(k)).length,
      newFalsePositiveExamples: show(newFp),
      lostDetectionExamples: show(lost),
    });
  }
  return { failures, diff };
}
