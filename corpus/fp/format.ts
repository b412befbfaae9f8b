/** Output formats of a corpus run, one renderer each. */
import { markdownReport } from './format-md.ts';
import { htmlReport } from './format-html.ts';
import { junitReport } from './format-junit.ts';
import { githubReport, textReport } from './format-text.ts';
import type { GateResult } from './gate.ts';
import type { CorpusReport } from './report-types.ts';

export const CORPUS_FORMATS = ['text', 'json', 'markdown', 'junit', 'github', 'html'] as const;
export type CorpusFormat = (typeof CORPUS_FORMATS)[number];

export function formatCorpusReport(format: CorpusFormat, report: CorpusReport, gate: GateResult): string {
  switch (format) {
    case 'text': return textReport(report, gate);
    case 'json': return JSON.stringify({ ...report, gate }, null, 1);
    case 'markdown': return markdownReport(report, gate);
    case 'junit': return junitReport(report, gate);
    case 'github': return githubReport(report, gate);
    case 'html': return htmlReport(report, gate);
  }
}
