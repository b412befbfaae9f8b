/** A test origin that counts requests and in-flight, with a handler per test. Test-only. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class TestOrigin {
  requests = 0;
  inflight = 0;
  maxInflight = 0;
  private constructor(
    readonly server: Server,
    readonly url: string,
  ) {}

  static async start(handler: (req: IncomingMessage, res: ServerResponse, o: TestOrigin) => void, port = 0): Promise<TestOrigin> {
    let self: TestOrigin | null = null;
    const server = createServer((req, res) => {
      const o = self!;
      if (req.url === '/health') return void res.writeHead(200).end('ok');
      o.requests++;
      o.inflight++;
      o.maxInflight = Math.max(o.maxInflight, o.inflight);
      let done = false;
      const leave = () => {
        if (!done) o.inflight--;
        done = true;
      };
      res.on('finish', leave);
      res.on('close', leave);
      handler(req, res, o);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    self = new TestOrigin(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}
