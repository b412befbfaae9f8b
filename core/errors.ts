import type { Code } from './codes.ts';

/**
 * Exceptions are for bugs and for API misuse by embedding code, never for bad user input (which
 * becomes a Diagnostic). Each carries a stable code so that callers can tell them apart.
 */
export class WafError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WafError';
  }
}

/** A rule set that has error diagnostics was handed to a stage that needs a valid one. */
export class InvalidRuleSetError extends WafError {
  constructor(
    message: string,
    readonly diagnosticCodes: readonly Code[],
  ) {
    super('WAF_INVALID_RULESET', message);
    this.name = 'InvalidRuleSetError';
  }
}

/** A Transaction method was called out of order (e.g. request headers after the body). */
export class TransactionStateError extends WafError {
  constructor(message: string) {
    super('WAF_TX_STATE', message);
    this.name = 'TransactionStateError';
  }
}

/** A configuration file or option has a value that cannot be used. */
export class ConfigError extends WafError {
  constructor(message: string) {
    super('WAF_CONFIG', message);
    this.name = 'ConfigError';
  }
}
