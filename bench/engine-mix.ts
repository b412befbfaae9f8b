/**
 * The request mix of bench/engine, shared by the orchestrator and the processes that time
 * each program: the CRS inputs for a paranoia level, the benign requests the benchmark builds
 * itself, 30 attack requests from CRS's regression tests, and the timing loop.
 */
import { join } from 'node:path';
import { loadFtwDir } from '../corpus/ftw/loader.ts';
import { buildFtwRequest } from '../corpus/ftw/request.ts';
import type { Program } from '../runtime/program.ts';
import { Transaction } from '../runtime/transaction.ts';

export function inputs(crs: string, pl: number) {
  return [
    { path: '<engine>', text: 'SecRuleEngine On\nSecRequestBodyAccess On\nSecResponseBodyAccess Off' },
    join(crs, 'crs-setup.conf.example'),
    { path: '<pl>', text: `SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=${pl},setvar:tx.detection_paranoia_level=${pl}"` },
    join(crs, 'rules'),
  ];
}

export interface Req {
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

export const benign: [string, Req][] = [
  ['GET 5 args', { method: 'GET', uri: '/products/search?q=running+shoes&size=42&color=blue&sort=price_asc&page=2', headers: browser, body: '' }],
  ['POST 1 KB form', { method: 'POST', uri: '/checkout', headers: withBody('application/x-www-form-urlencoded', form), body: form }],
  ['POST 4 KB JSON', { method: 'POST', uri: '/api/orders', headers: withBody('application/json', json), body: json }],
  ['POST 32 KB upload', { method: 'POST', uri: '/upload', headers: withBody(`multipart/form-data; boundary=${boundary}`, multipart), body: multipart }],
];

/** 30 attack requests: the first stage of every 150th CRS regression test that expects a rule to fire. */
export function attacks(crs: string): Req[] {
  const tests = loadFtwDir(join(crs, 'tests', 'regression', 'tests')).files.flatMap((f) => f.tests);
  const out: Req[] = [];
  for (let i = 0; i < tests.length && out.length < 30; i += 150) {
    const built = buildFtwRequest(tests[i].stages[0].input);
    if (built.ok && !built.request.serverRejects) out.push(built.request);
  }
  return out;
}

export function runOnce(p: Program, r: Req): number {
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
export function measure(p: Program, reqs: readonly Req[], n: number): { median: number; p99: number } {
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


/** The cells of the table: each benign request alone, the benign mix, the attacks. */
export function cells(crs: string): [string, readonly Req[]][] {
  return [...benign.map(([name, r]) => [name, [r]] as [string, Req[]]), ['benign mix', benign.map(([, r]) => r)], ['30 CRS attacks', attacks(crs)]];
}
