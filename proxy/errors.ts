import { WafError } from '../core/errors.ts';

/**
 * Proxy errors. Like core's, they are for bugs and misuse by embedding code; bad traffic becomes
 * an HTTP status and a log line, a bad config file becomes a ConfigIssue list.
 */
export class ProxyError extends WafError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'ProxyError';
  }
}

/** The proxy configuration could not be loaded; `issues` say where, one line each. */
export class ProxyConfigError extends ProxyError {
  constructor(readonly issues: readonly string[]) {
    super('PROXY_CONFIG', `invalid proxy configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ProxyConfigError';
  }
}

/** A TLS certificate, key, CA bundle or CRL could not be read or parsed. */
export class TlsMaterialError extends ProxyError {
  constructor(message: string) {
    super('PROXY_TLS_MATERIAL', message);
    this.name = 'TlsMaterialError';
  }
}

/** Why an upstream exchange failed; `beforeSend` marks failures safe to retry on another origin. */
export class UpstreamError extends ProxyError {
  constructor(
    code: 'PROXY_UPSTREAM_CONNECT' | 'PROXY_UPSTREAM_TIMEOUT' | 'PROXY_UPSTREAM_RESET' | 'PROXY_UPSTREAM_TOO_LARGE',
    message: string,
    readonly beforeSend: boolean,
  ) {
    super(code, message);
    this.name = 'UpstreamError';
  }

  /** The HTTP status the client gets: 504 for timeouts, 502 otherwise. */
  get status(): number {
    return this.code === 'PROXY_UPSTREAM_TIMEOUT' ? 504 : 502;
  }
}
