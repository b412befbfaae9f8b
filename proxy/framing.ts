import type { IncomingMessage } from 'node:http';

export type BodyResult = { readonly kind: 'ok'; readonly body: Buffer } | { readonly kind: 'too-large' } | { readonly kind: 'aborted' };

const EMPTY = Buffer.alloc(0);

/**
 * Reads a request body whole, up to `limit` bytes. node:http has already refused what it cannot
 * frame (conflicting Content-Length, bad chunking); a declared length over the limit is refused
 * before any byte is read. The one place the proxy touches request framing and bodies: the
 * hardening work (streaming with backpressure, desync refusal) replaces this function.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve({ kind: 'too-large' });
  if (declared === '0' || (declared === undefined && req.headers['transfer-encoding'] === undefined)) {
    req.resume();
    return Promise.resolve({ kind: 'ok', body: EMPTY });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      resolve(r);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        finish({ kind: 'too-large' });
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => finish({ kind: 'ok', body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) }));
    req.on('error', () => finish({ kind: 'aborted' }));
    req.on('close', () => finish(req.complete ? { kind: 'ok', body: Buffer.concat(chunks, size) } : { kind: 'aborted' }));
  });
}
