/**
 * A corpus run: load sources, expand payloads into cases (payload × template), judge them on
 * worker threads, and fold the outcomes into a report.
 */
import { createHash } from 'node:crypto';
import { Aggregator, type CaseIndex } from './aggregate.ts';
import type { PassMode } from './engine.ts';
import { runPool } from './pool.ts';
import { REPORT_VERSION, type CorpusReport, type Example, type SourceSummary } from './report-types.ts';
import { loadSources } from './sources.ts';
import { DEFAULT_TEMPLATES, parseTemplate } from './templates.ts';
import type { CorpusDiagnostic, LevelOutcome, Payload } from './types.ts';
import type { WireCase } from './worker.ts';

export interface CorpusRunOptions {
  readonly rules: readonly string[];
  readonly levels: readonly number[];
  readonly benign: readonly string[];
  readonly attack: readonly string[];
  readonly templates?: readonly string[];
  readonly jobs?: number;
  readonly mode?: PassMode;
  /** Cases per message to a worker; small values only make sense in tests. */
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export type CorpusRunResult =
  | { ok: true; report: CorpusReport; examples: ReadonlyMap<string, Example> }
  | { ok: false; error: string; diagnostics: readonly CorpusDiagnostic[] };

/** Cases are stored as two flat arrays: a million small objects would dominate the heap. */
class CaseTable implements CaseIndex {
  readonly payload: number[] = [];
  readonly template: number[] = [];
  readonly templateIds: string[] = [];
  private readonly ids = new Map<string, number>();

  add(payload: number, template: string): void {
    let t = this.ids.get(template);
    if (t === undefined) {
      t = this.templateIds.length;
      this.templateIds.push(template);
      this.ids.set(template, t);
    }
    this.payload.push(payload);
    this.template.push(t);
  }
  get size(): number {
    return this.payload.length;
  }
  payloadOf(i: number): number {
    return this.payload[i]!;
  }
  templateOf(i: number): string {
    return this.templateIds[this.template[i]!]!;
  }
}

/**
 * The engine is deterministic, so a request that occurs twice (corpora overlap: about one
 * payload in ten across ../shared) is judged once and its outcome counted for every copy.
 */
function dedupe(payloads: readonly Payload[], table: CaseTable): { unique: number[]; copies: Map<number, number[]> } {
  const first = new Map<string, number>();
  const unique: number[] = [];
  const copies = new Map<number, number[]>();
  for (let i = 0; i < table.size; i++) {
    const p = payloads[table.payloadOf(i)]!;
    const h = createHash('sha1').update(table.templateOf(i)).update('\0').update(p.text, 'latin1');
    if (p.request) h.update(JSON.stringify(p.request));
    const key = h.digest('base64');
    const rep = first.get(key);
    if (rep === undefined) {
      first.set(key, i);
      unique.push(i);
    } else {
      let list = copies.get(rep);
      if (!list) copies.set(rep, (list = []));
      list.push(i);
    }
  }
  return { unique, copies };
}

export async function runCorpus(opts: CorpusRunOptions): Promise<CorpusRunResult> {
  const templates = opts.templates ?? DEFAULT_TEMPLATES;
  const loaded = [...loadSources(opts.benign, 'benign'), ...loadSources(opts.attack, 'attack')];
  const diagnostics = loaded.flatMap((l) => l.diagnostics);
  for (const t of new Set([...templates, ...loaded.flatMap((l) => l.spec.templates ?? [])])) {
    const parsed = parseTemplate(t);
    if (!parsed.ok) return { ok: false, error: parsed.error, diagnostics };
  }
  const payloads: Payload[] = [];
  const table = new CaseTable();
  const sources: SourceSummary[] = [];
  for (const l of loaded) {
    const before = table.size;
    for (const p of l.payloads) {
      const index = payloads.push(p) - 1;
      for (const t of p.request ? ['request'] : (l.spec.templates ?? templates)) table.add(index, t);
    }
    sources.push({ spec: l.spec.spec, kind: l.spec.kind, payloads: l.payloads.length, cases: table.size - before });
  }
  const levels = [...new Set(opts.levels)].sort((a, b) => a - b);
  const mode = opts.mode ?? 'per-level';
  const jobs = opts.jobs ?? 1;
  const agg = new Aggregator(payloads, table, levels);
  const { unique, copies } = dedupe(payloads, table);
  const caseAt = (u: number): WireCase => {
    const i = unique[u]!;
    const p = payloads[table.payloadOf(i)]!;
    return p.request ? { request: p.request } : { text: p.text, template: table.templateOf(i) };
  };
  const onResult = (u: number, o: readonly LevelOutcome[]): void => {
    agg.add(unique[u]!, o);
    for (const c of copies.get(unique[u]!) ?? []) agg.add(c, o);
  };
  const started = performance.now();
  let startupMs = 0;
  try {
    ({ startupMs } = await runPool(unique.length, caseAt, { rules: opts.rules, levels, mode, jobs, ...(opts.batchSize ? { batchSize: opts.batchSize } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) }, onResult));
  } catch (e) {
    return { ok: false, error: (e as Error).message, diagnostics };
  }
  const durationMs = performance.now() - started;
  // Rates leave out worker start and rule compilation, which do not grow with the corpus.
  const seconds = Math.max(durationMs - startupMs, 1) / 1000;
  return {
    ok: true,
    report: {
      version: REPORT_VERSION,
      rules: opts.rules,
      mode,
      templates,
      sources,
      jobs,
      durationMs: Math.round(durationMs),
      startupMs: Math.round(startupMs),
      payloadsPerSecond: Math.round(payloads.length / seconds),
      casesPerSecond: Math.round(table.size / seconds),
      diagnostics,
      levels: agg.finish(),
    },
    examples: agg.examples,
  };
}
