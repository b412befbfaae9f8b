/**
 * The contract between the ftw runner and a WAF engine. The runner builds and parses each
 * request itself; the engine only evaluates it and says what a client and ModSecurity's error
 * log would show.
 */
import type { FtwRequest } from './request.ts';

export type { FtwRequest } from './request.ts';

export interface FtwResponse {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Byte string. */
  readonly body: string;
  /**
   * Rules that matched and would be logged. Joined with the ids found in `log`, which is how
   * go-ftw learns them; so an engine must leave out matches of `nolog` rules here.
   */
  readonly matchedRuleIds: readonly number[];
  /**
   * One line per logged match, in ModSecurity's error log format, e.g.
   * `ModSecurity: Warning. Matched "Operator `Rx' ..." [file "..."] [line "..."] [id "942100"]
   * [msg "SQL Injection Attack Detected via libinjection"] [data "Matched Data: ..."]
   * [severity "CRITICAL"] [tag "..."] [hostname "localhost"] [uri "/"] [unique_id "..."]`,
   * so that CRS's match_regex / log_contains patterns work unchanged.
   */
  readonly log: readonly string[];
}

export interface FtwEngine {
  run(req: FtwRequest): Promise<FtwResponse> | FtwResponse;
}
