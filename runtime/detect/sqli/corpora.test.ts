/**
 * Detection and false-positive rates of the derived table against libinjection's reference
 * list, both run through our tokenizer and folder (the table is the only thing swapped).
 */
import { describe, expect, it } from 'vitest';
import { hasShared } from '../../../core/testing.ts';
import { attackCorpora, benignCorpora, generate, libinjectionAttacks, OUTPUT } from '../../../scripts/gen-sqli-fingerprints.ts';
import { flagged, referenceTable } from './corpus.test-helpers.ts';
import { SqliDetector } from './detect.ts';
import { DEFAULT_TABLE } from './index.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../../../core/testing.ts';

const ready = hasShared('libinjection', 'data') && hasShared('corpora');

describe.skipIf(!ready)('corpora', () => {
  const ours = new SqliDetector(DEFAULT_TABLE);
  // The reference as libinjection runs it, and with our refinements too: ours must beat both.
  const ref = new SqliDetector(referenceTable(), false);
  const refProject = new SqliDetector(referenceTable(), true);
  const pct = (r: { hits: number; total: number }): string =>
    `${r.hits}/${r.total} (${((r.hits / r.total) * 100).toFixed(2)}%)`;

  it('detects at least as many of libinjection data/sqli-*.txt as the reference table', () => {
    const attacks = libinjectionAttacks().flatMap((c) => c.values);
    const a = flagged(ours, attacks);
    const b = flagged(ref, attacks);
    const c = flagged(refProject, attacks);
    console.log(`data/sqli-*: derived ${pct(a)}, reference ${pct(b)}, reference+refinements ${pct(c)}`);
    expect(a.hits).toBeGreaterThanOrEqual(b.hits);
    expect(a.hits).toBeGreaterThanOrEqual(c.hits);
  });

  it('flags nothing in data/false_positives.txt and no more benign values than the reference', () => {
    for (const corpus of benignCorpora()) {
      const a = flagged(ours, corpus.values);
      const b = flagged(ref, corpus.values);
      console.log(`benign ${corpus.name}: derived ${pct(a)}, reference ${pct(b)}`);
      if (corpus.name.includes('false_positives')) expect(a.hits).toBe(0);
      expect(a.hits).toBeLessThanOrEqual(b.hits);
    }
  });

  it('detects at least as many of the PayloadsAllTheThings and CRS 942100 payloads as the reference', () => {
    // Together, not each: CRS 942100 holds one command-injection probe (`" | type … | "`)
    // that only reads as SQL in the double-quote context, where benign text has its shape.
    const others = attackCorpora().filter((c) => !c.name.startsWith('libinjection/'));
    let a = 0;
    let b = 0;
    for (const corpus of others) {
      const x = flagged(ours, corpus.values);
      const y = flagged(ref, corpus.values);
      console.log(`attack ${corpus.name}: derived ${pct(x)}, reference ${pct(y)}`);
      a += x.hits;
      b += y.hits;
    }
    expect(a).toBeGreaterThanOrEqual(b);
  });

  it('flags no more lines of non-SQL source code than the reference (benign data the table never saw)', () => {
    const dir = sharedPath('corpora', 'highlightjs-code-samples', 'detect');
    const lines: string[] = [];
    for (const f of readdirSync(dir)) {
      if (/sql/i.test(f)) continue;
      for (const l of readFileSync(join(dir, f)).toString('latin1').split('\n')) if (l.trim().length > 3) lines.push(l.trim());
    }
    const a = flagged(ours, lines);
    const b = flagged(ref, lines);
    console.log(`held-out benign code lines: derived ${pct(a)}, reference ${pct(b)}`);
    expect(lines.length).toBeGreaterThan(1000);
    expect(a.hits).toBeLessThanOrEqual(b.hits);
  });

  it('gives the same verdicts with and without the plain-shape pre-check on every corpus value', () => {
    const naive = new SqliDetector(DEFAULT_TABLE, true, false);
    const differ: string[] = [];
    for (const c of [...attackCorpora(), ...benignCorpora()]) {
      for (const v of c.values) if (ours.detect(v).fingerprint !== naive.detect(v).fingerprint) differ.push(v);
    }
    expect(differ).toEqual([]);
  }, 30_000);

  it('has the committed table up to date with the generator', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generate());
  }, 30_000);
});
