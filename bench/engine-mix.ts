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
import { seededRandom } from '../core/random.ts';

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
];

/**
 * One benign request of a kind, the `i`th the benchmark sends. Real traffic repeats some values
 * across requests (the browser's headers, enumerations such as a colour or a page number) and
 * not others (session ids, names, free text, file contents), so each request draws the former
 * from small lists and makes the latter unique: an engine that keeps work across requests is
 * timed on what real traffic would let it keep, not on one request sent again and again.
 */
export type RequestMaker = (i: number) => Req;

const words = ['running', 'shoes', 'trail', 'red', 'kids', 'sale', 'winter', 'boots', 'jacket', 'wool', 'leather', 'socks'];
const random = seededRandom(20240601);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');

const headers = (): [string, string][] => [...browser, ['Cookie', `session=${hex(32)}; theme=${pick(['dark', 'light'])}`]];
const withBody = (type: string, body: string): [string, string][] => [...headers(), ['Content-Type', type], ['Content-Length', String(Buffer.byteLength(body))]];

const get: RequestMaker = () => ({
  method: 'GET',
  uri: `/products/search?q=${pick(words)}+${pick(words)}&size=${int(36, 46)}&color=${pick(['blue', 'red', 'black', 'white'])}&sort=${pick(['price_asc', 'price_desc', 'newest'])}&page=${int(1, 20)}`,
  headers: headers(),
  body: '',
});

const form: RequestMaker = (i) => {
  const body = new URLSearchParams({
    name: `Jane Doe ${i}`,
    email: `jane.doe.${i}@example.com`,
    address: `${int(1, 999)} Baker Street, London NW1 6XE`,
    comment: `Order ${i}: please deliver between 9am and 5pm. The doorbell is broken, so knock twice. Thanks for the quick service last time!`,
    newsletter: pick(['yes', 'no']),
    product: `SKU-${int(10000, 99999)}-${pick(['RED', 'BLUE', 'BLACK'])}`,
    quantity: String(int(1, 5)),
    coupon: pick(['SPRING2024', 'WELCOME10', '']),
    notes: `Gift wrap if possible; the card should say "Happy birthday, Sam ${i}" and nothing else. `.repeat(6),
  }).toString();
  return { method: 'POST', uri: '/checkout', headers: withBody('application/x-www-form-urlencoded', body), body };
};

const json: RequestMaker = (i) => {
  const body = JSON.stringify({
    order: {
      id: `A-${1000000 + i}`,
      customer: { name: `Jane Doe ${i}`, email: `jane.doe.${i}@example.com`, phone: `+44 20 7946 ${String(int(0, 9999)).padStart(4, '0')}`, tags: ['vip', 'newsletter'] },
      items: Array.from({ length: 12 }, (_, k) => ({ sku: `SKU-${int(1000, 9999)}`, title: `Running shoe model ${k}`, qty: int(1, 3), price: int(1999, 12999) / 100, options: { size: int(36, 46), color: pick(['red', 'blue', 'black']) } })),
      shipping: { method: pick(['express', 'standard']), address: { line1: `${int(1, 999)} Baker Street`, city: 'London', postcode: 'NW1 6XE', country: 'GB' } },
      note: `Leave at the door if nobody answers (order ${i}). Thank you!`,
    },
  });
  return { method: 'POST', uri: '/api/orders', headers: withBody('application/json', body), body };
};

const boundary = '----formboundary7MA4YWxkTrZu0gW';
const fileText = Buffer.alloc(32 * 1024, 'The quick brown fox jumps over the lazy dog. ').toString('latin1');
const upload: RequestMaker = (i) => {
  const file = `upload ${i} ${hex(16)}\n${fileText}`;
  const body = [`--${boundary}`, 'Content-Disposition: form-data; name="title"', '', `Holiday photos ${i}`, `--${boundary}`, `Content-Disposition: form-data; name="upload"; filename="notes-${i}.txt"`, 'Content-Type: text/plain', '', file, `--${boundary}--`, ''].join('\r\n');
  return { method: 'POST', uri: '/upload', headers: withBody(`multipart/form-data; boundary=${boundary}`, body), body };
};

export const benign: [string, RequestMaker][] = [
  ['GET 5 args', get],
  ['POST 1 KB form', form],
  ['POST 4 KB JSON', json],
  ['POST 32 KB upload', upload],
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

/**
 * Median and p99 µs per request over `n` timed requests (round robin over `makers`, each request
 * made before its timer starts), after warm-up.
 */
export function measure(p: Program, makers: readonly RequestMaker[], n: number): { median: number; p99: number } {
  let sent = 0;
  for (let i = 0; i < Math.min(200, n); i++, sent++) runOnce(p, makers[i % makers.length](sent));
  const times: number[] = [];
  for (let i = 0; i < n; i++, sent++) {
    const r = makers[i % makers.length](sent);
    const t = process.hrtime.bigint();
    runOnce(p, r);
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], p99: times[Math.floor(times.length * 0.99)] };
}

/** The cells of the table: each benign request alone, the benign mix, the attacks. */
export function cells(crs: string): [string, readonly RequestMaker[]][] {
  const attack = attacks(crs).map((r): RequestMaker => () => r);
  return [...benign.map(([name, make]) => [name, [make]] as [string, RequestMaker[]]), ['benign mix', benign.map(([, make]) => make)], ['30 CRS attacks', attack]];
}
