/**
 * Micro-benchmark of detectXSS (runtime/detect/xss), run with
 *   node --import tsx bench/detect-xss.ts
 * Prints inputs per second for benign values of typical size (10–200 bytes), 50-byte values,
 * 8 KB values, and the time of single 1 MB inputs, each with the ratio against a baseline
 * measured in the same run: one ASCII-lowercase pass over the same inputs (the cheapest
 * per-byte work any rule does), so the numbers compare across machines.
 */
import { detectXSS } from '../runtime/detect/xss/index.ts';
import { seededRandom as rng } from '../core/random.ts';


const WORDS = [
  'the', 'search', 'Order', 'john.doe@example.com', 'München', 'price', '42', '3.14', 'id=7',
  'user_name', 'Hello,', 'world!', 'https://example.org/a/b?c=d', 'ÄÖÜ', '(note)', 'x-y',
  '"quoted"', "it's", 'a&b', '#tag', '50%', 'path/to/file.txt', 'café', '2024-01-31', 'R&D',
];

/** A benign value of about `size` bytes: words, punctuation and UTF-8 text as bytes. */
function benignValue(next: () => number, size: number): string {
  let s = '';
  while (s.length < size) s += WORDS[Math.floor(next() * WORDS.length)] + ' ';
  return flat(Buffer.from(s.slice(0, size), 'utf8').toString('latin1').slice(0, size));
}

/** Benign HTML as a rich-text field would post it (tags and attributes, nothing dangerous). */
function markupValue(next: () => number, size: number): string {
  const parts = ['<p class="x">', '<b>', '</b>', '<a href="/page?id=1" title=\'t\'>', '</a>', ' text ', '<br/>', '&amp;', '<!-- c -->'];
  let s = '';
  while (s.length < size) s += parts[Math.floor(next() * parts.length)];
  return flat(s.slice(0, size));
}

/** A flat copy: request values arrive from Buffer.toString('latin1'), never as slices or ropes. */
function flat(s: string): string {
  return Buffer.from(s, 'latin1').toString('latin1');
}

function lowercasePass(s: string): number {
  // What a t:lowercase pass costs without the allocation: every byte read and mapped once.
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return h;
}

let sink = 0;

/** Inputs per second of `fn` over `inputs`, measured for about `ms` milliseconds. */
function throughput(inputs: string[], fn: (s: string) => number | boolean, ms: number): number {
  for (let i = 0; i < inputs.length * 3; i++) sink ^= Number(fn(inputs[i % inputs.length]));
  let count = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < inputs.length; i++) sink ^= Number(fn(inputs[i]));
    count += inputs.length;
    elapsed = process.hrtime.bigint() - start;
  }
  return count / (Number(elapsed) / 1e9);
}

function row(name: string, inputs: string[], ms = 700): void {
  const det = throughput(inputs, detectXSS, ms);
  const base = throughput(inputs, lowercasePass, ms);
  const avg = inputs.reduce((n, s) => n + s.length, 0) / inputs.length;
  console.log(
    `${name.padEnd(26)} avg ${avg.toFixed(0).padStart(5)} B  ` +
      `detectXSS ${fmt(det)}/s (${(1e6 / det).toFixed(3)} µs)  ` +
      `lowercase ${fmt(base)}/s  ratio ${(base / det).toFixed(1)}x`,
  );
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0);
}

function once(name: string, input: string): void {
  const t0 = process.hrtime.bigint();
  const flagged = detectXSS(input);
  const t1 = process.hrtime.bigint();
  lowercasePass(input);
  const t2 = process.hrtime.bigint();
  const det = Number(t1 - t0) / 1e6;
  const base = Number(t2 - t1) / 1e6;
  console.log(
    `${name.padEnd(26)} ${(input.length / 1048576).toFixed(1)} MB  detectXSS ${det.toFixed(1)} ms ` +
      `(flagged: ${flagged})  lowercase ${base.toFixed(1)} ms  ratio ${(det / base).toFixed(1)}x`,
  );
}

const next = rng(20240601);
const typical = Array.from({ length: 2000 }, () => benignValue(next, 10 + Math.floor(next() * 191)));
const fifty = Array.from({ length: 2000 }, () => benignValue(next, 50));
// Values that pass the prefilter (they hold `=` or `<`), so every context is tokenized.
const fiftyFull = fifty.map((s, i) => flat((i % 2 === 0 ? 'a=b ' : '1 < 2 ') + s.slice(0, 44)));
const eightK = Array.from({ length: 64 }, () => benignValue(next, 8192));
const eightKMarkup = Array.from({ length: 64 }, () => markupValue(next, 8192));

console.log(`node ${process.version}; baseline: one ASCII-lowercase pass over the same inputs`);
row('benign 10-200 B', typical);
row('benign 50 B', fifty);
row('benign 50 B with = or <', fiftyFull);
row('benign 8 KB', eightK);
row('benign markup 8 KB', eightKMarkup);
// Single large inputs: the tokenizer must stay linear whatever the bytes.
const mb = 1 << 20;
once('1 MB benign text', benignValue(next, mb));
once('1 MB benign markup', markupValue(next, mb));
once('1 MB "<a " repeats', flat('<a '.repeat(Math.ceil(mb / 3)).slice(0, mb)));
once('1 MB "<s\\0" repeats', flat('<s\0'.repeat(Math.ceil(mb / 3)).slice(0, mb)));
once('1 MB "&#" in a URL', flat('<a href="' + '&#'.repeat(mb / 2)));
once('1 MB unclosed comment', flat('<!--' + '-x'.repeat(mb / 2)));
if (sink === 0x7fffffff) console.log('');
