/**
 * bench/engine: CRS v4 per-request engine time, in-process, naive program against optimized
 * program, measured in the same run, for PL1-PL4, on a fixed request mix the benchmark builds
 * itself: benign GET with 5 query args; benign ~1 KB form POST; ~4 KB nested JSON API body;
 * multipart upload with a 32 KB file part; 30 attack requests from CRS's regression tests.
 * Prints median and p99 µs per request after warm-up, the ratio, CRS compile time and the heap
 * the compiled program holds. ModSecurity 3.0.9's figures (MEASUREMENTS.md) are given for scale.
 *
 *   npm run bench:engine [-- path/to/coreruleset] [--quick] [--pl N]
 */
import { join, resolve } from 'node:path';
import { compileRules } from '../compiler/index.ts';
import { summarize } from '../compiler/summary.ts';
import { loadFtwDir } from '../corpus/ftw/loader.ts';
import { buildFtwRequest } from '../corpus/ftw/request.ts';
import type { Program } from '../runtime/program.ts';
import { Transaction } from '../runtime/transaction.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const plArg = args.indexOf('--pl');
const levels = plArg >= 0 ? [Number(args[plArg + 1])] : [1, 2, 3, 4];
const crs = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--pl') ?? join(import.meta.dirname, '..', '..', 'shared', 'coreruleset'));

function inputs(pl: number) {
  return [
    { path: '<engine>', text: 'SecRuleEngine On\nSecRequestBodyAccess On\nSecResponseBodyAccess Off' },
    join(crs, 'crs-setup.conf.example'),
    { path: '<pl>', text: `SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=${pl},setvar:tx.detection_paranoia_level=${pl}"` },
    join(crs, 'rules'),
  ];
}

interface Req {
  method: string;
  uri: string;
  headers: readonly (readonly [string, string])[];
  body: string;
}

const browser: [string, string][] = [
  ['Host', 'shop.example.com'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36'],
  ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['Accept-Language', 'en-US,en;q=0.9'],
  ['Accept-Encoding', 'gzip, deflate, br'],
  ['Cookie', 'session=8f14e45fceea167a5a36dedd4bea2543; theme=dark'],
];
const withBody = (type: string, body: string): [string, string][] => [...browser, ['Content-Type', type], ['Content-Length', String(body.length)]];

const form = new URLSearchParams({
  name: 'Jane Doe',
  email: 'jane.doe@example.com',
  address: '221B Baker Street, London NW1 6XE',
  comment: 'Please deliver between 9am and 5pm. The doorbell is broken, so knock twice. Thanks for the quick service last time!',
  newsletter: 'yes',
  product: 'SKU-12345-RED',
  quantity: '3',
  coupon: 'SPRING2024',
  notes: 'Gift wrap if possible; the card should say "Happy birthday, Sam" and nothing else. '.repeat(6),
}).toString();

const json = JSON.stringify({
  order: {
    id: 'A-1029384',
    customer: { name: 'Jane Doe', email: 'jane.doe@example.com', phone: '+44 20 7946 0958', tags: ['vip', 'newsletter'] },
    items: Array.from({ length: 12 }, (_, i) => ({ sku: `SKU-${1000 + i}`, title: `Running shoe model ${i}`, qty: 1 + (i % 3), price: 59.9 + i, options: { size: 40 + (i % 5), color: ['red', 'blue', 'black'][i % 3] } })),
    shipping: { method: 'express', address: { line1: '221B Baker Street', city: 'London', postcode: 'NW1 6XE', country: 'GB' } },
    note: 'Leave at the door if nobody answers. Thank you!',
  },
});

const boundary = '----formboundary7MA4YWxkTrZu0gW';
const file = Buffer.alloc(32 * 1024, 'The quick brown fox jumps over the lazy dog. ').toString('latin1');
const multipart = [`--${boundary}`, 'Content-Disposition: form-data; name="title"', '', 'Holiday photos', `--${boundary}`, 'Content-Disposition: form-data; name="upload"; filename="notes.txt"', 'Content-Type: text/plain', '', file, `--${boundary}--`, ''].join('\r\n');

const benign: [string, Req][] = [
  ['GET 5 args', { method: 'GET', uri: '/products/search?q=running+shoes&size=42&color=blue&sort=price_asc&page=2', headers: browser, body: '' }],
  ['POST 1 KB form', { method: 'POST', uri: '/checkout', headers: withBody('application/x-www-form-urlencoded', form), body: form }],
  ['POST 4 KB JSON', { method: 'POST', uri: '/api/orders', headers: withBody('application/json', json), body: json }],
  ['POST 32 KB upload', { method: 'POST', uri: '/upload', headers: withBody(`multipart/form-data; boundary=${boundary}`, multipart), body: multipart }],
];

/** 30 attack requests: the first stage of every 150th CRS regression test that expects a rule to fire. */
function attacks(): Req[] {
  const tests = loadFtwDir(join(crs, 'tests', 'regression', 'tests')).files.flatMap((f) => f.tests);
  const out: Req[] = [];
  for (let i = 0; i < tests.length && out.length < 30; i += 150) {
    const built = buildFtwRequest(tests[i].stages[0].input);
    if (built.ok && !built.request.serverRejects) out.push(built.request);
  }
  return out;
}

function runOnce(p: Program, r: Req): number {
  const tx = new Transaction(p);
  tx.processConnection('198.51.100.7', 51000, '10.0.0.1', 443);
  tx.processUri(r.uri, r.method, '1.1');
  for (const [k, v] of r.headers) tx.addRequestHeader(k, v);
  tx.processRequestHeaders();
  if (r.body) tx.appendRequestBody(r.body);
  tx.processRequestBody();
  tx.processLogging();
  return tx.matches.length;
}

/** Median and p99 µs per request over `n` timed requests (round robin over `reqs`), after warm-up. */
function measure(p: Program, reqs: readonly Req[], n: number): { median: number; p99: number } {
  for (let i = 0; i < Math.min(200, n); i++) runOnce(p, reqs[i % reqs.length]);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    runOnce(p, reqs[i % reqs.length]);
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], p99: times[Math.floor(times.length * 0.99)] };
}

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

const attackReqs = attacks();
const n = quick ? 300 : 1500;
const modsec: Record<string, [number, number]> = { 'GET 5 args': [1900, 3200], 'POST 1 KB form': [4200, 6700] };

let t = performance.now();
compileRules(inputs(1), { naive: true });
const coldCompile = performance.now() - t;
console.log(`CRS: ${crs}; ${attackReqs.length} attack requests; ${n} timed requests per cell${global.gc ? '' : ' (run with --expose-gc for heap figures)'}`);
console.log(`compile all of CRS: ${coldCompile.toFixed(0)} ms cold`);
console.log('PL  request              naive med/p99 µs     optimized med/p99 µs   speed-up (med)   ModSecurity 3.0.9 µs');
for (const pl of levels) {
  const naive = compileRules(inputs(pl), { naive: true }).program;
  t = performance.now();
  const optimized = compileRules(inputs(pl), { paranoiaLevel: pl }).program;
  const compileMs = performance.now() - t;
  const mb = heapOf(() => compileRules(inputs(pl), { paranoiaLevel: pl }).program);
  const cells: [string, readonly Req[]][] = [...benign.map(([name, r]) => [name, [r]] as [string, Req[]]), ['benign mix', benign.map(([, r]) => r)], ['30 CRS attacks', attackReqs]];
  for (const [name, reqs] of cells) {
    for (const r of reqs) if (runOnce(naive, r) !== runOnce(optimized, r)) throw new Error(`naive and optimized disagree on ${name}`);
    const a = measure(naive, reqs, n);
    const b = measure(optimized, reqs, n);
    const ms = modsec[name]?.[pl - 1];
    const ref = ms ? `${ms} (${(ms / b.median).toFixed(1)}x ours)` : '';
    console.log(`${pl}   ${name.padEnd(20)} ${a.median.toFixed(0).padStart(7)} / ${a.p99.toFixed(0).padEnd(9)}  ${b.median.toFixed(0).padStart(7)} / ${b.p99.toFixed(0).padEnd(9)}    ${(a.median / b.median).toFixed(2).padStart(6)}x        ${ref}`);
  }
  const s = summarize(optimized);
  console.log(`    compiled PL${pl} in ${compileMs.toFixed(0)} ms${global.gc ? `, program heap ~${mb.toFixed(1)} MB` : ''}; ${s.rules} of ${s.generalRules} rules, ${s.regexes} regexes (${s.regexesInSets} in ${s.regexSets} RE2 sets), ${s.transformationChains} transformation chains`);
}
