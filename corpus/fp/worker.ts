/**
 * A corpus worker thread: compiles the rules once per level at start, then judges batches of
 * cases. Requests are built here from (payload, template) so the main thread stays idle.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CorpusEngine, type EngineOptions } from './engine.ts';
import { parseTemplate, type Template } from './templates.ts';
import type { HttpRequestSpec, LevelOutcome } from './types.ts';

/** One case as sent to a worker: a payload with a template id, or a whole request. */
export type WireCase = { readonly text: string; readonly template: string } | { readonly request: HttpRequestSpec };

export type ToWorker = { readonly type: 'batch'; readonly start: number; readonly cases: readonly WireCase[] } | { readonly type: 'stop' };
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'error'; readonly errors: readonly string[] }
  | { readonly type: 'result'; readonly start: number; readonly outcomes: readonly (readonly LevelOutcome[])[] };

const port = parentPort;
if (port) {
  const created = CorpusEngine.create(workerData as EngineOptions);
  if (!created.ok) {
    port.postMessage({ type: 'error', errors: created.errors } satisfies FromWorker);
  } else {
    const engine = created.engine;
    const templates = new Map<string, Template>();
    const templateFor = (id: string): Template => {
      let t = templates.get(id);
      if (!t) {
        const parsed = parseTemplate(id);
        // Template ids are checked on the main thread before any case is sent.
        if (!parsed.ok) throw new Error(parsed.error);
        t = parsed.template;
        templates.set(id, t);
      }
      return t;
    };
    port.on('message', (msg: ToWorker) => {
      if (msg.type === 'stop') {
        port.close();
        return;
      }
      const outcomes = msg.cases.map((c) => engine.judge('request' in c ? c.request : templateFor(c.template).build(c.text)));
      port.postMessage({ type: 'result', start: msg.start, outcomes } satisfies FromWorker);
    });
    port.postMessage({ type: 'ready' } satisfies FromWorker);
  }
}
