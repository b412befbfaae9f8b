import type { IncomingMessage } from 'node:http';
import { PassThrough, pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { BodyCoding, RequestFraming } from './framing.ts';

/**
 * ok: `body` is what the WAF inspects and the origin receives first; `rest`, in ProcessPartial
 * mode only, is the uninspected remainder, streamed on with backpressure (never buffered).
 */
export type BodyResult =
  | { readonly kind: 'ok'; readonly body: Buffer; readonly rest: Readable | null }
  | { readonly kind: 'too-large'; readonly reason: string }
  | { readonly kind: 'bad-coding'; readonly reason: string }
  | { readonly kind: 'aborted' };

export interface BodyOptions {
  /** The inspection limit (limits.maxBodyBytes), counted on decoded bytes. */
  readonly limit: number;
  readonly partial: boolean;
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads a request body up to the inspection limit, as ModSecurity buffers it before phase 2.
 * Beyond the limit: refused (413), or with `partial` the first `limit` bytes are returned and the
 * rest is handed over as a paused stream. A declared length over the limit is refused before a
 * byte is read. An encoded body (gzip, deflate, br) is decoded as it arrives and its decoded size
 * is what counts, so a zip bomb stops at the limit; encoded bodies are never partial, since the
 * rest could only reach the origin re-encoded or uninspected.
 */
export function readBody(req: IncomingMessage, framing: RequestFraming, o: BodyOptions): Promise<BodyResult> {
  const partial = o.partial && framing.coding === null;
  if (framing.declaredLength > o.limit && !partial) return Promise.resolve({ kind: 'too-large', reason: `body of ${framing.declaredLength} bytes over ${o.limit}` });
  if (framing.declaredLength === 0 || (framing.declaredLength < 0 && !framing.chunked)) {
    req.resume();
    return Promise.resolve({ kind: 'ok', body: EMPTY, rest: null });
  }
  if (framing.coding === null) return collect(req, req, o.limit, partial);
  const decoder = decoderFor(framing.coding);
  // The decoder's input is bounded too: a compressed body larger than the decoded limit is
  // refused without decoding it all (zlib output is never much smaller than stored input).
  let compressed = 0;
  const onRaw = (c: Buffer) => {
    compressed += c.length;
    if (compressed > o.limit) decoder.destroy(new TooLarge(`${framing.coding} body over ${o.limit} bytes`));
  };
  req.on('data', onRaw);
  pipeline(req, decoder, () => req.off('data', onRaw));
  return collect(req, decoder, o.limit, false);
}

class TooLarge extends Error {}

function decoderFor(c: Exclude<BodyCoding, null>): Transform {
  if (c === 'gzip') return createGunzip();
  if (c === 'deflate') return createInflate();
  return createBrotliDecompress();
}

function collect(req: IncomingMessage, src: Readable, limit: number, partial: boolean): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      src.off('data', onData);
      src.off('end', onEnd);
      src.off('error', onError);
      req.off('close', onClose);
      if (r.kind !== 'ok' && src !== req) src.destroy();
      resolve(r);
    };
    const onData = (c: Buffer) => {
      if (size + c.length <= limit) {
        chunks.push(c);
        size += c.length;
        return;
      }
      if (!partial) return finish({ kind: 'too-large', reason: `body over ${limit} bytes${src === req ? '' : ' decoded'}` });
      const room = limit - size;
      chunks.push(c.subarray(0, room));
      size += room;
      src.pause();
      finish({ kind: 'ok', body: Buffer.concat(chunks, size), rest: remainder(req, c.subarray(room)) });
    };
    const onEnd = () => finish({ kind: 'ok', body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), rest: null });
    const onError = (e: Error) => {
      if (e instanceof TooLarge) return finish({ kind: 'too-large', reason: e.message });
      // A decoder's own error is the client's bad body; anything else is a broken connection.
      const badCoding = src !== req && ((e as NodeJS.ErrnoException).code ?? '').startsWith('Z_');
      finish(badCoding ? { kind: 'bad-coding', reason: `framing: invalid body encoding (${e.message})` } : { kind: 'aborted' });
    };
    // node:http emits no 'end' for a body cut short; 'close' without `complete` is the abort.
    const onClose = () => {
      if (src === req) finish(req.complete ? { kind: 'ok', body: Buffer.concat(chunks, size), rest: null } : { kind: 'aborted' });
      else if (!req.complete) finish({ kind: 'aborted' });
    };
    src.on('data', onData);
    src.on('end', onEnd);
    src.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * The uninspected remainder of a ProcessPartial body: the overflow of the chunk that crossed the
 * limit, then the rest of `req`. `pipe` carries backpressure (req is paused while the origin side
 * does not read). Destroying the result (a gate replied instead) detaches and pauses req, so the
 * reply can still be written before the connection closes; a client abort destroys the result.
 */
function remainder(req: IncomingMessage, overflow: Buffer): Readable {
  const out = new PassThrough();
  if (overflow.length > 0) out.write(overflow);
  const abort = () => {
    if (!req.complete) out.destroy(new Error('client aborted the request body'));
  };
  req.once('close', abort);
  req.once('error', abort);
  out.once('close', () => {
    req.off('close', abort);
    req.unpipe(out);
    if (!req.complete) req.pause();
  });
  req.pipe(out);
  return out;
}
