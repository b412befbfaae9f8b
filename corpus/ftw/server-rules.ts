/**
 * Which requests the web server in front of ModSecurity refuses itself. We emulate Apache httpd
 * 2.4 with its defaults (HttpProtocolOptions Strict LenientMethods Allow0.9), the server CRS's
 * tests are written against: CRS's expected `status: 400` outputs are Apache's answers, and
 * Apache + ModSecurity 2.9 passes the whole suite with two overrides. Only checks that some CRS
 * test exercises are here; each names the test that shows it.
 */
import type { ParsedRequest } from './http-parse.ts';

export interface ServerVerdict {
  readonly serverRejects?: string;
  readonly http09?: boolean;
}

type Check = (p: ParsedRequest) => string | undefined;

const has = (p: ParsedRequest, kind: ParsedRequest['anomalies'][number]['kind']): boolean =>
  p.anomalies.some((a) => a.kind === kind);

const values = (p: ParsedRequest, name: string): string[] =>
  p.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);

/** Apache parses the protocol as HTTP/<digit>.<digit> and refuses versions below 1.0. */
function protocolNumber(version: string): number | undefined {
  const m = /^HTTP\/(\d)\.(\d)$/.exec(version);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : undefined;
}

const REQUEST_LINE_CHECKS: Check[] = [
  // 920100-2, 920100-12: "     GET" and "\tGET".
  (p) => (has(p, 'leading-whitespace') ? '400: request line has leading whitespace' : undefined),
  // 920100-15: blanks inside the target leave a protocol field that is not HTTP/x.y.
  (p) => (has(p, 'extra-request-line-fields') ? '400: request line has more than three fields' : undefined),
  (p) => (has(p, 'excess-whitespace') ? '400: request line has excess whitespace' : undefined),
  (p) => {
    if (p.version === '') return p.method === 'GET' ? undefined : '400: HTTP/0.9 request with a method other than GET';
    const n = protocolNumber(p.version);
    // 920100-13, 920430-3/6/7/9/10, 920280-3. HTTP/4.0 is accepted (920430-8).
    if (n === undefined) return `400: invalid protocol '${p.version}'`;
    return n < 1000 ? `400: protocol ${p.version} is below HTTP/1.0` : undefined;
  },
  // 920100-8, 920610-2: a fragment is never sent to a server.
  (p) => (p.uri.includes('#') ? '400: request target contains a fragment' : undefined),
  // 920100-4 (accepted), 920100-5 (no port), 920100-11 ("\"), 920100-13 ("\index.html").
  (p) => {
    if (p.method === 'CONNECT') return /^[^/\s]+:\d+$/.test(p.uri) ? undefined : '400: CONNECT target is not host:port';
    if (p.uri.startsWith('/') || p.uri === '*' || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(p.uri)) return undefined;
    return p.uri === '' && p.version === '' ? undefined : `400: invalid request target '${p.uri.slice(0, 40)}'`;
  },
];

const HEADER_CHECKS: Check[] = [
  (p) => (has(p, 'header-without-colon') ? "400: header line without ':'" : undefined),
  (p) => (has(p, 'whitespace-before-colon') ? "400: whitespace between header name and ':'" : undefined),
  (p) => (has(p, 'empty-header-name') ? '400: empty header name' : undefined),
  // 921140-1: a bare CR inside a value; Apache refuses any control character but HT.
  (p) => {
    const bad = p.headers.find(([, v]) => /[\x00-\x08\x0a-\x1f\x7f]/.test(v));
    return bad ? `400: control character in header ${bad[0]}` : undefined;
  },
  // 920290-1: HTTP/1.1 needs a non-empty Host (920290-4 shows HTTP/1.0 does not).
  (p) => {
    const n = protocolNumber(p.version) ?? 0;
    const host = values(p, 'host');
    if (n >= 1001 && (host.length === 0 || host[0] === '')) return '400: HTTP/1.1 request without a host name';
    return undefined;
  },
  // 920270-4 ("localhost%00"), 920274-1 ("localhost%1F"): Apache validates the host name.
  (p) => {
    const host = values(p, 'host')[0];
    if (host === undefined || host === '') return undefined;
    return /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(:\d*)?$/.test(host) ? undefined : `400: invalid Host '${host.slice(0, 40)}'`;
  },
];

const BODY_CHECKS: Check[] = [
  (p) => {
    const te = values(p, 'transfer-encoding');
    if (te.length === 0) return undefined;
    const last = te.join(',').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '').pop();
    if (last !== 'chunked') return `501: unknown Transfer-Encoding '${te.join(', ')}'`;
    return has(p, 'bad-chunked-body') ? '400: malformed chunked body' : undefined;
  },
  // 920160-1/2/3/5: "NotDigits", "123x", "3;".
  (p) => {
    const cl = values(p, 'content-length');
    if (cl.some((v) => !/^\d+$/.test(v))) return `400: invalid Content-Length '${cl.join(', ')}'`;
    return new Set(cl).size > 1 ? '400: conflicting Content-Length headers' : undefined;
  },
];

export function serverVerdict(p: ParsedRequest): ServerVerdict | undefined {
  for (const check of [...REQUEST_LINE_CHECKS, ...HEADER_CHECKS, ...BODY_CHECKS]) {
    const why = check(p);
    if (why) return { serverRejects: why };
  }
  // 920430-5: "GET / " reaches ModSecurity as HTTP/0.9; the answer has no status line.
  return p.version === '' ? { http09: true } : undefined;
}
