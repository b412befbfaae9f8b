/**
 * bench/engine: CRS v4 per-request cost, in-process, at PL1 and PL2, for the two benign
 * requests MEASUREMENTS.md times ModSecurity on (GET with 5 query arguments; ~1 KB form POST).
 * The baseline is the naive program (no folding, prefilters or caches) measured in the same run;
 * the optimized program's ratio to it is the optimizer's gain. ModSecurity 3.0.9's figures on
 * this machine kind are printed alongside for scale.
 *
 *   npm run bench:engine [-- path/to/coreruleset]
 */
import { join, resolve } from 'node:path';
import { compileRules } from '../compiler/index.ts';
import { Transaction } from '../runtime/transaction.ts';
import type { Program } from '../runtime/program.ts';

const crs = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..', 'shared', 'coreruleset'));

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
  headers: [string, string][];
  body: string;
}

const common: [string, string][] = [
  ['Host', 'shop.example.com'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36'],
  ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['Accept-Language', 'en-US,en;q=0.9'],
  ['Accept-Encoding', 'gzip, deflate, br'],
  ['Cookie', 'session=8f14e45fceea167a5a36dedd4bea2543; theme=dark'],
];
const get: Req = { method: 'GET', uri: '/products/search?q=running+shoes&size=42&color=blue&sort=price_asc&page=2', headers: common, body: '' };
const formBody = new URLSearchParams({
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
const post: Req = { method: 'POST', uri: '/checkout', headers: [...common, ['Content-Type', 'application/x-www-form-urlencoded'], ['Content-Length', String(formBody.length)]], body: formBody };

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

/** Median microseconds per request over `rounds` rounds of `n` requests. */
function measure(p: Program, r: Req, n = 200, rounds = 7): number {
  for (let i = 0; i < 50; i++) runOnce(p, r);
  const per: number[] = [];
  for (let k = 0; k < rounds; k++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) runOnce(p, r);
    per.push(Number(process.hrtime.bigint() - t) / 1000 / n);
  }
  per.sort((a, b) => a - b);
  return per[per.length >> 1];
}

const modsec: Record<string, [number, number]> = { GET: [1900, 3200], POST: [4200, 6700] };
console.log(`CRS: ${crs}`);
console.log('request          PL   naive µs   optimized µs   speed-up   ModSecurity 3.0.9 µs');
for (const pl of [1, 2]) {
  const naive = compileRules(inputs(pl), { naive: true }).program;
  const optimized = compileRules(inputs(pl), { paranoiaLevel: pl }).program;
  for (const [name, r] of [['GET 5 args', get], ['POST 1 KB form', post]] as const) {
    if (runOnce(naive, r) !== runOnce(optimized, r)) throw new Error(`naive and optimized disagree on ${name}`);
    const a = measure(naive, r);
    const b = measure(optimized, r);
    const ms = modsec[r.method][pl - 1];
    console.log(`${name.padEnd(16)} ${pl}   ${a.toFixed(0).padStart(8)}   ${b.toFixed(0).padStart(12)}   ${(a / b).toFixed(2).padStart(7)}x   ${String(ms).padStart(8)} (${(ms / b).toFixed(1)}x ours)`);
  }
}
