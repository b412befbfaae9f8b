/**
 * Runs cases on worker threads. Results arrive in any order and are handed to `onResult` with
 * their case index; the aggregation is order-independent, so the report is the same whatever
 * the job count.
 */
import { Worker } from 'node:worker_threads';
import type { EngineOptions } from './engine.ts';
import type { FromWorker, ToWorker, WireCase } from './worker.ts';
import type { LevelOutcome } from './types.ts';

export interface PoolOptions extends EngineOptions {
  readonly jobs: number;
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export class EngineError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`the rules do not compile:\n  ${errors.join('\n  ')}`);
  }
}

function spawn(opts: EngineOptions): Worker {
  // Workers run the TypeScript sources through tsx, registered by the boot file as bin/waf.mjs
  // does for the CLI.
  return new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { rules: opts.rules, levels: opts.levels, mode: opts.mode } satisfies EngineOptions,
  });
}

export async function runPool(
  total: number,
  caseAt: (index: number) => WireCase,
  opts: PoolOptions,
  onResult: (index: number, outcomes: readonly LevelOutcome[]) => void,
): Promise<{ startupMs: number }> {
  const started = performance.now();
  let startupMs = 0;
  const batchSize = opts.batchSize ?? 100;
  const jobs = Math.max(1, Math.min(opts.jobs, Math.ceil(total / batchSize) || 1));
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: jobs }, () =>
        new Promise<void>((resolve, reject) => {
          const w = spawn(opts);
          workers.push(w);
          const send = (): void => {
            if (next >= total) {
              w.postMessage({ type: 'stop' } satisfies ToWorker);
              resolve();
              return;
            }
            const start = next;
            const end = Math.min(total, start + batchSize);
            next = end;
            const cases: WireCase[] = [];
            for (let i = start; i < end; i++) cases.push(caseAt(i));
            w.postMessage({ type: 'batch', start, cases } satisfies ToWorker);
          };
          w.on('message', (msg: FromWorker) => {
            if (msg.type === 'error') reject(new EngineError(msg.errors));
            else if (msg.type === 'ready') {
              startupMs = Math.max(startupMs, performance.now() - started);
              send();
            }
            else {
              msg.outcomes.forEach((o, k) => onResult(msg.start + k, o));
              done += msg.outcomes.length;
              opts.onProgress?.(done, total);
              send();
            }
          });
          w.on('error', reject);
          w.on('exit', (code) => {
            if (code !== 0) reject(new Error(`corpus worker exited with code ${code}`));
          });
        }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { startupMs };
}
