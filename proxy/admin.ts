import { createServer, type Server } from 'node:http';
import type { ProxyServer } from './server.ts';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The admin listener: /healthz, /metrics, /admin/stats, and POSTs to drain the proxy or one
 * origin and to reload the config. Refuses anyone not on loopback, whatever address it is bound
 * to, because draining is a denial of service in the wrong hands.
 */
export function createAdminServer(proxy: ProxyServer): Server {
  return createServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body) + '\n');
    if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) return json(403, { error: 'admin is loopback only' });
    const url = new URL(req.url ?? '/', 'http://admin');
    const post = req.method === 'POST';
    req.resume();
    if (url.pathname === '/healthz') return json(proxy.isDraining ? 503 : 200, { status: proxy.isDraining ? 'draining' : 'ok' });
    if (url.pathname === '/metrics') {
      void proxy.metrics.registry.metrics().then((text) => res.writeHead(200, { 'content-type': proxy.metrics.registry.contentType }).end(text));
      return;
    }
    if (url.pathname === '/admin/stats') return json(200, proxy.stats());
    if (post && url.pathname === '/admin/drain') {
      json(202, { draining: true });
      void proxy.shutdown();
      return;
    }
    const m = /^\/admin\/origins\/([^/]+)\/drain$/.exec(url.pathname);
    if (post && m) {
      const name = decodeURIComponent(m[1]);
      const done = proxy.drainOrigin(name);
      if (url.searchParams.get('wait') === '1') void done.then(() => json(200, { drained: name }));
      else json(202, { draining: name });
      return;
    }
    if (post && url.pathname === '/admin/reload') {
      void proxy.reload().then((issues) => json(issues.length ? 400 : 200, issues.length ? { refused: issues } : { reloaded: true }));
      return;
    }
    json(404, { error: 'not found' });
  });
}
