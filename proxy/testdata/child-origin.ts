/**
 * The botnet test's origin, in its own process so that the load generator's busy event loop
 * does not slow it: latency grows with requests in flight (10 ms + 3 ms each), and it counts the
 * most it ever had in flight. GET /stats answers the counts (not itself counted). Test-only.
 */
import { TestOrigin } from './origin.ts';

const origin = await TestOrigin.start((req, res, o) => {
  if (req.url === '/stats') {
    o.requests--;
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests: o.requests, maxInflight: o.maxInflight - 0 }));
  }
  setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('ok'), 10 + 3 * o.inflight);
});
process.send?.({ url: origin.url });
process.on('disconnect', () => void origin.close().then(() => process.exit(0)));
