/** Test helper: one real run of the tiny rule set, shared by the report and gate tests. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCorpus } from './run.ts';
import type { CorpusReport, Example } from './report-types.ts';

export const testdata = join(fileURLToPath(new URL('.', import.meta.url)), 'testdata');

export async function tinyRun(): Promise<{ report: CorpusReport; examples: ReadonlyMap<string, Example> }> {
  const r = await runCorpus({
    rules: [join(testdata, 'rules', 'tiny.conf')],
    levels: [1, 2],
    benign: [join(testdata, 'corpus', 'benign')],
    attack: [join(testdata, 'corpus', 'attack')],
    templates: ['query', 'header'],
    jobs: 1,
  });
  if (!r.ok) throw new Error(r.error);
  return r;
}
