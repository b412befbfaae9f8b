/**
 * One program's timings for bench/engine, in a process of its own: the orchestrator starts one
 * for the naive program and one for the optimized program of each paranoia level. In one
 * process the two would share V8's inline caches, and each program's objects would make the
 * other's property reads polymorphic, which a server running one program never sees.
 *
 *   node --import tsx bench/engine-cell.ts naive|optimized PL N CRS   → one JSON line on stdout
 */
import { compileRules } from '../compiler/index.ts';
import { cells, inputs, measure, runOnce } from './engine-mix.ts';

const [kind, plText, nText, crs] = process.argv.slice(2);
const pl = Number(plText);
const n = Number(nText);
const program = compileRules(inputs(crs, pl), kind === 'naive' ? { naive: true } : { paranoiaLevel: pl }).program;
const table = cells(crs);
// Warm up on every request of the mix, as a server sees them, before any cell is timed.
const all = table.flatMap(([, makers]) => makers);
for (let i = 0; i < 300; i++) runOnce(program, all[i % all.length](i));
const out: Record<string, { median: number; p99: number }> = {};
for (const [name, makers] of table) out[name] = measure(program, makers, n);
process.stdout.write(JSON.stringify(out) + '\n');
