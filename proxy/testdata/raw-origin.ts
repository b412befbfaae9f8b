/**
 * An origin on a raw node:net socket that records the exact bytes it receives and parses them
 * strictly (one Content-Length or chunked, CRLF only), so tests can say what the origin saw
 * rather than what a lenient parser made of it. Test-only.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface OriginRequest {
  readonly head: string;
  readonly headers: readonly [string, string][];
  readonly body: Buffer;
}

/** A response as raw bytes (to send invalid framing on purpose), or null for a plain 200 "ok". */
export type RawResponder = (r: OriginRequest) => string | Buffer | null;

export class RawOrigin {
  readonly requests: OriginRequest[] = [];
  /** Byte streams the strict parser could not read (a desync would show here). */
  readonly unparsable: Buffer[] = [];
  bytes = 0;
  /** Requests other than health probes, counted even when not retained. */
  count = 0;
  /** Off for soaks: only `count` and `unparsable` are kept, so the test's memory is not the proxy's. */
  retain = true;
  private readonly sockets = new Set<Socket>();
  private constructor(private readonly server: Server, readonly url: string, private readonly respond: RawResponder) {}

  static async start(respond: RawResponder = () => null): Promise<RawOrigin> {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const o = new RawOrigin(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, respond);
    server.on('connection', (s) => o.serve(s));
    return o;
  }

  private serve(s: Socket): void {
    this.sockets.add(s);
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      this.bytes += d.length;
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const r = parseOne(buf);
        if (r === 'incomplete') return;
        if (r === 'bad') {
          this.unparsable.push(buf);
          s.destroy();
          return;
        }
        buf = buf.subarray(r.used);
        if (!r.req.head.startsWith('GET /health')) this.count++;
        if (this.retain) this.requests.push(r.req);
        if (r.req.head.startsWith('GET /health')) {
          s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
          continue;
        }
        const out = this.respond(r.req);
        s.write(out ?? 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok');
      }
    });
    s.on('error', () => {});
    s.on('close', () => this.sockets.delete(s));
  }

  /** Requests other than health probes. */
  get seen(): OriginRequest[] {
    return this.requests.filter((r) => !r.head.startsWith('GET /health'));
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((r) => this.server.close(() => r()));
  }
}

export function header(r: OriginRequest, name: string): string[] {
  return r.headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);
}

function parseOne(buf: Buffer): 'incomplete' | 'bad' | { req: OriginRequest; used: number } {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return buf.length > 65536 ? 'bad' : 'incomplete';
  const text = buf.subarray(0, end).toString('latin1');
  if (/[^\r]\n/.test(text)) return 'bad';
  const [head, ...lines] = text.split('\r\n');
  const headers: [string, string][] = [];
  for (const l of lines) {
    const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/.exec(l);
    if (!m) return 'bad';
    headers.push([m[1], m[2]]);
  }
  const req = { head, headers, body: Buffer.alloc(0) };
  const cl = header(req, 'content-length');
  const te = header(req, 'transfer-encoding');
  let pos = end + 4;
  if (cl.length > 0 && te.length > 0) return 'bad';
  if (cl.length > 1 || (cl.length === 1 && !/^\d+$/.test(cl[0]))) return 'bad';
  if (te.length > 0) {
    if (te.length > 1 || te[0] !== 'chunked') return 'bad';
    const parts: Buffer[] = [];
    for (;;) {
      const eol = buf.indexOf('\r\n', pos);
      if (eol < 0) return 'incomplete';
      const size = buf.subarray(pos, eol).toString('latin1');
      if (!/^[0-9a-fA-F]{1,8}$/.test(size)) return 'bad';
      const n = parseInt(size, 16);
      pos = eol + 2;
      if (n === 0) {
        if (buf.length < pos + 2) return 'incomplete';
        if (buf.subarray(pos, pos + 2).toString('latin1') !== '\r\n') return 'bad';
        return { req: { ...req, body: Buffer.concat(parts) }, used: pos + 2 };
      }
      if (buf.length < pos + n + 2) return 'incomplete';
      parts.push(buf.subarray(pos, pos + n));
      if (buf.subarray(pos + n, pos + n + 2).toString('latin1') !== '\r\n') return 'bad';
      pos += n + 2;
    }
  }
  const n = cl.length ? Number(cl[0]) : 0;
  if (buf.length < pos + n) return 'incomplete';
  return { req: { ...req, body: Buffer.from(buf.subarray(pos, pos + n)) }, used: pos + n };
}
