/**
 * libinjection's own attack and false-positive lists. Each attack line must be flagged unless
 * it is recorded, with its reason, in testdata/known-misses.json; a recorded miss that starts
 * being flagged fails too, so the list stays exact.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasShared } from '../../../core/testing.ts';
import { detectXSS } from './index.ts';
import { dataFiles, readDataLines } from './testdata/load.ts';

interface KnownMiss {
  file: string;
  line: string;
  reason: string;
}

const knownMisses = JSON.parse(
  readFileSync(new URL('./testdata/known-misses.json', import.meta.url), 'utf8'),
) as KnownMiss[];

function percent(hit: number, total: number): string {
  return total === 0 ? 'n/a' : `${((100 * hit) / total).toFixed(2)}%`;
}

describe.skipIf(!hasShared('libinjection', 'data'))('libinjection data files', () => {
  const files = dataFiles(/^xss-.*\.txt$/);

  it('detects every attack line except the recorded misses', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    let hit = 0;
    let total = 0;
    const unexpected: string[] = [];
    const missed = new Set<string>();
    const report: string[] = [];
    for (const file of files) {
      const lines = readDataLines(file);
      let fileHit = 0;
      for (const { raw, value } of lines) {
        if (detectXSS(value)) fileHit++;
        else if (knownMisses.some((m) => m.file === file && m.line === raw)) missed.add(`${file}\n${raw}`);
        else unexpected.push(`${file}: ${raw}`);
      }
      hit += fileHit;
      total += lines.length;
      report.push(`  ${file}: ${fileHit}/${lines.length} (${percent(fileHit, lines.length)})`);
    }
    console.log(`detectXSS on libinjection xss-*.txt: ${hit}/${total} (${percent(hit, total)})\n${report.join('\n')}`);
    expect(unexpected).toEqual([]);
    const stale = knownMisses.filter((m) => !missed.has(`${m.file}\n${m.line}`));
    expect(stale, 'known misses that are now detected or gone: remove them').toEqual([]);
    // The floor the recorded misses allow: over 99.5% of the lines.
    expect(hit / total).toBeGreaterThan(0.995);
  });

  it('flags nothing in false_positives.txt', () => {
    const lines = readDataLines('false_positives.txt');
    expect(lines.length).toBeGreaterThan(400);
    const flagged = lines.filter((l) => detectXSS(l.value)).map((l) => l.raw);
    expect(flagged).toEqual([]);
  });
});
