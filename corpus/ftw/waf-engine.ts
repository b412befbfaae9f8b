import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compiler/compile.ts';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { loadRuleSet, type LoadedRuleSet, type RuleInput } from '../../grammar/includes.ts';
import { formatLogLine } from '../../runtime/log.ts';
import type { Program } from '../../runtime/program.ts';
import { Transaction } from '../../runtime/transaction.ts';
import { ENGINE_SETUP, TEST_SETTINGS } from './crs-config.ts';
import type { FtwEngine, FtwResponse } from './engine.ts';
import type { FtwRequest } from './request.ts';

/**
 * The inputs for a rule directory: a CRS checkout (crs-setup.conf.example, then rules/*.conf)
 * or any directory of .conf files, behind the test engine setup and CRS's 900005 settings.
 */
export function ftwRuleInputs(rulesDir: string): RuleInput[] {
  const inputs: RuleInput[] = [{ path: '<ftw engine setup>', text: ENGINE_SETUP }];
  const setup = join(rulesDir, 'crs-setup.conf.example');
  const rules = join(rulesDir, 'rules');
  if (existsSync(setup) && existsSync(rules)) {
    inputs.push(setup, { path: '<ftw 900005>', text: TEST_SETTINGS }, rules);
  } else {
    inputs.push({ path: '<ftw 900005>', text: TEST_SETTINGS });
    for (const f of readdirSync(rulesDir).filter((n) => n.endsWith('.conf')).sort()) inputs.push(join(rulesDir, f));
  }
  return inputs;
}

export interface BuiltEngine {
  readonly engine: FtwEngine;
  readonly program: Program;
  readonly set: LoadedRuleSet;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Runs each ftw request through a Transaction in-process and answers as CRS's test backend
 * does: 200 for ordinary paths, and for /reflect the status, headers and body named in the
 * request's JSON body, so that response rules see them.
 */
export function buildWafEngine(inputs: readonly RuleInput[]): BuiltEngine {
  const set = loadRuleSet(inputs);
  const { program, diagnostics } = compile(set);
  const engine: FtwEngine = { run: (req) => runOne(program, req) };
  return { engine, program, set, diagnostics: [...set.diagnostics, ...diagnostics] };
}

function backendResponse(req: FtwRequest): { status: number; headers: [string, string][]; body: string } {
  const path = req.uri.split('?')[0];
  if (path === '/reflect' || path.endsWith('/reflect')) {
    try {
      const spec = JSON.parse(Buffer.from(req.body, 'latin1').toString('utf8')) as { status?: number; headers?: Record<string, string>; body?: string };
      const headers: [string, string][] = Object.entries(spec.headers ?? {}).map(([k, v]) => [k, String(v)]);
      if (!headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'text/plain; charset=utf-8']);
      const body = Buffer.from(spec.body ?? '', 'utf8').toString('latin1');
      return { status: typeof spec.status === 'number' ? spec.status : 200, headers, body };
    } catch {
      return { status: 400, headers: [['Content-Type', 'text/plain']], body: 'bad reflect request' };
    }
  }
  return { status: 200, headers: [['Content-Type', 'text/html; charset=utf-8']], body: '' };
}

/**
 * Apache httpd, the server CRS's expectations are written against, joins repeated request
 * headers into one (values separated by ", ") before ModSecurity sees them (CRS test 920620-1).
 */
function mergeHeaders(headers: FtwRequest['headers']): [string, string][] {
  const out: [string, string][] = [];
  const at = new Map<string, number>();
  for (const [k, v] of headers) {
    const i = at.get(k.toLowerCase());
    if (i === undefined) {
      at.set(k.toLowerCase(), out.length);
      out.push([k, v]);
    } else out[i] = [out[i][0], `${out[i][1]}, ${v}`];
  }
  return out;
}

function runOne(program: Program, req: FtwRequest): FtwResponse {
  const tx = new Transaction(program);
  tx.processConnection('127.0.0.1', 40000, '127.0.0.1', req.destination.port);
  const version = req.version.replace(/^HTTP\//, '') || '0.9';
  tx.processUri(req.uri, req.method, version);
  for (const [k, v] of mergeHeaders(req.headers)) tx.addRequestHeader(k, v);
  let it = tx.processRequestHeaders();
  if (req.body) tx.appendRequestBody(req.body);
  it = it ?? tx.processRequestBody();
  let resp = it ? { status: it.status, headers: [] as [string, string][], body: '' } : backendResponse(req);
  if (!it) {
    for (const [k, v] of resp.headers) tx.addResponseHeader(k, v);
    it = tx.processResponseHeaders(resp.status, 'HTTP/1.1');
    if (!it) {
      tx.appendResponseBody(resp.body);
      it = tx.processResponseBody();
    }
    if (it) resp = { status: it.status, headers: [], body: '' };
  }
  tx.processLogging();
  const host = req.headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? 'localhost';
  const logged = tx.matches.filter((m) => m.logged);
  return {
    status: resp.status,
    headers: resp.headers,
    body: resp.body,
    matchedRuleIds: logged.map((m) => m.ruleId),
    log: logged.map((m) => formatLogLine(m, { hostname: host, uri: req.uri, uniqueId: tx.id })),
  };
}
