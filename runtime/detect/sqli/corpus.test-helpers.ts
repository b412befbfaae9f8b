/** Test-only: the reference table and detectors used to measure ours against libinjection's. */
import { readFileSync } from 'node:fs';
import { sharedPath } from '../../../core/testing.ts';
import { FingerprintTable, SqliDetector } from './detect.ts';

/** libinjection's own fingerprint list, read at test time (never embedded). */
export function referenceTable(): FingerprintTable {
  const text = readFileSync(sharedPath('libinjection', 'src', 'fingerprints.txt'), 'latin1');
  return FingerprintTable.uniform(text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0));
}

/** Share of `values` the detector flags. */
export function flagged(det: SqliDetector, values: readonly string[]): { hits: number; total: number } {
  let hits = 0;
  for (const v of values) if (det.detect(v).isSqli) hits++;
  return { hits, total: values.length };
}
