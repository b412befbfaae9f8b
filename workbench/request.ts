/**
 * The three ways to give `waf explain` a request: a raw HTTP file, curl-like options, or a
 * go-ftw test. Each yields byte strings (latin1), as the engine sees a request on the wire.
 * Bad input is a value (`{ ok: false, error }`), never an exception.
 */
import { buildFtwRequest, loadFtwText, parseHttpRequest } from '../corpus/ftw/index.ts';
import type { ExplainRequest } from './model.ts';

export type RequestResult = { ok: true; request: ExplainRequest } | { ok: false; error: string };

/** A raw HTTP/1.x request (`GET /?q=1 HTTP/1.1`, headers, a blank line, a body). */
export function requestFromRaw(raw: string): RequestResult {
  // Editors save files with LF only and often without the blank line after the headers of a
  // GET; the tolerant parser accepts both, as the servers in front of ModSecurity do.
  const text = raw.replace(/^\s+/, '');
  if (text === '') return { ok: false, error: 'the request is empty' };
  const p = parseHttpRequest(/\r?\n\r?\n/.test(text) ? text : `${text.replace(/\r?\n?$/, '')}\r\n\r\n`);
  if (!p.method || !p.uri) return { ok: false, error: `not an HTTP request line: '${p.requestLine}'` };
  return { ok: true, request: { method: p.method, uri: p.uri, version: p.version.replace(/^HTTP\//, '') || '1.1', headers: p.headers, body: p.body } };
}

export interface UrlRequestOptions {
  readonly method?: string;
  /** `Name: value` strings, as curl's -H takes them. */
  readonly headers?: readonly string[];
  readonly data?: string;
}

/**
 * A request as curl would send it for these options: Host from the URL, `User-Agent` and
 * `Accept` when not given (CRS counts their absence at higher paranoia levels), POST with a
 * urlencoded Content-Type when there is data, and a Content-Length for the body.
 */
export function requestFromUrl(url: string, opts: UrlRequestOptions = {}): RequestResult {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`);
  } catch {
    return { ok: false, error: `not a URL: '${url}'` };
  }
  const headers: [string, string][] = [];
  for (const h of opts.headers ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) return { ok: false, error: `a header must look like 'Name: value', got '${h}'` };
    headers.push([h.slice(0, colon).trim(), latin1(h.slice(colon + 1).trim())]);
  }
  const has = (n: string) => headers.some(([k]) => k.toLowerCase() === n.toLowerCase());
  const body = opts.data === undefined ? '' : latin1(opts.data);
  const defaults: [string, string][] = [['Host', u.host]];
  if (!has('user-agent')) defaults.push(['User-Agent', 'waf-explain']);
  if (!has('accept')) defaults.push(['Accept', '*/*']);
  if (opts.data !== undefined && !has('content-type')) defaults.push(['Content-Type', 'application/x-www-form-urlencoded']);
  if (opts.data !== undefined && !has('content-length')) defaults.push(['Content-Length', String(body.length)]);
  const all = [...defaults.filter(([k]) => !has(k)), ...headers];
  const method = opts.method ?? (opts.data === undefined ? 'GET' : 'POST');
  return { ok: true, request: { method, uri: requestTarget(url), version: '1.1', headers: all, body } };
}

/**
 * The request target as curl sends it: the path and query exactly as typed (a quote stays a
 * quote, which the WHATWG URL serializer would turn into %27), with only blanks and non-ASCII
 * characters percent-encoded, and without the fragment.
 */
function requestTarget(url: string): string {
  const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  const target = full.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split('#')[0];
  const withSlash = target.startsWith('/') ? target : `/${target}`;
  // Lone surrogates cannot be encoded; the URL parser above has already refused such input.
  return withSlash.replace(/[\s\u0080-\uffff]/gu, (ch) => encodeURIComponent(ch));
}

/** User text is Unicode; the engine sees the UTF-8 bytes a client would send. */
function latin1(s: string): string {
  return /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, 'utf8').toString('latin1');
}

/** The first stage of a go-ftw test (`942100-1`, or just `1` for a file of one rule's tests). */
export function requestFromFtw(path: string, text: string, testId: string): RequestResult {
  const loaded = loadFtwText(path, text);
  if (!loaded.file) return { ok: false, error: `cannot read ${path}: ${loaded.diagnostics.map((d) => d.message).join('; ')}` };
  const test = loaded.file.tests.find((t) => t.id === testId || String(t.testId) === testId);
  if (!test) return { ok: false, error: `no test '${testId}' in ${path} (it has ${loaded.file.tests.map((t) => t.id).join(', ')})` };
  const stage = test.stages[0];
  if (!stage) return { ok: false, error: `test ${test.id} has no stages` };
  const built = buildFtwRequest(stage.input);
  if (!built.ok) return { ok: false, error: `test ${test.id}: ${built.error}` };
  const r = built.request;
  return { ok: true, request: { method: r.method, uri: r.uri, version: r.version.replace(/^HTTP\//, '') || '1.1', headers: r.headers, body: r.body } };
}
