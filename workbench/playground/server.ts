/**
 * The playground: one page and one API call, on 127.0.0.1 only. POST /api/explain takes the
 * editor's rules, a raw request and a paranoia level and answers with the explain report, its
 * HTML trace and the lint findings. Bad input gets a 4xx with a message; nothing a client sends
 * can stop the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DiagnosticJson } from '../../core/format.ts';
import { explainRequest } from '../explain.ts';
import type { ExplainReport } from '../model.ts';
import { renderHtml } from '../render-html.ts';
import { requestFromRaw } from '../request.ts';
import { compileForExplain, lintJson, paranoiaInput, type ExplainRules } from '../rules.ts';
import { pageHtml, type PageState } from './page.ts';

/** Large enough for all of CRS in the editor (about 1 MB), small enough to refuse junk early. */
const MAX_BODY = 8 * 1024 * 1024;

export interface PlaygroundOptions {
  readonly port?: number;
  /** What the page starts with. */
  readonly initial: PageState;
  /** Where the editor's text is compiled as if it were a file: data files resolve beside it. */
  readonly virtualPath: string;
}

export interface ExplainResponse {
  readonly report: ExplainReport;
  readonly html: string;
  readonly diagnostics: readonly DiagnosticJson[];
}

export interface Playground {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startPlayground(opts: PlaygroundOptions): Promise<Playground> {
  // Compiling CRS takes about a second; the same rules are explained again and again.
  let cache: { key: string; rules: ExplainRules } | undefined;
  const compiled = (text: string, pl: number): ExplainRules => {
    const key = `${pl}\n${text}`;
    if (cache?.key !== key) cache = { key, rules: compileForExplain([paranoiaInput(pl), { path: opts.virtualPath, text }]) };
    return cache.rules;
  };
  const explain = (body: unknown): ExplainResponse => {
    const b = body as { rules?: unknown; request?: unknown; pl?: unknown; rule?: unknown };
    if (typeof b?.rules !== 'string' || typeof b.request !== 'string') throw new BadRequest(400, 'expected JSON {rules: string, request: string, pl?: 1-4, rule?: id}');
    const pl = b.pl === undefined ? 1 : Number(b.pl);
    if (!Number.isInteger(pl) || pl < 1 || pl > 4) throw new BadRequest(400, `paranoia level must be 1-4, got ${JSON.stringify(b.pl)}`);
    const ruleId = b.rule === undefined || b.rule === null || b.rule === '' ? undefined : Number(b.rule);
    if (ruleId !== undefined && !Number.isInteger(ruleId)) throw new BadRequest(400, `a rule id is a number, got ${JSON.stringify(b.rule)}`);
    // The editor holds byte strings as the browser's UTF-16 text: send the engine UTF-8 bytes.
    const req = requestFromRaw(Buffer.from(b.request, 'utf8').toString('latin1'));
    if (!req.ok) throw new BadRequest(400, req.error);
    const rules = compiled(Buffer.from(b.rules, 'utf8').toString('latin1'), pl);
    const report = explainRequest(rules.program, req.request, ruleId === undefined ? {} : { rule: ruleId });
    const diagnostics = lintJson(rules).filter((d) => d.file === opts.virtualPath);
    return { report, html: renderHtml(report, { editorPath: opts.virtualPath }), diagnostics };
  };

  const server = createServer((req, res) => {
    handle(req, res, opts, explain).catch((e: unknown) => {
      const status = e instanceof BadRequest ? e.status : 500;
      send(res, status, 'application/json', JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8081, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: PlaygroundOptions, explain: (body: unknown) => ExplainResponse): Promise<void> {
  // A web page the user visits could otherwise reach this loopback server through a DNS name
  // that resolves to 127.0.0.1 (DNS rebinding): answer only to loopback Host names.
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) throw new BadRequest(421, `unexpected Host '${host}'`);
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', pageHtml(opts.initial));
  if (path !== '/api/explain') throw new BadRequest(404, `no such page: ${path}`);
  if (req.method !== 'POST') throw new BadRequest(405, 'use POST');
  // JSON only: a cross-site form cannot send it without a CORS preflight, which is never granted.
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new BadRequest(415, 'send application/json');
  const text = await readBody(req);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadRequest(400, 'the body is not JSON');
  }
  send(res, 200, 'application/json', JSON.stringify(explain(body)));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BadRequest(413, `request body over ${MAX_BODY} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    // The page is self-contained: no external script, style, font or connection is allowed.
    'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}
