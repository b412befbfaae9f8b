/**
 * Loads go-ftw test files into typed FtwFile values. Every problem is a diagnostic with
 * file:line:col; a bad field is dropped, a bad test is dropped, and loading goes on with the
 * next test and the next file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMap, type Node } from 'yaml';
import { ftwDiagnostic, type FtwDiagnostic } from './diagnostics.ts';
import { readOutput } from './output.ts';
import { testIdString, type FtwFile, type FtwFileMeta, type FtwInput, type FtwStage, type FtwTest } from './schema.ts';
import { YamlReader } from './yaml-read.ts';

export interface FtwLoadResult {
  readonly files: readonly FtwFile[];
  readonly diagnostics: readonly FtwDiagnostic[];
}

const TOP_KEYS = new Set(['meta', 'rule_id', 'tests']);
const META_KEYS = new Set(['author', 'enabled', 'name', 'description', 'version', 'tags']);
const TEST_KEYS = new Set(['test_title', 'test_id', 'desc', 'stages', 'tags']);
const STAGE_KEYS = new Set(['description', 'input', 'output', 'stage']);
const INPUT_KEYS = new Set([
  'dest_addr', 'port', 'protocol', 'uri', 'uris', 'follow_redirect', 'version', 'method', 'headers',
  'data', 'encoded_data', 'save_cookie', 'stop_magic', 'autocomplete_headers', 'encoded_request',
  'raw_request', 'response',
]);

/** Loads one file's text. `file` is undefined when nothing usable was found. */
export function loadFtwText(path: string, text: string): { file?: FtwFile; diagnostics: FtwDiagnostic[] } {
  const r = new YamlReader(path);
  const { root, ok } = r.parse(text);
  if (!ok) return { diagnostics: r.diagnostics };
  if (root === null) {
    r.report('FT1012', 'file holds no YAML document (only comments?)', r.locAt(0));
    return { diagnostics: r.diagnostics };
  }
  const top = r.entries(root, 'test file', TOP_KEYS);
  if (!top) return { diagnostics: r.diagnostics };
  const meta = readMeta(r, top.get('meta')?.value ?? null);
  let ruleId = r.integer(top, 'rule_id', 'test file');
  if (ruleId === undefined || ruleId === 0) {
    // go-ftw falls back on the first number in the file name (postLoadRuleId).
    const m = /\d+/.exec(basename(path));
    if (m) ruleId = Number(m[0]);
    else {
      r.report('FT1004', 'rule_id is required (and the file name holds no number)', r.loc(root));
      return { diagnostics: r.diagnostics };
    }
  }
  const testNodes = r.list(top, 'tests', 'test file') ?? [];
  if (!top.has('tests')) r.report('FT1004', 'tests is required', r.loc(root));
  const tests: FtwTest[] = [];
  testNodes.forEach((node, index) => {
    const t = readTest(r, node, ruleId, index);
    if (t) tests.push(t);
  });
  return { file: { path, meta, ruleId, tests }, diagnostics: r.diagnostics };
}

function readMeta(r: YamlReader, node: Node | null): FtwFileMeta {
  const e = r.entries(node, 'meta', META_KEYS);
  const meta: { -readonly [K in keyof FtwFileMeta]: FtwFileMeta[K] } = {};
  const author = r.string(e, 'author', 'meta');
  if (author !== undefined) meta.author = author;
  const enabled = r.boolean(e, 'enabled', 'meta');
  if (enabled !== undefined) meta.enabled = enabled;
  const name = r.string(e, 'name', 'meta');
  if (name !== undefined) meta.name = name;
  const description = r.string(e, 'description', 'meta');
  if (description !== undefined) meta.description = description;
  const version = r.string(e, 'version', 'meta');
  if (version !== undefined) meta.version = version;
  const tags = r.strings(e, 'tags', 'meta');
  if (tags !== undefined) meta.tags = tags;
  return meta;
}

function readTest(r: YamlReader, node: Node, ruleId: number, index: number): FtwTest | undefined {
  const what = `tests[${index}]`;
  const e = r.entries(node, what, TEST_KEYS);
  if (!e) return undefined;
  const given = r.integer(e, 'test_id', what);
  // go-ftw keeps explicit ids and numbers the others by position, from 1.
  const testId = given === undefined || given === 0 ? index + 1 : given;
  const stageNodes = r.list(e, 'stages', what);
  if (!stageNodes) {
    r.report('FT1004', `${what}.stages is required`, r.loc(node));
    return undefined;
  }
  const stages: FtwStage[] = [];
  stageNodes.forEach((s, i) => {
    const stage = readStage(r, s, `${what}.stages[${i}]`);
    if (stage) stages.push(stage);
  });
  const t: { -readonly [K in keyof FtwTest]: FtwTest[K] } = {
    ruleId,
    testId,
    id: testIdString(ruleId, testId),
    stages,
    location: r.loc(node),
  };
  const title = r.string(e, 'test_title', what);
  if (title !== undefined) t.title = title;
  const desc = r.string(e, 'desc', what);
  if (desc !== undefined) t.description = desc;
  const tags = r.strings(e, 'tags', what);
  if (tags !== undefined) t.tags = tags;
  return t;
}

function readStage(r: YamlReader, node: Node, what: string): FtwStage | undefined {
  let e = r.entries(node, what, STAGE_KEYS);
  // The deprecated StageData shape wraps input/output in a `stage:` key.
  const wrapped = e?.get('stage')?.value;
  if (wrapped && isMap(wrapped)) e = r.entries(wrapped, `${what}.stage`, STAGE_KEYS);
  if (!e) return undefined;
  if (!e.has('input')) {
    r.report('FT1004', `${what}.input is required`, r.loc(node));
    return undefined;
  }
  const input = readInput(r, e.get('input')?.value ?? null, `${what}.input`);
  if (!input) return undefined;
  const output = readOutput(r, e.get('output')?.value ?? null, `${what}.output`);
  const stage: { -readonly [K in keyof FtwStage]: FtwStage[K] } = { input, output, location: r.loc(node) };
  const description = r.string(e, 'description', what);
  if (description !== undefined) stage.description = description;
  return stage;
}

type MutableInput = { -readonly [K in keyof FtwInput]: FtwInput[K] };

function readInput(r: YamlReader, node: Node | null, what: string): FtwInput | undefined {
  const e = r.entries(node, what, INPUT_KEYS);
  const autocomplete = r.boolean(e, 'autocomplete_headers', what);
  const stopMagic = r.boolean(e, 'stop_magic', what);
  // stop_magic is the deprecated inverse; autocomplete_headers wins when both are set.
  const input: MutableInput = {
    autocompleteHeaders: autocomplete ?? (stopMagic === undefined ? true : !stopMagic),
  };
  const strings = [
    ['dest_addr', 'destAddr'], ['protocol', 'protocol'], ['uri', 'uri'], ['version', 'version'],
    ['method', 'method'], ['data', 'data'], ['encoded_data', 'encodedData'], ['encoded_request', 'encodedRequest'],
  ] as const;
  for (const [yamlName, field] of strings) {
    const v = r.string(e, yamlName, what);
    if (v !== undefined) input[field] = v;
  }
  const raw = r.string(e, 'raw_request', what);
  // raw_request is the deprecated spelling; it held the request itself, so encode it once here.
  if (raw !== undefined && input.encodedRequest === undefined) input.encodedRequest = Buffer.from(raw, 'utf8').toString('base64');
  const port = r.integer(e, 'port', what);
  if (port !== undefined) input.port = port;
  const uris = r.strings(e, 'uris', what);
  if (uris !== undefined) input.uris = uris;
  const saveCookie = r.boolean(e, 'save_cookie', what);
  if (saveCookie !== undefined) input.saveCookie = saveCookie;
  const follow = r.boolean(e, 'follow_redirect', what);
  if (follow !== undefined) input.followRedirect = follow;
  const headers = readHeaders(r, e?.get('headers')?.value ?? null, `${what}.headers`);
  if (headers) input.headers = headers;
  if (input.encodedRequest !== undefined && (input.data ?? '') !== '') {
    // go-ftw's checkTestSanity refuses the stage at run time; we refuse it at load time.
    r.report('FT1006', `${what}: 'data' and 'encoded_request' must not be set together`, r.loc(node));
    return undefined;
  }
  return input;
}

function readHeaders(r: YamlReader, node: Node | null, what: string): Array<readonly [string, string]> | undefined {
  const e = r.entries(node, what);
  if (!e) return undefined;
  const out: Array<readonly [string, string]> = [];
  for (const name of e.keys()) out.push([name, r.string(e, name, what) ?? '']);
  return out;
}

/** Loads every .yaml / .yml file under `dir`, depth first in name order. */
export function loadFtwDir(dir: string): FtwLoadResult {
  const files: FtwFile[] = [];
  const diagnostics: FtwDiagnostic[] = [];
  for (const path of listYaml(dir)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      diagnostics.push(ftwDiagnostic('FT1001', `cannot read: ${(err as Error).message}`, { file: path, line: 1, column: 1 }));
      continue;
    }
    const res = loadFtwText(path, text);
    diagnostics.push(...res.diagnostics);
    if (res.file) files.push(res.file);
  }
  return { files, diagnostics };
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listYaml(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}
