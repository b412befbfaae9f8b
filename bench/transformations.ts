/**
 * Micro-benchmark of the transformations CRS uses (runtime/transformations), run with
 *   npm run bench:transformations   (or: npx tsx bench/transformations.ts [name ...])
 * Prints µs per call for each transformation on benign values as they arrive in requests (a
 * search term, a hex token, a User-Agent, ~500 bytes of form text, a 32 KB body) and on one
 * value per transformation that actually needs work. The last column is the ratio against a
 * baseline measured in the same run on the 500-byte text: one charCodeAt pass over the value,
 * the least work any transformation that reads every byte can do. Times are the best of five
 * rounds in process CPU time, so a loaded machine shifts them less than wall time would.
 */
import { TRANSFORMATIONS } from '../runtime/transformations/index.ts';

const CRS = [
  'none', 'lowercase', 'urlDecode', 'urlDecodeUni', 'utf8toUnicode', 'htmlEntityDecode', 'jsDecode',
  'cssDecode', 'removeNulls', 'removeWhitespace', 'compressWhitespace', 'replaceComments',
  'removeComments', 'cmdLine', 'normalizePath', 'normalizePathWin', 'base64Decode', 'base64DecodeExt',
  'hexEncode', 'length', 'sha1', 'escapeSeqDecode', 'trim',
];

const FORM =
  'Hello, I ordered the running shoes in size 42 last week and would like to exchange them for ' +
  'a 43 since they are a bit tight around the toes. The order number is 100-2231-77 and it was ' +
  'delivered on the 3rd of March. Could you tell me whether the blue colour is still in stock, ' +
  'or should I pick the grey one instead? I can bring them to the store on Saturday morning if ' +
  'that is easier for you. Thanks a lot for your help and have a nice day, best regards from ' +
  'Jane Roe (customer since 2019), reachable at jane.roe@example.net or on 0041 44 123 45 67.';

/**
 * As request values arrive: flat one-byte strings decoded from a Buffer. A literal or a
 * repeat() would be a constant or a rope, which V8 reads at a different speed.
 */
function asRequestValue(s: string): string {
  return Buffer.from(s, 'latin1').toString('latin1');
}

const BENIGN: ReadonlyArray<readonly [label: string, value: string]> = [
  ['term 13B', 'running shoes'],
  ['md5hex 32B', '8f14e45fceea167a5a36dedd4bea2543'],
  ['UA 111B', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36'],
  [`form ${FORM.length}B`, FORM],
  ['body 32KB', FORM.repeat(Math.ceil(32768 / FORM.length)).slice(0, 32768)],
].map(([label, value]) => [label!, asRequestValue(value!)] as const);

const ATTACK_URL = '%3Cscript%3Ealert(%22x%22)%3C%2Fscript%3E+and+%u0041%uff1c1%27+OR+%271%27%3D%271';
const UTF8 = Buffer.from('Grüße aus Zürich – ça coûte 20 € für die Größe 42 ✓ 日本語', 'utf8').toString('latin1');

/** One input per transformation on which it has something to do. */
const WORK: Readonly<Record<string, string>> = {
  none: FORM,
  lowercase: 'SELECT * FROM Users WHERE Name = \'Admin\' UNION SELECT Password FROM Accounts',
  urlDecode: ATTACK_URL,
  urlDecodeUni: ATTACK_URL,
  utf8toUnicode: UTF8,
  htmlEntityDecode: '&lt;img src=x onerror=&quot;alert(&#49;)&quot;&gt; &amp;&#x3c;svg&#62; R&amp;D',
  jsDecode: '\\x3cscript\\x3e\\u0061lert(\\\'1\\\')\\074/script\\076 \\n\\t done',
  cssDecode: 'background:url(\\6a\\61 vascript:alert\\28 1\\29) \\000041 \\"x\\"',
  removeNulls: 'a\0b\0c\0d\0e\0f\0g\0 admin\0.php\0',
  removeWhitespace: 'S E L E C T\t*\nFROM\r\nusers  WHERE\u00a0id = 1',
  compressWhitespace: 'SELECT  *\t\tFROM\n\n users   WHERE  id =\r\n1',
  replaceComments: 'SELECT/**/password/*x*/FROM/* comment */users/*',
  removeComments: 'SELECT/**/password/*x*/FROM users WHERE 1=1-- trailing',
  cmdLine: 'C:\\WINDOWS\\system32\\CMD.exe /c "p^ing", 127.0.0.1 ;  w\'h\'o\'a\'m\'i (x)',
  normalizePath: '/var/www/./html/../../etc//passwd/./../shadow/',
  normalizePathWin: 'C:\\inetpub\\.\\wwwroot\\..\\..\\windows\\\\win.ini',
  base64Decode: 'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0PiBhbmQgc29tZSBtb3JlIHRleHQgaGVyZQ==',
  base64DecodeExt: 'PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0PiBhbmQgc29tZSBtb3JlIHRleHQgaGVyZQ',
  hexEncode: FORM,
  length: FORM,
  sha1: FORM,
  escapeSeqDecode: '\\x3cscript\\x3e\\141lert(\\\'1\\\')\\074/script\\076 \\n\\t done',
  trim: ' \t  running shoes \r\n ',
};

let sink = 0;
const ROUNDS = 5;

/**
 * Reads the last byte of a result, as the next operator would: a result built by string
 * concatenation is a rope that V8 flattens on first access, and that cost belongs to the
 * transformation.
 */
function use(out: string): number {
  return out.length === 0 ? 0 : out.charCodeAt(out.length - 1);
}

/** µs per call: best of ROUNDS rounds of about `ms` / ROUNDS ms each, in process CPU time. */
function usPerCall(fn: (s: string) => string, input: string, ms: number): number {
  for (let i = 0; i < 2000; i++) sink += use(fn(input));
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    let n = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    while (performance.now() - t0 < ms / ROUNDS) {
      for (let i = 0; i < 64; i++) sink += use(fn(input));
      n += 64;
    }
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / n);
  }
  return best;
}

function scan(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h + s.charCodeAt(i)) | 0;
  return h === -1 ? '' : s;
}

function fmt(us: number): string {
  return us < 1 ? us.toFixed(3) : us < 100 ? us.toFixed(2) : us.toFixed(0);
}

const only = process.argv.slice(2);
const names = only.length > 0 ? only : CRS;
const ms = Number(process.env['BENCH_MS'] ?? 200);
const base = usPerCall(scan, BENIGN[3]![1], ms);

const cols = [...BENIGN.map(([label]) => label), 'work'];
console.log(`µs per call (best of ${ROUNDS}, CPU time); baseline one-pass scan of form: ${fmt(base)} µs`);
console.log(['transformation'.padEnd(18), ...cols.map((c) => c.padStart(11)), 'form/scan'.padStart(10)].join(' '));
for (const name of names) {
  const fn = TRANSFORMATIONS[name];
  if (!fn) throw new Error(`unknown transformation ${name}`);
  const times = BENIGN.map(([, value]) => usPerCall(fn, value, ms));
  const work = WORK[name];
  times.push(work === undefined ? NaN : usPerCall(fn, asRequestValue(work), ms));
  const ratio = times[3]! / base;
  console.log([name.padEnd(18), ...times.map((t) => fmt(t).padStart(11)), ratio.toFixed(1).padStart(10)].join(' '));
}
if (sink === 42) console.log('');
