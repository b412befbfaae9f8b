/** The corpus runner: benign and attack corpora through the engine, per paranoia level. */
export { runCorpus, type CorpusRunOptions, type CorpusRunResult } from './run.ts';
export { evaluateGate, parseRate, type GateOptions, type GateResult, type GateFailure, type LevelDiff } from './gate.ts';
export { formatCorpusReport, CORPUS_FORMATS, type CorpusFormat } from './format.ts';
export { parseSourceSpec, type SourceSpec, type SourceFormat } from './spec.ts';
export { loadSources, loadSource, type LoadedSource } from './sources.ts';
export { parseTemplate, DEFAULT_TEMPLATES, TEMPLATE_NAMES } from './templates.ts';
export { progressBar } from './progress.ts';
export type { CorpusReport, LevelReport, Example } from './report-types.ts';
export { formatCorpusDiagnostic, type CorpusDiagnostic, type Payload } from './types.ts';
