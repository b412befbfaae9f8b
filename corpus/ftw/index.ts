/** The go-ftw half of the in-process ftw runner: load tests and overrides, run, report. */
export type { FtwFile, FtwFileMeta, FtwInput, FtwLocation, FtwLogExpectations, FtwOutput, FtwStage, FtwTest } from './schema.ts';
export { testIdString } from './schema.ts';
export { FTW_CODES, formatFtwDiagnostic, hasFtwErrors, type FtwCode, type FtwDiagnostic } from './diagnostics.ts';
export { loadFtwDir, loadFtwText, type FtwLoadResult } from './loader.ts';
export { buildFtwRequest, buildRawRequest, destinationOf, type FtwDestination, type FtwRequest } from './request.ts';
export { parseHttpRequest, type ParsedRequest, type RequestAnomaly } from './http-parse.ts';
export { isSpecificReason, loadOverridesFile, loadOverridesText, overridesFor, type FtwOverride, type FtwOverrides } from './overrides.ts';
export type { FtwEngine, FtwResponse } from './engine.ts';
export { runFtw, selectionSkip, type FtwRunOptions, type FtwRunResult, type FtwStageResult, type FtwStatus, type FtwTestResult } from './runner.ts';
export { formatReport, jsonReport, junitReport, summaryLine, textReport, type FtwReportFormat } from './report.ts';
