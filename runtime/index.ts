/**
 * The engine's public surface. The runtime depends on nothing but core/, so it embeds anywhere:
 * a proxy, a worker thread, a test.
 */
export { Transaction, type TxSettings, type CollectionName } from './transaction.ts';
export type { Interruption, MatchRecord } from './interruption.ts';
export type { Program, CompiledRule, EngineConfig, Phase, RuleEngineMode } from './program.ts';
export { DEFAULT_CONFIG } from './program.ts';
export { formatLogLine, severityName, type LogContext } from './log.ts';
export type { Tracer, TracedValue } from './trace.ts';
