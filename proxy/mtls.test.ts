import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestOrigin } from './testdata/origin.ts';
import { KeyUsage, crl, issue, makeCa, type Issued } from './testdata/pki.ts';
import { startTestProxy, waitFor, type TestProxy } from './testing.ts';

interface Answer {
  status: number;
  serverFingerprint: string;
}

function get(url: string, path: string, serverCa: string, client: Issued | null): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: u.port, path, servername: 'localhost', ca: serverCa, agent: false, headers: { host: 'localhost' }, ...(client ? { cert: client.certPem, key: client.keyPem } : {}) },
      (res) => {
        const fp = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, serverFingerprint: fp }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('mTLS gate: SPIFFE X509-SVIDs', () => {
  let dir = '';
  let t: TestProxy;
  let origin: TestOrigin;
  let caA: Issued;
  let caB: Issued;
  let serverCa: Issued;
  const leaves: Record<string, Issued> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'waf-mtls-'));
    [caA, caB, serverCa] = await Promise.all([makeCa('trust domain a'), makeCa('trust domain b'), makeCa('server ca')]);
    const server = await issue(serverCa, 'localhost', { dns: ['localhost'], ips: ['127.0.0.1'], usages: KeyUsage.digitalSignature | KeyUsage.keyEncipherment });
    leaves.valid = await issue(caA, 'web', { uris: ['spiffe://a.test/web'] });
    leaves.ops = await issue(caA, 'ops', { uris: ['spiffe://a.test/ops'] });
    leaves.validB = await issue(caB, 'b', { uris: ['spiffe://b.test/api'] });
    leaves.expired = await issue(caA, 'old', { uris: ['spiffe://a.test/web'], notBefore: new Date(Date.now() - 7200_000), notAfter: new Date(Date.now() - 3600_000) });
    leaves.wrongDomain = await issue(caA, 'liar', { uris: ['spiffe://b.test/api'] });
    leaves.twoUris = await issue(caA, 'two', { uris: ['spiffe://a.test/one', 'spiffe://a.test/two'] });
    leaves.caLeaf = await issue(caA, 'ca-leaf', { uris: ['spiffe://a.test/ca'], isCa: true, usages: KeyUsage.digitalSignature | KeyUsage.keyCertSign });
    leaves.revoked = await issue(caA, 'revoked', { uris: ['spiffe://a.test/web'], serialNumber: '7a7a7a' });
    writeFileSync(join(dir, 'server.pem'), server.certPem);
    writeFileSync(join(dir, 'server.key'), server.keyPem);
    writeFileSync(join(dir, 'a.pem'), caA.certPem);
    writeFileSync(join(dir, 'b.pem'), caB.certPem);
    writeFileSync(join(dir, 'a.crl'), await crl(caA, ['7a7a7a']));
    origin = await TestOrigin.start((_q, res) => void res.writeHead(200).end('ok'));
    t = await startTestProxy({
      origins: [{ url: origin.url }],
      health: { type: 'none' },
      tls: {
        cert: join(dir, 'server.pem'),
        key: join(dir, 'server.key'),
        trustDomains: [
          { name: 'a.test', bundle: join(dir, 'a.pem') },
          { name: 'b.test', bundle: join(dir, 'b.pem') },
        ],
        crls: [join(dir, 'a.crl')],
        reloadIntervalMs: 100,
      },
      gates: { waf: { enabled: false }, mtls: { routes: [{ prefix: '/ops', allow: ['spiffe://a.test/ops'] }, { prefix: '/b', allow: ['spiffe://b.test/*'] }] } },
    });
  });

  afterAll(async () => {
    await t?.proxy.shutdown(1000);
    await origin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const reasonFor = (n: number) => String((t.access.lines.at(n) as { gates: { gate: string; reason?: string }[] }).gates.find((g) => g.gate === 'mtls')?.reason);

  it('accepts a valid SVID and logs its SPIFFE ID', async () => {
    expect((await get(t.proxy.url, '/', serverCa.certPem, leaves.valid)).status).toBe(200);
    expect(t.access.lines.at(-1)).toMatchObject({ status: 200, spiffeId: 'spiffe://a.test/web' });
    expect((await get(t.proxy.url, '/b/x', serverCa.certPem, leaves.validB)).status).toBe(200);
  });

  it.each([
    ['expired', 'certificate expired'],
    ['wrongDomain', 'wrong trust domain: spiffe://b.test/api is not issued by the b.test bundle'],
    ['twoUris', 'SVID must have exactly one URI SAN, found 2'],
    ['caLeaf', 'leaf certificate is a CA'],
    ['revoked', 'certificate revoked'],
    ['none', 'no client certificate'],
  ])('refuses %s with the reason in the log', async (name, reason) => {
    const r = await get(t.proxy.url, '/', serverCa.certPem, name === 'none' ? null : leaves[name]);
    expect(r.status).toBe(403);
    expect(reasonFor(-1)).toContain(`mtls: ${reason}`);
    expect(origin.requests).toBe(2);
  });

  it('enforces the per-route allow-list of SPIFFE IDs', async () => {
    expect((await get(t.proxy.url, '/ops/deploy', serverCa.certPem, leaves.valid)).status).toBe(403);
    expect(reasonFor(-1)).toBe('mtls: spiffe://a.test/web not allowed on route /ops');
    expect((await get(t.proxy.url, '/ops/deploy', serverCa.certPem, leaves.ops)).status).toBe(200);
    expect((await get(t.proxy.url, '/b/x', serverCa.certPem, leaves.valid)).status).toBe(403);
  });

  it('picks up rotated certificates, bundles and CRLs without a restart', async () => {
    const before = await get(t.proxy.url, '/', serverCa.certPem, leaves.valid);
    // Hourly rotation: a new server certificate, a new CA for trust domain a (old one kept in the
    // bundle for overlap), and the currently valid web SVID revoked.
    const caA2 = await makeCa('trust domain a rotated');
    const server2 = await issue(serverCa, 'localhost', { dns: ['localhost'], ips: ['127.0.0.1'] });
    const fresh = await issue(caA2, 'web', { uris: ['spiffe://a.test/web'] });
    expect((await get(t.proxy.url, '/', serverCa.certPem, fresh)).status).toBe(403);
    writeFileSync(join(dir, 'server.pem'), server2.certPem);
    writeFileSync(join(dir, 'server.key'), server2.keyPem);
    writeFileSync(join(dir, 'a.pem'), caA.certPem + caA2.certPem);
    writeFileSync(join(dir, 'a.crl'), await crl(caA, ['7a7a7a', leaves.valid.cert.serialNumber]));
    // The files change one by one; the poller may reload more than once before it sees them all.
    const settled = async () => (await get(t.proxy.url, '/', serverCa.certPem, fresh)).status === 200 && (await get(t.proxy.url, '/', serverCa.certPem, leaves.valid)).status === 403;
    let ok = await settled();
    for (let i = 0; i < 100 && !ok; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ok = await settled();
    }
    expect(ok).toBe(true);
    expect(reasonFor(-1)).toContain('certificate revoked');
    const after = await get(t.proxy.url, '/', serverCa.certPem, fresh);
    expect(after.status).toBe(200);
    expect(after.serverFingerprint).not.toBe(before.serverFingerprint);
    expect(t.events.lines.filter((e) => e.msg === 'tls material reloaded').length).toBeGreaterThanOrEqual(1);
  });

  it('keeps the old material when a rotated file is broken', async () => {
    writeFileSync(join(dir, 'b.pem'), 'not a certificate');
    expect(await waitFor(() => t.events.lines.some((e) => String(e.msg).startsWith('tls reload refused')), 5000)).toBe(true);
    expect((await get(t.proxy.url, '/b/x', serverCa.certPem, leaves.validB)).status).toBe(200);
  });
});
