/**
 * Request templates: where a payload is placed so that one corpus reaches every place rules
 * look (ARGS_GET, ARGS_POST from a form and from JSON, REQUEST_COOKIES, REQUEST_HEADERS,
 * REQUEST_FILENAME). The rest of each request is what a current browser sends, so that a
 * benign payload is the only thing that can score.
 */
import type { HttpRequestSpec } from './types.ts';

export type TemplateName = 'query' | 'form' | 'json' | 'cookie' | 'header' | 'path';
export const TEMPLATE_NAMES: readonly TemplateName[] = ['query', 'form', 'json', 'cookie', 'header', 'path'];
export const DEFAULT_TEMPLATES: readonly string[] = ['query', 'form', 'json', 'cookie', 'header', 'path'];

export interface Template {
  /** As written: `name` or `name:param` (the argument, cookie or header name). */
  readonly id: string;
  build(payload: string): HttpRequestSpec;
}

const BASE_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Host', 'www.example.com'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'],
  ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['Accept-Language', 'en-US,en;q=0.5'],
];

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes a byte string as a browser encodes a form value (bytes, not code points). */
export function percentEncode(bytes: string, keep: RegExp = UNRESERVED): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    out += keep.test(c) ? c : '%' + bytes.charCodeAt(i).toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** A JSON string literal for a byte string: escapes what JSON requires and keeps UTF-8 bytes. */
export function jsonStringBytes(bytes: string): string {
  return '"' + bytes.replace(/["\\\x00-\x1f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (c === '"' || c === '\\') return '\\' + c;
    return code === 10 ? '\\n' : code === 13 ? '\\r' : code === 9 ? '\\t' : '\\u' + code.toString(16).padStart(4, '0');
  }) + '"';
}

function headersWith(extra: ReadonlyArray<readonly [string, string]>, replace?: string): Array<readonly [string, string]> {
  const lower = replace?.toLowerCase();
  return [...BASE_HEADERS.filter(([n]) => n.toLowerCase() !== lower), ...extra];
}

function post(uri: string, contentType: string, body: string): HttpRequestSpec {
  return { method: 'POST', uri, version: '1.1', headers: headersWith([['Content-Type', contentType], ['Content-Length', String(body.length)]]), body };
}

// Cookie-octets (RFC 6265) are kept; the rest, and % itself so that decoding is unambiguous,
// are percent-encoded, as the cookie libraries of common frameworks do.
const COOKIE_OCTET = /[\x21\x23\x24\x26-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]/;

export function parseTemplate(id: string): { ok: true; template: Template } | { ok: false; error: string } {
  const colon = id.indexOf(':');
  const name = colon < 0 ? id : id.slice(0, colon);
  const param = colon < 0 ? undefined : id.slice(colon + 1);
  const arg = param ?? 'q';
  let build: (p: string) => HttpRequestSpec;
  switch (name) {
    case 'query':
      build = (p) => ({ method: 'GET', uri: `/search?${arg}=${percentEncode(p)}&page=1`, version: '1.1', headers: headersWith([]), body: '' });
      break;
    case 'form':
      build = (p) => post('/comment', 'application/x-www-form-urlencoded', `${param ?? 'comment'}=${percentEncode(p)}&lang=en`);
      break;
    case 'json':
      build = (p) => post('/api/comments', 'application/json', `{"${param ?? 'comment'}":${jsonStringBytes(p)},"lang":"en"}`);
      break;
    case 'cookie':
      build = (p) => ({ method: 'GET', uri: '/account', version: '1.1', headers: headersWith([['Cookie', `sid=3f2a9c; ${param ?? 'pref'}=${percentEncode(p, COOKIE_OCTET)}`]]), body: '' });
      break;
    case 'header': {
      const h = param ?? 'User-Agent';
      // A header value cannot carry a line break on the wire; a proxy would have refused it.
      build = (p) => ({ method: 'GET', uri: '/', version: '1.1', headers: headersWith([[h, p.replace(/[\r\n]+/g, ' ')]], h), body: '' });
      break;
    }
    case 'path':
      build = (p) => ({ method: 'GET', uri: `/${param ?? 'files'}/${percentEncode(p)}`, version: '1.1', headers: headersWith([]), body: '' });
      break;
    default:
      return { ok: false, error: `unknown template '${name}' (known: ${TEMPLATE_NAMES.join(', ')})` };
  }
  if (param !== undefined && !/^[A-Za-z0-9_\-.[\]]+$/.test(param)) return { ok: false, error: `template ${id}: the name after ':' must be a plain token` };
  return { ok: true, template: { id, build } };
}
