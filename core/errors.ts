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

/** A Transaction method was called out of order (e.g. request headers after the body). */
export class TransactionStateError extends WafError {
  constructor(message: string) {
    super('WAF_TX_STATE', message);
    this.name = 'TransactionStateError';
  }
}
