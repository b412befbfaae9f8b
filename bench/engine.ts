/**
 * bench/engine: CRS v4 per-request engine time, in-process, naive program against optimized
 * program, measured in the same run (each program in a process of its own, engine-cell.ts), for PL1-PL4, on a fixed request mix the benchmark builds
 * itself: benign GET with 5 query args; benign ~1 KB form POST; ~4 KB nested JSON API body;
 * multipart upload with a 32 KB file part; 30 attack requests from CRS's regression tests.
 * Prints median and p99 µs per request after warm-up, the ratio, CRS compile time and the heap
 * the compiled program holds. ModSecurity 3.0.9's figures (MEASUREMENTS.md) are given for scale.
 *
 * The timing processes run with the V8 settings of `npm start` (cli/node-flags.ts);
 * `--node-defaults` runs them with V8's defaults instead.
 *
 *   npm run bench:engine [-- path/to/coreruleset] [--quick] [--pl N] [--node-defaults]
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { compileRules } from '../compiler/index.ts';
import { summarize } from '../compiler/summary.ts';
import type { Program } from '../runtime/program.ts';
import { SERVER_NODE_FLAGS } from '../cli/node-flags.ts';
import { cells, inputs, runOnce } from './engine-mix.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const plArg = args.indexOf('--pl');
const levels = plArg >= 0 ? [Number(args[plArg + 1])] : [1, 2, 3, 4];
const crs = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--pl') ?? join(import.meta.dirname, '..', '..', 'shared', 'coreruleset'));

/**
 * The heap a compiled program holds: heap used with a copy alive, minus heap used once that
 * copy is dropped (each after a full GC), so that garbage from compiling and objects freed in
 * between do not count.
 */
function heapOf(build: () => Program): number {
  if (!global.gc) return NaN;
  const measureWith = (): number => {
    const copy = build();
    global.gc!();
    const used = process.memoryUsage().heapUsed;
    // Read after measuring, so that the copy is alive at the measurement.
    return copy.phases.length > 0 ? used : NaN;
  };
  const withCopy = measureWith();
  global.gc();
  return (withCopy - process.memoryUsage().heapUsed) / 1048576;
}

const n = quick ? 300 : 1500;
// The cells run with the V8 settings `npm start` gives the proxy, unless asked for V8's defaults.
const nodeFlags = args.includes('--node-defaults') ? [] : SERVER_NODE_FLAGS;
const modsec: Record<string, [number, number]> = { 'GET 5 args': [1900, 3200], 'POST 1 KB form': [4200, 6700] };

/** One program's timings, measured in a process of its own (see engine-cell.ts). */
function timings(kind: 'naive' | 'optimized', pl: number): Record<string, { median: number; p99: number }> {
  const cell = join(import.meta.dirname, 'engine-cell.ts');
  const out = execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', cell, kind, String(pl), String(n), crs], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const table = cells(crs);
let t = performance.now();
compileRules(inputs(crs, 1), { naive: true });
const coldCompile = performance.now() - t;
console.log(`CRS: ${crs}; ${table[table.length - 1][1].length} attack requests; ${n} timed requests per cell, each program timed in its own process (node ${nodeFlags.join(' ') || 'defaults'})${global.gc ? '' : ' (run with --expose-gc for heap figures)'}`);
console.log(`compile all of CRS: ${coldCompile.toFixed(0)} ms cold`);
// Said here because it flatters that column: the engine keeps work on short strings across requests.
console.log('benign requests vary per request (bench/engine-mix.ts); the 30 attacks repeat every 30 requests, so work the engine keeps across requests serves them again');
console.log('PL  request              naive med/p99 µs     optimized med/p99 µs   speed-up (med)   ModSecurity 3.0.9 µs');
for (const pl of levels) {
  const naive = compileRules(inputs(crs, pl), { naive: true }).program;
  t = performance.now();
  const optimized = compileRules(inputs(crs, pl), { paranoiaLevel: pl }).program;
  const compileMs = performance.now() - t;
  const mb = heapOf(() => compileRules(inputs(crs, pl), { paranoiaLevel: pl }).program);
  for (const [name, makers] of table) {
    for (let i = 0; i < 4; i++) {
      const r = makers[i % makers.length](i);
      if (runOnce(naive, r) !== runOnce(optimized, r)) throw new Error(`naive and optimized disagree on ${name}`);
    }
  }
  const a = timings('naive', pl);
  const b = timings('optimized', pl);
  for (const [name] of table) {
    const ms = modsec[name]?.[pl - 1];
    const ref = ms ? `${ms} (${(ms / b[name].median).toFixed(1)}x ours)` : '';
    console.log(`${pl}   ${name.padEnd(20)} ${a[name].median.toFixed(0).padStart(7)} / ${a[name].p99.toFixed(0).padEnd(9)}  ${b[name].median.toFixed(0).padStart(7)} / ${b[name].p99.toFixed(0).padEnd(9)}    ${(a[name].median / b[name].median).toFixed(2).padStart(6)}x        ${ref}`);
  }
  const s = summarize(optimized);
  console.log(`    compiled PL${pl} in ${compileMs.toFixed(0)} ms${global.gc ? `, program heap ~${mb.toFixed(1)} MB` : ''}; ${s.rules} of ${s.generalRules} rules, ${s.regexes} regexes (${s.regexesInSets} in ${s.regexSets} RE2 sets), ${s.transformationChains} transformation chains`);
}
