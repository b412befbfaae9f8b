import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const PAGE = `<!doctype html><html><head><title>demo origin</title></head>
<body><h1>Behind the WAF</h1><p>This page comes from the built-in demo origin.</p>
<form method="post" action="/api/echo"><input name="q"><button>send</button></form></body></html>
`;

/**
 * A small origin for `npm start` and tests: a cacheable page, a health endpoint, an echo API, a
 * slow path, and a page that leaks a SQL error (so that CRS's response rules have something to
 * find). Not meant for anything else.
 */
export class DemoOrigin {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(host = '127.0.0.1', port = 0): Promise<DemoOrigin> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://demo');
        const send = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
          res.end(req.method === 'HEAD' ? undefined : body);
        };
        switch (url.pathname) {
          case '/':
            return send(200, 'text/html; charset=utf-8', PAGE, { 'cache-control': 'public, max-age=5' });
          case '/health':
            return send(200, 'text/plain', 'ok\n', { 'cache-control': 'no-store' });
          case '/slow':
            setTimeout(() => send(200, 'text/plain', 'slow\n', { 'cache-control': 'no-store' }), Math.min(Number(url.searchParams.get('ms')) || 100, 10_000));
            return;
          case '/leak':
            return send(200, 'text/html', '<p>Warning: You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version</p>', { 'cache-control': 'no-store' });
          default: {
            const body = JSON.stringify({ method: req.method, url: req.url, bytes: Buffer.concat(chunks).length, ua: req.headers['user-agent'] ?? null });
            return send(200, 'application/json', body, { 'cache-control': 'no-store' });
          }
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const a = server.address() as AddressInfo;
    return new DemoOrigin(server, `http://${host}:${a.port}`);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
