import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StringMemo } from './string-memo.ts';

describe('StringMemo', () => {
  it('gives one record per string, whatever object the string arrives in', () => {
    const memo = new StringMemo();
    const a = memo.get(['User-Agent: ', 'Mozilla/5.0 (X11)'].join('').slice(12));
    a.hits = new Int32Array([5]);
    const b = memo.get('Mozilla/5.0 (X11)');
    expect(b).toBe(a);
    expect(b.text).toBe('Mozilla/5.0 (X11)');
    expect(memo.get('Mozilla/5.0 (X12)')).not.toBe(a);
  });

  it('holds at most two generations of entries, and keeps what is used again', () => {
    const memo = new StringMemo(100, 1 << 20, 256);
    const kept = memo.get('kept value');
    for (let i = 0; i < 1000; i++) {
      memo.get(`value ${i}`);
      // Read once per generation: it moves to the young one and is never dropped.
      if (i % 50 === 0) expect(memo.get('kept value')).toBe(kept);
    }
    expect(memo.size).toBeLessThanOrEqual(200);
    expect(memo.get('kept value')).toBe(kept);
    // An entry not read for two generations is gone: a new record comes back.
    expect(memo.get('value 0')).not.toBe(undefined);
    expect(memo.size).toBeLessThanOrEqual(200);
  });

  it('starts a new generation when the characters kept reach the budget', () => {
    const memo = new StringMemo(10_000, 1000, 256);
    for (let i = 0; i < 100; i++) memo.get(`${i}`.padStart(100, 'x'));
    // 1000 characters per generation at 100 per entry: about ten entries in each of two.
    expect(memo.size).toBeLessThanOrEqual(22);
    const before = memo.size;
    const first = memo.get('y'.repeat(10));
    memo.charge(5000);
    memo.get('z'.repeat(10));
    // The charge filled the generation: the next new entry started another one.
    expect(memo.size).toBeLessThan(before + 2);
    expect(memo.get('y'.repeat(10))).toBe(first);
  });

  it('keeps copies of the strings, not the request text they were cut from', { timeout: 30_000 }, () => {
    const script = join(import.meta.dirname, 'testdata', 'memo-retention.ts');
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], { encoding: 'utf8' });
    const [bytes, size] = out.trim().split(' ').map(Number);
    expect(size).toBe(1000);
    // 1000 entries of 100 characters, and their records: well under the 10 MB text.
    expect(bytes).toBeLessThan(2_000_000);
  });
});
