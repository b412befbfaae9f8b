/**
 * The derived table against ModSecurity's own @detectSQLi verdicts on the corpora, as
 * scripts/gen-sqli-fingerprints.ts --label recorded them from libmodsecurity (testdata/
 * modsec-sqli-verdicts.json). Held-out corpora were labelled but never used to derive the table.
 */
import { describe, expect, it } from 'vitest';
import { hasShared } from '../../../core/testing.ts';
import { digestOf, flaggedBits, generate, labelledCorpora, OUTPUT, readVerdicts } from '../../../scripts/gen-sqli-fingerprints.ts';
import { SqliDetector } from './detect.ts';
import { DEFAULT_TABLE, detectSQLi } from './index.ts';
import { readFileSync } from 'node:fs';

const ready = hasShared('libinjection', 'data') && hasShared('corpora');

describe.skipIf(!ready)('corpora', () => {
  const verdicts = readVerdicts();
  const corpora = labelledCorpora();

  /** Per corpus: how many values agree with ModSecurity, and the ones that do not. */
  const compare = (heldOut: boolean) => {
    const flagged = flaggedBits(verdicts);
    let i = 0;
    let values = 0;
    const misses: string[] = [];
    const extras: string[] = [];
    for (const c of corpora) {
      for (const v of c.corpus.values) {
        const theirs = flagged(i++);
        if (c.heldOut !== heldOut) continue;
        values++;
        const ours = detectSQLi(v).isSqli;
        if (ours && !theirs) extras.push(v);
        if (!ours && theirs) misses.push(v);
      }
    }
    return { values, misses, extras };
  };

  it('has verdicts recorded for exactly these corpus values', () => {
    expect(digestOf(corpora)).toBe(verdicts.digest);
  });

  it('has the committed table up to date with the recorded verdicts', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generate(verdicts));
  });

  it('gives ModSecurity\'s verdict on the values the table was derived from', () => {
    const r = compare(false);
    console.log(`derivation corpora: ${r.values - r.misses.length - r.extras.length}/${r.values} agree with ${verdicts.engine}; ${r.misses.length} it flags and we do not, ${r.extras.length} the other way`);
    // None is left; words the libinjection inside that ModSecurity reads otherwise (its keyword
    // list is older) are followed where measured (keywords.ts). Two is the margin.
    expect(r.extras.length).toBeLessThanOrEqual(2);
    expect(r.misses.length).toBeLessThanOrEqual(2);
  });

  it('gives ModSecurity\'s verdict on held-out values (other attack lists, source code)', () => {
    const r = compare(true);
    console.log(`held-out corpora: ${r.values - r.misses.length - r.extras.length}/${r.values} agree; ${r.misses.length} ModSecurity flags and we do not, ${r.extras.length} the other way`);
    expect(r.values).toBeGreaterThan(30_000);
    expect(r.extras.length).toBeLessThanOrEqual(2);
    expect(r.misses.length).toBeLessThanOrEqual(2);
  });

  it('gives the same verdicts with and without the plain-shape pre-check on every corpus value', () => {
    const withCheck = new SqliDetector(DEFAULT_TABLE);
    const naive = new SqliDetector(DEFAULT_TABLE);
    const differ: string[] = [];
    for (const c of corpora) {
      for (const v of c.corpus.values) if (withCheck.detect(v).fingerprint !== naive.detect(v).fingerprint) differ.push(v);
    }
    expect(differ).toEqual([]);
  }, 30_000);
});
