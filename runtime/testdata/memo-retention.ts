/**
 * Run by string-memo.test.ts in a process of its own, with --expose-gc: how many bytes of heap
 * the memo's entries hold once the 10 MB text they were cut from is dropped. Prints one number.
 */
import { StringMemo } from '../string-memo.ts';

const gc = (globalThis as { gc?: () => void }).gc!;
const memo = new StringMemo(4096, 1 << 24, 256);

function fill(): void {
  // Built at run time, so that the text is one flat string and slices of it point into it.
  const text = Array.from({ length: 100_000 }, (_, i) => String(i).padStart(100, '.')).join('');
  // Twice each: the first sighting only registers the string (the memo's doorkeeper).
  for (let i = 0; i < 1000; i++) memo.get(text.slice(i * 100, i * 100 + 100));
  for (let i = 0; i < 1000; i++) memo.get(text.slice(i * 100, i * 100 + 100));
}

gc();
const before = process.memoryUsage().heapUsed;
fill();
await new Promise((resolve) => setTimeout(resolve, 10));
gc();
gc();
process.stdout.write(`${process.memoryUsage().heapUsed - before} ${memo.size}\n`);
