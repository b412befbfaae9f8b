import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StringMemo } from './string-memo.ts';

/** The record of `s`, seen twice so that the doorkeeper lets it in. */
function kept(memo: StringMemo, s: string) {
  return memo.get(s) ?? memo.get(s)!;
}

describe('StringMemo', () => {
  it('keeps nothing for a string seen once, and keeps it from its second sighting on', () => {
    const memo = new StringMemo();
    for (let i = 0; i < 1000; i++) expect(memo.get(`nonce-${i}-${'x'.repeat(20)}`)).toBeUndefined();
    expect(memo.size).toBe(0);
    const second = memo.get('nonce-7-' + 'x'.repeat(20));
    expect(second?.text).toBe('nonce-7-' + 'x'.repeat(20));
    expect(second?.kept).toBe(true);
    expect(memo.size).toBe(1);
  });

  it('gives one record per string, whatever object the string arrives in', () => {
    const memo = new StringMemo();
    const a = kept(memo, ['User-Agent: ', 'Mozilla/5.0 (X11)'].join('').slice(12));
    a.hits = new Int32Array([5]);
    const b = memo.get('Mozilla/5.0 (X11)');
    expect(b).toBe(a);
    expect(b!.text).toBe('Mozilla/5.0 (X11)');
    expect(kept(memo, 'Mozilla/5.0 (X12)')).not.toBe(a);
  });

  it('holds at most two generations of entries, and keeps what is used again', () => {
    const memo = new StringMemo(100, 1 << 20, 256);
    const first = kept(memo, 'kept value');
    for (let i = 0; i < 1000; i++) {
      kept(memo, `value ${i}`);
      // Read once per generation: it moves to the young one and is never dropped.
      if (i % 50 === 0) expect(memo.get('kept value')).toBe(first);
    }
    expect(memo.size).toBeLessThanOrEqual(200);
    expect(memo.get('kept value')).toBe(first);
    // An entry not read for two generations is gone: asked for again, it starts over.
    expect(memo.get('value 0')).not.toBe(undefined);
    expect(memo.size).toBeLessThanOrEqual(200);
  });

  it('starts a new generation when the characters kept reach the budget', () => {
    const memo = new StringMemo(10_000, 1000, 256);
    for (let i = 0; i < 100; i++) kept(memo, `${i}`.padStart(100, 'x'));
    // 1000 characters per generation at 100 per entry: about ten entries in each of two.
    expect(memo.size).toBeLessThanOrEqual(22);
    const before = memo.size;
    const first = kept(memo, 'y'.repeat(10));
    memo.charge(5000);
    kept(memo, 'z'.repeat(10));
    // The charge filled the generation: the next new entry started another one.
    expect(memo.size).toBeLessThan(before + 2);
    expect(memo.get('y'.repeat(10))).toBe(first);
  });

  it('keeps copies of the strings, not the request text they were cut from', { timeout: 30_000 }, () => {
    const script = join(import.meta.dirname, 'testdata', 'memo-retention.ts');
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { encoding: 'utf8' });
    const [bytes, size] = out.trim().split(' ').map(Number);
    // Two strings whose hashes share a doorkeeper slot may wait for a third sighting.
    expect(size).toBeGreaterThan(950);
    // ~1000 entries of 100 characters, and their records: well under the 10 MB text.
    expect(bytes).toBeLessThan(2_000_000);
  });
});
