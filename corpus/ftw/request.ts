/**
 * Builds the raw request bytes for a stage exactly as go-ftw writes them on the wire
 * (ftwhttp/request.go BuildRequest, test/defaults.go, test/data.go), then hands them to the
 * tolerant parser so the engine sees what a server in front of ModSecurity would pass on.
 *
 * All strings here are byte strings (one char per byte). YAML text is Unicode, and go-ftw sends
 * Go strings, which are UTF-8, so every field read from YAML is UTF-8 encoded first.
 */
import { encodeFormData } from './goquery.ts';
import { parseHttpRequest, type ParsedRequest } from './http-parse.ts';
import type { FtwInput } from './schema.ts';
import { evalTemplate } from './template.ts';

export interface FtwDestination {
  readonly destAddr: string;
  readonly port: number;
  readonly protocol: string;
}

/** What the engine is given: the parsed request plus where it was sent. */
export interface FtwRequest extends ParsedRequest {
  readonly destination: FtwDestination;
}

export type BuildResult = { ok: true; raw: string } | { ok: false; error: string };

export function utf8Bytes(s: string): string {
  // Pure ASCII is by far the common case and needs no copy.
  return /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, 'utf8').toString('latin1');
}

export function destinationOf(input: FtwInput): FtwDestination {
  return { destAddr: input.destAddr ?? 'localhost', port: input.port ?? 80, protocol: input.protocol ?? 'http' };
}

// go-ftw's regexp is `^POST|PUT|PATCH|DELETE$`: alternation binds loosest, so it also matches
// "POSTX", "XPUTX" and so on. Kept as is because it decides whether Content-Length: 0 is sent.
const METHODS_WITH_BODY = /^POST|PUT|PATCH|DELETE$/;

/** textproto.CanonicalMIMEHeaderKey: names with a byte outside token chars stay unchanged. */
export function canonicalHeaderKey(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}

class HeaderList {
  readonly entries: Array<[string, string]> = [];
  add(name: string, value: string): void {
    this.entries.push([name, value]);
  }
  has(name: string): boolean {
    const key = canonicalHeaderKey(name);
    return this.entries.some(([n]) => canonicalHeaderKey(n) === key);
  }
  values(name: string): string[] {
    const key = canonicalHeaderKey(name);
    return this.entries.filter(([n]) => canonicalHeaderKey(n) === key).map(([, v]) => v);
  }
}

/** The body go-ftw sends before autocompletion: templated `data`, or decoded `encoded_data`. */
export function stageData(input: FtwInput): BuildResult {
  if (input.data !== undefined) {
    const t = evalTemplate(utf8Bytes(input.data));
    return t.ok ? { ok: true, raw: t.text } : { ok: false, error: `data template: ${t.error}` };
  }
  if (input.encodedData !== undefined) {
    const d = decodeBase64(input.encodedData);
    return d === undefined ? { ok: false, error: 'encoded_data is not valid base64' } : { ok: true, raw: d };
  }
  return { ok: true, raw: '' };
}

/** Strict standard base64, as Go's base64.StdEncoding (padding required, no stray bytes). */
export function decodeBase64(s: string): string | undefined {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  return Buffer.from(clean, 'base64').toString('latin1');
}

/** The raw request bytes for one stage; `uri` replaces input.uri (one entry of `uris`). */
export function buildRawRequest(input: FtwInput, uri?: string): BuildResult {
  if (input.encodedRequest !== undefined && input.encodedRequest !== '') {
    const raw = decodeBase64(input.encodedRequest);
    return raw === undefined ? { ok: false, error: 'encoded_request is not valid base64' } : { ok: true, raw };
  }
  const body = stageData(input);
  if (!body.ok) return body;
  let data = body.raw;
  const method = utf8Bytes(input.method ?? 'GET');
  const line = `${method} ${utf8Bytes(uri ?? input.uri ?? '/')} ${utf8Bytes(input.version ?? 'HTTP/1.1')}\r\n`;

  // A YAML map has no order for go-ftw: NewHeaderFromMap sorts the names (Go string order is
  // byte order, which is what comparing byte strings gives).
  const headers = new HeaderList();
  const given = (input.headers ?? []).map(([n, v]) => [utf8Bytes(n), utf8Bytes(v)] as const);
  for (const [n, v] of [...given].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) headers.add(n, v);

  if (data !== '' && input.autocompleteHeaders) {
    if (!headers.has('Content-Type')) headers.add('Content-Type', 'application/x-www-form-urlencoded');
    if (headers.values('Content-Type').some((v) => v.toLowerCase() === 'application/x-www-form-urlencoded')) {
      data = encodeFormData(data);
    }
  }
  // Done whatever autocomplete says, and it turns an existing CRLF into CR CRLF, as go-ftw does.
  if (headers.values('Content-Type').some((v) => v.toLowerCase().includes('multipart/form-data;'))) {
    data = data.replace(/\n/g, '\r\n');
  }
  if (input.autocompleteHeaders) {
    if (!headers.has('Connection')) headers.add('Connection', 'close');
    if (!headers.has('Content-Length') && (data.length > 0 || METHODS_WITH_BODY.test(method))) {
      headers.add('Content-Length', String(data.length));
    }
  }
  let raw = line;
  for (const [n, v] of headers.entries) raw += `${n}: ${v}\r\n`;
  return { ok: true, raw: raw + '\r\n' + data };
}

/** Builds and parses: the request the engine receives for a stage. */
export function buildFtwRequest(input: FtwInput, uri?: string): { ok: true; request: FtwRequest } | { ok: false; error: string } {
  const built = buildRawRequest(input, uri);
  if (!built.ok) return built;
  return { ok: true, request: { ...parseHttpRequest(built.raw), destination: destinationOf(input) } };
}
