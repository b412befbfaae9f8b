/** Test helper: compile a SecLang snippet and run one request through it. */
import { Transaction } from '../runtime/transaction.ts';
import type { Program } from '../runtime/program.ts';
import { compileRules } from './index.ts';

export interface TestRequest {
  method?: string;
  uri?: string;
  headers?: [string, string][];
  body?: string;
  response?: { status?: number; headers?: [string, string][]; body?: string };
}

export function program(rules: string): Program {
  const r = compileRules([{ path: 'test.conf', text: rules }]);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => d.message).join('; '));
  return r.program;
}

/** A snippet compiled both ways: the naive reference and the optimized program. */
export function programs(rules: string, path = 'test.conf'): { naive: Program; optimized: Program } {
  return { naive: compileRules([{ path, text: rules }], { naive: true }).program, optimized: compileRules([{ path, text: rules }]).program };
}

/** Runs all five phases; stops feeding the request once a phase interrupts, like a server. */
export function run(rules: string | Program, req: TestRequest = {}): Transaction {
  const tx = new Transaction(typeof rules === 'string' ? program(rules) : rules);
  tx.processConnection('10.0.0.1', 12345, '127.0.0.1', 80);
  tx.processUri(req.uri ?? '/', req.method ?? 'GET', '1.1');
  for (const [k, v] of req.headers ?? [['Host', 'example.com']]) tx.addRequestHeader(k, v);
  let it = tx.processRequestHeaders();
  if (!it) {
    if (req.body !== undefined) tx.appendRequestBody(req.body);
    it = tx.processRequestBody();
  }
  if (!it) {
    const resp = req.response ?? {};
    for (const [k, v] of resp.headers ?? [['Content-Type', 'text/html']]) tx.addResponseHeader(k, v);
    it = tx.processResponseHeaders(resp.status ?? 200);
    if (!it) {
      tx.appendResponseBody(resp.body ?? '');
      tx.processResponseBody();
    }
  }
  tx.processLogging();
  return tx;
}

export const ids = (tx: Transaction): number[] => tx.matches.map((m) => m.ruleId);
export const txVar = (tx: Transaction, key: string): string | undefined => tx.col('TX').first(key);
