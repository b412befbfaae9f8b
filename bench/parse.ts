/**
 * bench/parse: parse and lint all of CRS v4. Prints the cold (first) and warm (median) times,
 * parse-only and parse+lint, and their ratio to a baseline measured in the same run: reading
 * the same files and splitting them into lines, the least any parser must do.
 *
 *   npm run bench:parse [-- path/to/coreruleset]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateRuleSet } from '../compiler/validate.ts';
import { loadRuleSet } from '../grammar/includes.ts';

const crs = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'coreruleset'));
const files = [join(crs, 'crs-setup.conf.example'), ...readdirSync(join(crs, 'rules')).filter((f) => f.endsWith('.conf')).sort().map((f) => join(crs, 'rules', f))];

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

let sink = 0;
const baseline = () => {
  for (const f of files) sink += readFileSync(f, 'latin1').split('\n').length;
};
const parse = () => {
  sink += loadRuleSet(files).directives.length;
};
const lint = () => {
  const set = loadRuleSet(files);
  sink += validateRuleSet(set).length;
};

const coldParse = time(parse);
const coldLint = time(lint);
const runs = 15;
const b: number[] = [];
const p: number[] = [];
const l: number[] = [];
for (let i = 0; i < runs; i++) {
  b.push(time(baseline));
  p.push(time(parse));
  l.push(time(lint));
}
const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;
console.log(`CRS: ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB (${crs})`);
console.log(`baseline (read + split lines)  ${fmt(median(b))}`);
console.log(`parse, cold (first run)        ${fmt(coldParse)}`);
console.log(`parse, warm (median of ${runs})     ${fmt(median(p))}   ${(median(p) / median(b)).toFixed(1)}x baseline   target < 300 ms: ${median(p) < 300 && coldParse < 300 ? 'met' : 'NOT met'}`);
console.log(`parse + lint, cold             ${fmt(coldLint)}`);
console.log(`parse + lint, warm (median)    ${fmt(median(l))}   ${(median(l) / median(b)).toFixed(1)}x baseline`);
if (sink < 0) console.log(sink);
