import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { PeerVerdict } from './gates/mtls-verify.ts';

/**
 * What the origin (or a gate standing in for it) answered. `body` holds up to
 * limits.maxResponseBytes, what the response gates see; `rest` streams the remainder through.
 */
export interface ProxyResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** The uninspected remainder of an origin response longer than limits.maxResponseBytes. */
  rest?: Readable | null;
  /** Set when a gate answered instead of the origin. */
  readonly localReason?: string;
}

/** One line of a request's path through the chain: what a gate decided and what it cost. */
export interface GateRecord {
  readonly gate: string;
  readonly phase: 'request' | 'response';
  /** continue, reply, or shadow (a reply a shadow-mode gate would have given). */
  readonly decision: 'continue' | 'reply' | 'shadow';
  readonly status?: number;
  readonly reason?: string;
  readonly costUs: number;
}

/**
 * Everything the gates see of one request. A class with every field set in the constructor so
 * that V8 keeps one hidden class for all requests (STYLE: hot paths are plain).
 */
export class RequestContext {
  readonly startedAt = performance.now();
  readonly records: GateRecord[] = [];
  /** Headers a gate wants on whatever response goes out (RateLimit-*, X-Cache). */
  readonly extraHeaders: [string, string][] = [];
  /** The request body the WAF inspects and the origin receives (decoded when it was encoded). */
  body: Buffer = EMPTY;
  /** ProcessPartial: the uninspected remainder of the body, streamed to the origin after `body`. */
  bodyRest: Readable | null = null;
  /** Total body length the client declared, or -1 (chunked); forwarded as is when `bodyRest` streams. */
  declaredLength = -1;
  /** The Content-Encoding the body arrived with and was decoded from ('' if none). */
  bodyDecoded = '';
  response: ProxyResponse | null = null;
  /** The origin answered (as opposed to a gate or an upstream error). */
  fromOrigin = false;
  upstreamMs = -1;
  originName = '';
  /** Set by the behaviour gate: a client with a settled history gets the concurrency reserve. */
  established = false;
  wafScore = 0;
  behaviourScore = 0;
  /** The behaviour gate (block mode) wants its score added to the WAF's anomaly score. */
  behaviourAdds = false;
  trace = false;
  route = '';

  constructor(
    readonly id: string,
    readonly method: string,
    readonly url: string,
    readonly httpVersion: string,
    readonly headers: IncomingHttpHeaders,
    /** Header names and values in wire order, as node:http's rawHeaders. */
    readonly rawHeaders: readonly string[],
    readonly clientIp: string,
    readonly clientPort: number,
    /** Rate-limit and baseline key: the IP, or a trusted hop's forwarded address. */
    readonly clientKey: string,
    readonly localIp: string,
    readonly localPort: number,
    readonly peer: PeerVerdict | null,
  ) {}

  header(name: string): string | undefined {
    const v = this.headers[name];
    return Array.isArray(v) ? v.join(', ') : v;
  }
}

const EMPTY = Buffer.alloc(0);
