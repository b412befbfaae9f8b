import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header, type RawOrigin } from './testdata/raw-origin.ts';
import { HARDENING_GATES, rawExchange, startRawProxy, waitFor, type InspectedBodies, type RawProxyFixture } from './testing.ts';

type Framing = 'length' | 'chunked';
type Coding = 'none' | 'gzip' | 'deflate' | 'br';

const encode = (b: Buffer, c: Coding): Buffer => (c === 'gzip' ? gzipSync(b) : c === 'deflate' ? deflateSync(b) : c === 'br' ? brotliCompressSync(b) : b);

/** Cuts `b` at the given points (sorted, deduplicated) into the pieces sent as chunks or writes. */
function cut(b: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => p % (b.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...at, b.length]) {
    if (p > prev) out.push(b.subarray(prev, p));
    prev = p;
  }
  return out;
}

describe('property: whatever the body and its chunking, the origin gets the bytes the WAF saw', () => {
  let origin: RawOrigin;
  let port = 0;
  let waf: InspectedBodies;
  let fx: RawProxyFixture;
  beforeAll(async () => {
    fx = await startRawProxy((url) => ({ origins: [{ url }], health: { type: 'none' }, limits: { maxBodyBytes: 64 * 1024 }, gates: HARDENING_GATES }));
    ({ origin, port, waf } = fx);
  });
  afterAll(() => fx.close());

  it('holds for arbitrary bodies, chunk boundaries, write boundaries and content codings', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4096 }),
        fc.constantFrom<Framing>('length', 'chunked'),
        fc.constantFrom<Coding>('none', 'none', 'gzip', 'deflate', 'br'),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (bytes, framing, coding, chunkPoints, writePoints) => {
          const body = Buffer.from(bytes);
          const id = `prop-${++n}`;
          const wire = encode(body, coding);
          const payload =
            framing === 'length'
              ? wire
              : Buffer.concat([...cut(wire, chunkPoints).flatMap((c) => [Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')]), Buffer.from('0\r\n\r\n')]);
          const head = Buffer.from(
            `POST /p HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${id}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n` +
              (coding === 'none' ? '' : `Content-Encoding: ${coding}\r\n`) +
              (framing === 'length' ? `Content-Length: ${wire.length}\r\n` : 'Transfer-Encoding: chunked\r\n') +
              '\r\n',
          );
          const out = await rawExchange(port, cut(Buffer.concat([head, payload]), writePoints), { gapMs: 1 });
          expect(out).toMatch(/^HTTP\/1\.1 200 /);
          expect(await waitFor(() => origin.seen.some((r) => header(r, 'x-request-id')[0] === id), 2000)).toBe(true);
          const got = origin.seen.filter((r) => header(r, 'x-request-id')[0] === id);
          expect(got).toHaveLength(1);
          expect(got[0].body.equals(body)).toBe(true);
          expect(waf.byId.get(id)?.equals(body)).toBe(true);
          // Decoded on the way: the origin gets no Content-Encoding for bytes that are no longer encoded.
          expect(header(got[0], 'content-encoding')).toEqual([]);
          expect(header(got[0], 'content-length')).toEqual([String(body.length)]);
        },
      ),
      { numRuns: 60, interruptAfterTimeLimit: 30_000 },
    );
    expect(origin.unparsable).toHaveLength(0);
  }, 45_000);
});
