/**
 * SQL-injection detection compatible with libinjection (what ModSecurity's and Coraza's
 * @detectSQLi use). Plain functions over byte strings, no dependency on the engine.
 */
import { FingerprintTable, SqliDetector } from './detect.ts';
import type { SqliResult } from './detect.ts';
import { SQLI_FINGERPRINTS } from './fingerprints.generated.ts';

export type { Candidate, FingerprintLists, QuoteContext, SqliResult } from './detect.ts';
export { FingerprintTable, SqliDetector } from './detect.ts';
export { SqliState } from './state.ts';
export { nextToken } from './tokenizer.ts';
export { fold } from './fold.ts';
export { fingerprintIn } from './fingerprint.ts';
export { lookupWord, KEYWORD_MAP } from './keywords.ts';
export { T, Token, QUOTE_NONE, QUOTE_SINGLE, QUOTE_DOUBLE, SQL_ANSI, SQL_MYSQL } from './types.ts';
export { SQLI_FINGERPRINTS } from './fingerprints.generated.ts';

/** The project's table, derived from ModSecurity's verdicts on corpora by scripts/gen-sqli-fingerprints.ts. */
export const DEFAULT_TABLE: FingerprintTable = new FingerprintTable(SQLI_FINGERPRINTS);

const defaultDetector = new SqliDetector(DEFAULT_TABLE);

/** Whether a byte string reads as SQL injection, and its fingerprint when it does. */
export function detectSQLi(input: string): SqliResult {
  return defaultDetector.detect(input);
}
