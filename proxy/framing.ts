import type { IncomingMessage } from 'node:http';
import type { ProxyConfig } from './config.ts';

/**
 * Request framing: what the proxy refuses before any gate, so that the origin can only ever see
 * one reading of a request, the one the WAF inspected. node:http (llhttp, strict mode) already
 * refuses, with a 'clientError', what it cannot frame unambiguously:
 *
 *   Content-Length with Transfer-Encoding, several Content-Length lines, a Content-Length other
 *   than digits (`+3`, `3, 3`, `0x3`, `1 2`), Transfer-Encoding with a non-final or repeated
 *   `chunked`, obs-fold continuation lines, bare LF line ends, whitespace before a colon, invalid
 *   or overflowing chunk sizes, chunk data longer than its size, NUL or CR in header values.
 *
 * What llhttp accepts and nginx refuses is checked here on the raw header lines: a
 * Transfer-Encoding other than exactly `chunked` (`gzip, chunked`, `identity, chunked`), a
 * Transfer-Encoding on an HTTP/1.0 request, several Host lines; and what llhttp would silently
 * drop (header lines beyond its count limit) is refused rather than half-forwarded.
 */
export interface FramingRefusal {
  readonly status: 400 | 415 | 431;
  readonly reason: string;
}

/** The one content coding the proxy can inspect through; `null` for none (or identity). */
export type BodyCoding = 'gzip' | 'deflate' | 'br' | null;

export interface RequestFraming {
  /** Body length the client declared, or -1 when chunked (or absent). */
  readonly declaredLength: number;
  readonly chunked: boolean;
  readonly coding: BodyCoding;
}

const CODINGS: Record<string, BodyCoding> = { gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate', br: 'br' };

type Limits = Pick<ProxyConfig['limits'], 'maxHeaderCount' | 'decompress'>;

function refuse(status: FramingRefusal['status'], reason: string): FramingRefusal {
  return { status, reason: `framing: ${reason}` };
}

/** Checks the request's header block; returns why it is refused, or how its body is framed. */
export function checkRequestFraming(req: IncomingMessage, limits: Limits): FramingRefusal | RequestFraming {
  const raw = req.rawHeaders;
  // node:http stops at its own maxHeadersCount (set one above ours) without telling us.
  if (raw.length / 2 > limits.maxHeaderCount) return refuse(431, `more than ${limits.maxHeaderCount} header lines`);
  let hosts = 0;
  const te: string[] = [];
  const cl: string[] = [];
  const ce: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === 'host') hosts++;
    else if (name === 'transfer-encoding') te.push(raw[i + 1]);
    else if (name === 'content-length') cl.push(raw[i + 1]);
    else if (name === 'content-encoding') ce.push(raw[i + 1]);
  }
  // nginx: "client sent duplicate host header".
  if (hosts > 1) return refuse(400, 'several Host header lines');
  // The checks below repeat llhttp's so that this function is a complete statement of the policy.
  if (te.length > 0 && cl.length > 0) return refuse(400, 'both Content-Length and Transfer-Encoding');
  if (cl.length > 1) return refuse(400, 'several Content-Length header lines');
  if (cl.length === 1 && !/^\d{1,15}$/.test(cl[0].trim())) return refuse(400, `invalid Content-Length ${JSON.stringify(cl[0])}`);
  if (te.length > 0) {
    // nginx 1.21.1+: "client sent HTTP/1.0 request with Transfer-Encoding".
    if (req.httpVersionMajor === 1 && req.httpVersionMinor === 0) return refuse(400, 'Transfer-Encoding on an HTTP/1.0 request');
    // nginx accepts exactly `chunked` (any case) and nothing else; a transfer coding under chunked
    // would be a body the WAF cannot read and the origin may decode differently.
    if (te.length > 1 || te[0].trim().toLowerCase() !== 'chunked') return refuse(400, `Transfer-Encoding ${JSON.stringify(te.join(', '))} is not "chunked"`);
  }
  const codings = ce
    .join(',')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  let coding: BodyCoding = null;
  if (codings.length > 0) {
    // A body the WAF cannot decode is refused, never passed through uninspected.
    if (codings.length > 1 || !(codings[0] in CODINGS)) return refuse(415, `Content-Encoding ${JSON.stringify(ce.join(', '))} not supported`);
    if (!limits.decompress) return refuse(415, `Content-Encoding ${codings[0]} refused (limits.decompress is off)`);
    coding = CODINGS[codings[0]];
  }
  return { declaredLength: cl.length === 1 ? Number(cl[0].trim()) : -1, chunked: te.length > 0, coding };
}

export function isRefusal(f: FramingRefusal | RequestFraming): f is FramingRefusal {
  return 'status' in f;
}

/** Why node:http refused a request, by llhttp's error code (logged with its own reason text). */
export function clientErrorStatus(code: string | undefined): 400 | 408 | 431 {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}
