/**
 * Runs requests through libmodsecurity v3 itself (oracle.cc, linked against Debian's
 * libmodsecurity3), for scripts that derive or check our behaviour against ModSecurity's. A
 * development tool: the product, its tests and CI never need it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
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
  const dir = mkdtempSync(join(tmpdir(), 'modsec-oracle-'));
  try {
    const rulesFile = join(dir, 'rules.conf');
    writeFileSync(rulesFile, rules);
    const parts: Buffer[] = [];
    for (const r of requests) {
      parts.push(Buffer.from('R\n'), field(r.method), field(r.uri), field(r.version), field(String(r.headers.length)));
      for (const [k, v] of r.headers) parts.push(field(k), field(v));
      parts.push(field(r.body));
    }
    const env: NodeJS.ProcessEnv = { ...process.env, ORACLE_HEX: '1' };
    if (tx !== undefined) env.ORACLE_TX = tx;
    else delete env.ORACLE_TX;
    const out = spawnSync(binary, [rulesFile], { input: Buffer.concat(parts), env, maxBuffer: 1 << 30 });
    if (out.status !== 0) throw new Error(`oracle failed: ${out.stderr.toString('utf8').trim()}`);
    const lines = out.stdout.toString('latin1').split('\n');
    return requests.map((_, i) => {
      const [status, ids, value] = (lines[i] ?? '').split(' ');
      return {
        status: Number(status),
        logged: ids === '-' || ids === undefined ? [] : ids.split(',').map(Number),
        tx: value === undefined || value === '-' ? null : Buffer.from(value.slice(1), 'hex').toString('latin1'),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A GET whose one argument `a` carries `value` byte for byte. */
export function argumentRequest(value: string): OracleRequest {
  let q = '';
  for (let i = 0; i < value.length; i++) q += '%' + value.charCodeAt(i).toString(16).padStart(2, '0');
  return { method: 'GET', uri: `/?a=${q}`, version: '1.1', headers: [['Host', 'localhost']], body: '' };
}
