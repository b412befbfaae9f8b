/**
 * Typed form of go-ftw test files (the ftw-tests-schema format CRS uses under
 * tests/regression/tests). Field names are camelCase; the YAML names are given where they differ.
 * Absent optional fields stay undefined so that go-ftw's defaults are applied in one place
 * (request.ts), as go-ftw does in its test/defaults.go.
 */

/** A position in a loaded file, 1-based, for diagnostics. */
export interface FtwLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface FtwFileMeta {
  readonly author?: string;
  readonly description?: string;
  /** Deprecated in the schema and ignored by go-ftw; kept so reports can show it. */
  readonly enabled?: boolean;
  readonly name?: string;
  readonly version?: string;
  readonly tags?: readonly string[];
}

export interface FtwInput {
  readonly destAddr?: string;
  readonly port?: number;
  readonly protocol?: string;
  readonly method?: string;
  readonly uri?: string;
  /** go-ftw sends one request per entry, with everything else unchanged. */
  readonly uris?: readonly string[];
  readonly version?: string;
  /** In file order; go-ftw sorts them by name when it writes the request. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  /** May contain Go template actions (`{{ "1" | repeat 100 }}`), evaluated when building. */
  readonly data?: string;
  /** `encoded_data`: base64 body, sent without template evaluation. */
  readonly encodedData?: string;
  /** `encoded_request`: base64 of the whole raw request, sent verbatim. */
  readonly encodedRequest?: string;
  /** Resolved from `autocomplete_headers` and the deprecated inverse `stop_magic`; default true. */
  readonly autocompleteHeaders: boolean;
  readonly saveCookie?: boolean;
  readonly followRedirect?: boolean;
}

export interface FtwLogExpectations {
  readonly expectIds?: readonly number[];
  readonly noExpectIds?: readonly number[];
  /** Go RE2 syntax, matched against each log line. */
  readonly matchRegex?: string;
  readonly noMatchRegex?: string;
}

export interface FtwOutput {
  /** The schema has one number; older files and our overrides may give a list of accepted ones. */
  readonly status?: number | readonly number[];
  /** Go RE2 regex matched against the whole response (status line, headers and body). */
  readonly responseContains?: string;
  /** Deprecated: folded into log.matchRegex when that and log.expectIds are absent. */
  readonly logContains?: string;
  /** Deprecated: folded into log.noMatchRegex when that and log.noExpectIds are absent. */
  readonly noLogContains?: string;
  readonly log: FtwLogExpectations;
  readonly expectError?: boolean;
  readonly retryOnce?: boolean;
  readonly isolated?: boolean;
}

export interface FtwStage {
  readonly description?: string;
  readonly input: FtwInput;
  readonly output: FtwOutput;
  readonly location: FtwLocation;
}

export interface FtwTest {
  readonly ruleId: number;
  readonly testId: number;
  /** `<rule_id>-<test_id>`, the string go-ftw's --include/--exclude regexes match. */
  readonly id: string;
  readonly title?: string;
  /** `desc` in the YAML. */
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly stages: readonly FtwStage[];
  readonly location: FtwLocation;
}

export interface FtwFile {
  readonly path: string;
  readonly meta: FtwFileMeta;
  readonly ruleId: number;
  readonly tests: readonly FtwTest[];
}

export function testIdString(ruleId: number, testId: number): string {
  return `${ruleId}-${testId}`;
}
