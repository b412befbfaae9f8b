/**
 * Runs a proxy in its own process for load tests, so that the proxy and the load generator do
 * not share one event loop. Reads the config as JSON from WAF_PROXY_CONFIG, reports its URLs
 * over IPC, and drains and exits on a 'stop' message. Test-only.
 */
import { configFromObject } from '../config.ts';
import { ProxyServer } from '../server.ts';

const config = configFromObject(JSON.parse(process.env.WAF_PROXY_CONFIG ?? '{}'));
const proxy = await ProxyServer.start({ config });
process.send?.({ url: proxy.url, adminUrl: proxy.adminUrl });
process.on('message', (m) => {
  if (m === 'stop') void proxy.shutdown(2000).then(() => process.exit(0));
});
process.on('disconnect', () => void proxy.shutdown(0).then(() => process.exit(0)));
