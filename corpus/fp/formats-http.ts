/**
 * Readers for sources whose entries are whole requests: raw HTTP request files, HAR exports and
 * go-ftw YAML (every stage, every entry of `uris`). These requests are sent as they are.
 */
import { isMap, isSeq, type Node } from 'yaml';
import { buildFtwRequest } from '../ftw/request.ts';
import { loadFtwText } from '../ftw/loader.ts';
import { parseHttpRequest, type ParsedRequest } from '../ftw/http-parse.ts';
import { parseJsonWithLines } from './formats-text.ts';
import type { CorpusDiagnostic, HttpRequestSpec } from './types.ts';

export interface RequestEntry {
  readonly line: number;
  /** What reports show for it: the request line, or the ftw test id. */
  readonly text: string;
  readonly request: HttpRequestSpec;
}

export interface RequestReadResult {
  readonly entries: RequestEntry[];
  readonly diagnostics: CorpusDiagnostic[];
}

function toSpec(p: ParsedRequest): HttpRequestSpec {
  return { method: p.method, uri: p.uri, version: p.version.replace(/^HTTP\//, '') || '1.1', headers: p.headers, body: p.body };
}

/**
 * One request per file. Hand-written files rarely carry Content-Length, so without it (and
 * without Transfer-Encoding) everything after the blank line is the body, less a final newline.
 */
export function readHttpFile(file: string, bytes: string): RequestReadResult {
  const p = parseHttpRequest(bytes);
  if (!/^[A-Za-z]+$/.test(p.method) || !/^(\/|\*$|https?:\/\/)/.test(p.uri) || !/^HTTP\/\d(\.\d)?$/.test(p.version)) {
    return { entries: [], diagnostics: [{ severity: 'error', file, line: 1, message: `not an HTTP request: request line '${p.requestLine.slice(0, 60)}'` }] };
  }
  let spec = toSpec(p);
  const framed = p.headers.some(([n]) => /^(content-length|transfer-encoding)$/i.test(n));
  const blank = /\r?\n\r?\n/.exec(bytes);
  if (!framed && blank) {
    const body = bytes.slice(blank.index + blank[0].length).replace(/\r?\n$/, '');
    spec = { ...spec, body, headers: body === '' ? spec.headers : [...spec.headers, ['Content-Length', String(body.length)]] };
  }
  return { entries: [{ line: 1, text: p.requestLine, request: spec }], diagnostics: [] };
}

interface HarHeader { name?: unknown; value?: unknown }

/** HAR 1.2 (browser exports): log.entries[].request; HTTP/2 pseudo-headers are dropped. */
export function readHar(file: string, bytes: string): RequestReadResult {
  const parsed = parseJsonWithLines(file, bytes);
  const diagnostics = parsed.diagnostics;
  const entries: RequestEntry[] = [];
  if (!parsed.root) return { entries, diagnostics };
  const log = isMap(parsed.root) ? (parsed.root.get('log', true) as Node | undefined) : undefined;
  const list = log && isMap(log) ? (log.get('entries', true) as Node | undefined) : undefined;
  if (!list || !isSeq(list)) {
    diagnostics.push({ severity: 'error', file, line: parsed.lineOf(parsed.root), message: 'not a HAR file: no log.entries array' });
    return { entries, diagnostics };
  }
  for (const node of list.items as Node[]) {
    const line = parsed.lineOf(node);
    const req = (isMap(node) ? (node.toJSON() as { request?: Record<string, unknown> }).request : undefined) ?? undefined;
    const url = typeof req?.url === 'string' ? safeUrl(req.url) : undefined;
    if (!req || typeof req.method !== 'string' || !url) {
      diagnostics.push({ severity: 'error', file, line, message: 'HAR entry without request.method and an absolute request.url' });
      continue;
    }
    const b = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
    const headers: Array<[string, string]> = [];
    for (const h of Array.isArray(req.headers) ? (req.headers as HarHeader[]) : []) {
      if (typeof h.name === 'string' && typeof h.value === 'string' && !h.name.startsWith(':')) headers.push([b(h.name), b(h.value)]);
    }
    if (!headers.some(([n]) => n.toLowerCase() === 'host')) headers.unshift(['Host', url.host]);
    const post = req.postData as { text?: unknown } | undefined;
    const body = typeof post?.text === 'string' ? b(post.text) : '';
    const version = typeof req.httpVersion === 'string' ? req.httpVersion.replace(/^HTTP\//i, '') : '1.1';
    const uri = b(url.pathname + url.search);
    entries.push({ line, text: `${req.method} ${uri}`, request: { method: req.method, uri, version: /^\d/.test(version) ? version : '1.1', headers, body } });
  }
  return { entries, diagnostics };
}

function safeUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

/** go-ftw YAML: each stage (and each of its `uris`) becomes a request, built as go-ftw sends it. */
export function readFtw(file: string, bytes: string): RequestReadResult {
  const text = Buffer.from(bytes, 'latin1').toString('utf8');
  const loaded = loadFtwText(file, text);
  const diagnostics: CorpusDiagnostic[] = loaded.diagnostics.map((d) => ({
    severity: d.severity,
    file: d.location?.file ?? file,
    line: d.location?.line ?? 0,
    message: `${d.code}: ${d.message}`,
  }));
  const entries: RequestEntry[] = [];
  for (const test of loaded.file?.tests ?? []) {
    test.stages.forEach((stage, i) => {
      for (const uri of stage.input.uris ?? [undefined]) {
        const built = buildFtwRequest(stage.input, uri);
        if (!built.ok) {
          diagnostics.push({ severity: 'error', file, line: stage.location.line, message: built.error });
          continue;
        }
        entries.push({ line: stage.location.line, text: `${test.id} stage ${i + 1}`, request: toSpec(built.request) });
      }
    });
  }
  return { entries, diagnostics };
}
