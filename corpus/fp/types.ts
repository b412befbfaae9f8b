/**
 * Types shared by the corpus runner's stages: sources -> cases -> engine outcomes -> report.
 * Payload texts are byte strings (one char per byte, UTF-8 encoded), as the engine expects.
 */

/** A finding about a corpus file. Errors drop a row or a file; the run goes on with the rest. */
export interface CorpusDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  /** 1-based; 0 when the finding is about the whole file. */
  readonly line: number;
  readonly message: string;
}

export function formatCorpusDiagnostic(d: CorpusDiagnostic): string {
  return `${d.file}${d.line > 0 ? `:${d.line}` : ''}: ${d.severity}: ${d.message}`;
}

/** An HTTP request as the engine receives it (byte strings). */
export interface HttpRequestSpec {
  readonly method: string;
  readonly uri: string;
  readonly version: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
}

export type CorpusKind = 'benign' | 'attack';

/** One entry of a corpus: a string to place into requests, or a whole request. */
export interface Payload {
  readonly kind: CorpusKind;
  /** The source spec as given on the command line, for reports. */
  readonly source: string;
  readonly cls: string;
  /** file:line where it came from. */
  readonly origin: string;
  readonly text: string;
  /** Set for raw HTTP, HAR and go-ftw sources: sent as is, templates do not apply. */
  readonly request?: HttpRequestSpec;
}

/** One request to run: a payload placed by one template. */
export interface CorpusCase {
  readonly payload: number;
  readonly template: string;
  readonly request: HttpRequestSpec;
}

/** A rule match the report cares about (logged, not CRS's 949/959/980 bookkeeping). */
export interface RuleHit {
  readonly ruleId: number;
  readonly variable: string;
  readonly msg: string;
}

/** The engine's verdict on one case at one paranoia level. */
export interface LevelOutcome {
  readonly blocked: boolean;
  readonly hits: readonly RuleHit[];
}
