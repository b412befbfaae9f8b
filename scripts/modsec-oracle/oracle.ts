/**
 * Runs requests through libmodsecurity v3 itself (oracle.cc, linked against Debian's
 * libmodsecurity3), for scripts that derive or check our behaviour against ModSecurity's. A
 * development tool: the product, its tests and CI never need it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(here, 'oracle.cc');
const BINARY = resolve(here, '..', '..', 'node_modules', '.cache', 'modsec-oracle', 'oracle');

/** A request as byte strings (one char per byte). */
export interface OracleRequest {
  readonly method: string;
  readonly uri: string;
  readonly version: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
  /** The origin's response, when the response phases are to run too. */
  readonly response?: OracleResponse;
}

/** A response as byte strings. */
export interface OracleResponse {
  readonly status: number;
  /** As libmodsecurity takes it: `HTTP 1.1`. */
  readonly protocol: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

export interface OracleVerdict {
  /** The intervention's status; 0 when ModSecurity asked for none. */
  readonly status: number;
  /** Ids of the rules whose messages ModSecurity kept (logged rules), in order. */
  readonly logged: readonly number[];
  /** The TX variable asked for, as a byte string; null when it is not set. */
  readonly tx: string | null;
}

/** Whether this machine can build the oracle: libmodsecurity's headers (libmodsecurity-dev) and g++. */
export function oracleAvailable(): boolean {
  return existsSync('/usr/include/modsecurity/modsecurity.h') && spawnSync('g++', ['--version']).status === 0;
}

/** The libmodsecurity3 package's version, as dpkg records it ('' when unknown). */
export function libmodsecurityVersion(): string {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'libmodsecurity3'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function build(): string {
  if (!existsSync(BINARY) || statSync(BINARY).mtimeMs < statSync(SOURCE).mtimeMs) {
    mkdirSync(dirname(BINARY), { recursive: true });
    execFileSync('g++', ['-O2', '-std=c++17', '-o', BINARY, SOURCE, '-lmodsecurity'], { stdio: 'inherit' });
  }
  return BINARY;
}

function field(s: string): Buffer {
  const b = Buffer.from(s, 'latin1');
  return Buffer.concat([Buffer.from(`${b.length}\n`), b]);
}

/**
 * ModSecurity's verdicts on `requests` under `rules` (SecLang text; Include may name files).
 * `tx` names a TX variable to report for each request (e.g. '0', the first capture).
 */
export function runOracle(rules: string, requests: readonly OracleRequest[], tx?: string): OracleVerdict[] {
  const binary = build();
  const file = rulesFile(rules);
  try {
    const out = spawnSync(binary, [file.path], { input: encode(requests), env: oracleEnv(tx, requests), maxBuffer: 1 << 30 });
    if (out.status !== 0) throw new Error(`oracle failed: ${out.stderr.toString('utf8').trim()}`);
    return verdictsOf(out.stdout, requests.length);
  } finally {
    file.remove();
  }
}

/** As runOracle, in a child process of its own, so that a caller can keep several cores busy. */
export async function runOracleAsync(rules: string, requests: readonly OracleRequest[], tx?: string): Promise<OracleVerdict[]> {
  const binary = build();
  const file = rulesFile(rules);
  try {
    const child = spawn(binary, [file.path], { env: oracleEnv(tx, requests), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const done = new Promise<number | null>((res, rej) => {
      child.on('error', rej);
      child.on('close', res);
    });
    child.stdin.end(encode(requests));
    const status = await done;
    if (status !== 0) throw new Error(`oracle failed: ${Buffer.concat(err).toString('utf8').trim()}`);
    return verdictsOf(Buffer.concat(out), requests.length);
  } finally {
    file.remove();
  }
}

/** The rules in a temporary file of their own, for the oracle to load. */
function rulesFile(rules: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'modsec-oracle-'));
  const path = join(dir, 'rules.conf');
  writeFileSync(path, rules);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function oracleEnv(tx: string | undefined, requests: readonly OracleRequest[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ORACLE_HEX: '1' };
  if (tx !== undefined) env.ORACLE_TX = tx;
  else delete env.ORACLE_TX;
  if (requests.some((r) => r.response !== undefined)) env.ORACLE_RESPONSE = '1';
  else delete env.ORACLE_RESPONSE;
  return env;
}

/** The requests in oracle.cc's input format. */
function encode(requests: readonly OracleRequest[]): Buffer {
  const withResponse = requests.some((r) => r.response !== undefined);
  const parts: Buffer[] = [];
  for (const r of requests) {
    parts.push(Buffer.from('R\n'), field(r.method), field(r.uri), field(r.version), field(String(r.headers.length)));
    for (const [k, v] of r.headers) parts.push(field(k), field(v));
    parts.push(field(r.body));
    if (withResponse) {
      const res = r.response;
      parts.push(field(String(res?.status ?? 0)), field(res?.protocol ?? ''), field(String(res?.headers.length ?? 0)));
      for (const [k, v] of res?.headers ?? []) parts.push(field(k), field(v));
      parts.push(field(res?.body ?? ''));
    }
  }
  return Buffer.concat(parts);
}

/** oracle.cc's output lines: status, logged ids, and the TX variable (hex, after a marker byte). */
function verdictsOf(stdout: Buffer, count: number): OracleVerdict[] {
  const lines = stdout.toString('latin1').split('\n');
  const out: OracleVerdict[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const [status, ids, value] = (lines[i] ?? '').split(' ');
    out[i] = {
      status: Number(status),
      logged: ids === '-' || ids === undefined ? [] : ids.split(',').map(Number),
      tx: value === undefined || value === '-' ? null : Buffer.from(value.slice(1), 'hex').toString('latin1'),
    };
  }
  return out;
}

/** A GET whose one argument `a` carries `value` byte for byte. */
export function argumentRequest(value: string): OracleRequest {
  let q = '';
  for (let i = 0; i < value.length; i++) q += '%' + value.charCodeAt(i).toString(16).padStart(2, '0');
  return { method: 'GET', uri: `/?a=${q}`, version: '1.1', headers: [['Host', 'localhost']], body: '' };
}
