/**
 * A tolerant HTTP/1.x request parser for byte strings. It never fails: CRS tests send broken
 * request lines and headers on purpose, and the engine must see what the server in front of
 * ModSecurity would hand over. Whether that server would refuse the request instead (and with
 * which status) is decided separately in server-rules.ts and recorded as `serverRejects`.
 */
import { serverVerdict } from './server-rules.ts';

export interface RequestAnomaly {
  /** Stable kind, so server profiles can decide on it. */
  readonly kind:
    | 'leading-whitespace'
    | 'excess-whitespace'
    | 'extra-request-line-fields'
    | 'header-without-colon'
    | 'whitespace-before-colon'
    | 'empty-header-name'
    | 'obs-fold'
    | 'unterminated-headers'
    | 'bad-chunked-body'
    | 'body-shorter-than-content-length'
    | 'trailing-bytes';
  readonly detail: string;
}

export interface ParsedRequest {
  /** Exactly the bytes sent. */
  readonly raw: string;
  /** The first non-empty line, without its line end. */
  readonly requestLine: string;
  readonly method: string;
  readonly uri: string;
  /** The protocol token; '' when the line has none (an HTTP/0.9 request). */
  readonly version: string;
  /** In arrival order, names as sent, values without surrounding blanks, folds joined. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The body as the server passes it on: de-chunked, cut to Content-Length. */
  readonly body: string;
  readonly anomalies: readonly RequestAnomaly[];
  /** `"<status>: <why>"` when the emulated server answers itself and ModSecurity never runs. */
  readonly serverRejects?: string;
  /** The server answers in HTTP/0.9 style (no status line): a client such as go-ftw sees an error. */
  readonly http09?: boolean;
}

interface Head {
  requestLine: string;
  method: string;
  uri: string;
  version: string;
  headers: Array<[string, string]>;
  rest: string;
}

export function parseHttpRequest(raw: string): ParsedRequest {
  const anomalies: RequestAnomaly[] = [];
  const head = parseHead(raw, anomalies);
  const { body, headers } = frameBody(head, anomalies);
  const parsed: ParsedRequest = {
    raw,
    requestLine: head.requestLine,
    method: head.method,
    uri: head.uri,
    version: head.version,
    headers,
    body,
    anomalies,
  };
  const verdict = serverVerdict(parsed);
  return verdict ? { ...parsed, ...verdict } : parsed;
}

/** Next line and where the one after starts; LF ends a line, a CR before it is dropped. */
function nextLine(raw: string, from: number): { line: string; next: number; ended: boolean } {
  const lf = raw.indexOf('\n', from);
  if (lf < 0) return { line: raw.slice(from), next: raw.length, ended: false };
  const end = lf > from && raw.charCodeAt(lf - 1) === 13 ? lf - 1 : lf;
  return { line: raw.slice(from, end), next: lf + 1, ended: true };
}

function parseHead(raw: string, anomalies: RequestAnomaly[]): Head {
  let pos = 0;
  // Servers skip empty lines before the request line (RFC 9112 section 2.2).
  let first = nextLine(raw, pos);
  while (first.line === '' && first.ended && first.next < raw.length) {
    pos = first.next;
    first = nextLine(raw, pos);
  }
  pos = first.next;
  const head: Head = { requestLine: first.line, method: '', uri: '', version: '', headers: [], rest: '' };
  splitRequestLine(head, anomalies);
  let terminated = false;
  while (pos < raw.length) {
    const { line, next } = nextLine(raw, pos);
    pos = next;
    if (line === '') {
      terminated = true;
      break;
    }
    addHeaderLine(head.headers, line, anomalies);
  }
  if (!terminated && first.ended) anomalies.push({ kind: 'unterminated-headers', detail: 'no empty line after the headers' });
  head.rest = raw.slice(pos);
  return head;
}

function splitRequestLine(head: Head, anomalies: RequestAnomaly[]): void {
  const line = head.requestLine;
  if (/^[ \t]/.test(line)) anomalies.push({ kind: 'leading-whitespace', detail: 'request line starts with blanks' });
  const trimmed = line.replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
  if (/[ \t]{2,}|\t/.test(trimmed)) anomalies.push({ kind: 'excess-whitespace', detail: 'fields separated by more than one space' });
  const fields = trimmed === '' ? [] : trimmed.split(/[ \t]+/);
  head.method = fields[0] ?? '';
  if (fields.length <= 3) {
    head.uri = fields[1] ?? '';
    head.version = fields[2] ?? '';
    return;
  }
  anomalies.push({ kind: 'extra-request-line-fields', detail: `${fields.length} fields in the request line` });
  // Blanks inside the target: keep the last field as the protocol and the middle as the target.
  const afterMethod = trimmed.slice(head.method.length).replace(/^[ \t]+/, '');
  const last = fields[fields.length - 1]!;
  head.version = last;
  head.uri = afterMethod.slice(0, afterMethod.length - last.length).replace(/[ \t]+$/, '');
}

function addHeaderLine(headers: Array<[string, string]>, line: string, anomalies: RequestAnomaly[]): void {
  const prev = headers[headers.length - 1];
  if (/^[ \t]/.test(line) && prev) {
    // obs-fold: servers join the continuation to the previous value with one space.
    anomalies.push({ kind: 'obs-fold', detail: `continuation of ${prev[0]}` });
    prev[1] = (prev[1] + ' ' + line.replace(/^[ \t]+/, '')).replace(/[ \t]+$/, '');
    return;
  }
  const colon = line.indexOf(':');
  if (colon < 0) {
    anomalies.push({ kind: 'header-without-colon', detail: line.slice(0, 80) });
    return;
  }
  let name = line.slice(0, colon);
  if (/[ \t]$/.test(name)) {
    anomalies.push({ kind: 'whitespace-before-colon', detail: name });
    name = name.replace(/[ \t]+$/, '');
  }
  if (name === '') anomalies.push({ kind: 'empty-header-name', detail: line.slice(0, 80) });
  headers.push([name, line.slice(colon + 1).replace(/^[ \t]+/, '').replace(/[ \t]+$/, '')]);
}

function headerValues(headers: ReadonlyArray<readonly [string, string]>, name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

function frameBody(head: Head, anomalies: RequestAnomaly[]): { body: string; headers: Array<[string, string]> } {
  const te = headerValues(head.headers, 'transfer-encoding');
  if (te.length > 0) {
    const codings = te.join(',').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '');
    if (codings[codings.length - 1] === 'chunked') {
      const { body, ok, used } = dechunk(head.rest);
      if (!ok) anomalies.push({ kind: 'bad-chunked-body', detail: 'malformed chunked body' });
      if (used < head.rest.length) anomalies.push({ kind: 'trailing-bytes', detail: `${head.rest.length - used} bytes after the last chunk` });
      // Transfer-Encoding overrides Content-Length (RFC 9112 section 6.3); Apache drops the latter.
      return { body, headers: head.headers.filter(([n]) => n.toLowerCase() !== 'content-length') };
    }
    return { body: '', headers: head.headers };
  }
  const cl = headerValues(head.headers, 'content-length');
  const n = cl.length > 0 && /^\d+$/.test(cl[0]!) ? Number(cl[0]) : 0;
  if (n > head.rest.length) {
    anomalies.push({ kind: 'body-shorter-than-content-length', detail: `${head.rest.length} of ${n} bytes` });
  }
  if (head.rest.length > n) anomalies.push({ kind: 'trailing-bytes', detail: `${head.rest.length - n} bytes after the body` });
  return { body: head.rest.slice(0, n), headers: head.headers };
}

/** Decodes a chunked body; `ok` is false when it is malformed or ends early. */
export function dechunk(rest: string): { body: string; ok: boolean; used: number } {
  let pos = 0;
  let body = '';
  for (;;) {
    const { line, next, ended } = nextLine(rest, pos);
    if (!ended) return { body, ok: false, used: rest.length };
    const m = /^([0-9a-fA-F]+)[ \t]*(;.*)?$/.exec(line);
    if (!m) return { body, ok: false, used: rest.length };
    const size = parseInt(m[1]!, 16);
    pos = next;
    if (size === 0) break;
    if (pos + size > rest.length) return { body: body + rest.slice(pos), ok: false, used: rest.length };
    body += rest.slice(pos, pos + size);
    pos += size;
    const crlf = nextLine(rest, pos);
    if (crlf.line !== '' || !crlf.ended) return { body, ok: false, used: rest.length };
    pos = crlf.next;
  }
  // Trailer fields end with an empty line.
  for (;;) {
    const { line, next, ended } = nextLine(rest, pos);
    pos = next;
    if (line === '' || !ended) return { body, ok: ended, used: pos };
  }
}
