import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../core/testing.ts';
import { configFromObject } from './config.ts';
import { TestOrigin } from './testdata/origin.ts';
import { send, startTestProxy, type TestProxy } from './testing.ts';

const crs = hasShared('coreruleset') ? sharedPath('coreruleset') : null;

function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.write(text));
    let out = '';
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    setTimeout(() => s.destroy(), 3000);
  });
}

describe.runIf(crs)('proxy with the WAF gate (CRS, PL1)', () => {
  let t: TestProxy;
  let origin: TestOrigin;

  beforeAll(async () => {
    origin = await TestOrigin.start((req, res) => {
      const u = new URL(req.url ?? '/', 'http://o');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (u.pathname === '/leak') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<b>Warning</b>: You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version');
        if (u.pathname === '/cached') return void res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'public, max-age=60', vary: 'accept-language' }).end(`lang=${req.headers['accept-language'] ?? ''}`);
        if (u.pathname === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), 1500);
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ bytes: Buffer.concat(chunks).length }));
      });
    });
    t = await startTestProxy({
      origins: [{ url: origin.url }],
      health: { type: 'none' },
      limits: { maxBodyBytes: 4096, maxHeaderBytes: 4096, headersTimeoutMs: 400, requestTimeoutMs: 5000 },
      upstream: { headersTimeoutMs: 500 },
      gates: { waf: { rules: [crs!], paranoia: 1 }, ratelimit: { capacity: 1000, refillPerSecond: 1000 } },
    });
  });

  afterAll(async () => {
    await t.proxy.shutdown(1000);
    await origin.close();
  });

  it('blocks CRS attack requests with 403 and logs rule, message and matched data', async () => {
    const attacks = ["/?id=1' or 1=1--", '/?q=<script>alert(1)</script>', '/?file=../../../../etc/passwd', '/?cmd=;cat%20/etc/passwd'];
    const before = origin.requests;
    for (const a of attacks) expect((await send(t.proxy.url, a)).status, a).toBe(403);
    expect(origin.requests).toBe(before);
    const rec = t.audit.lines.find((l) => String(l.url).includes('script')) as { blocked: { rule: number }; inboundScore: number; matches: { id: number; msg: string; variable: string; data: string }[] };
    expect(rec.blocked.rule).toBe(949110);
    expect(rec.inboundScore).toBeGreaterThanOrEqual(5);
    expect(rec.matches.some((m) => m.id === 941100 && m.variable.startsWith('ARGS') && m.msg.includes('XSS'))).toBe(true);
    const acc = t.access.lines.find((l) => String(l.url).includes('script')) as { status: number; gates: { gate: string; decision: string; reason?: string }[] };
    expect(acc.status).toBe(403);
    expect(acc.gates.find((g) => g.gate === 'waf')?.reason).toContain('949110');
  });

  it('passes benign requests, bodies included', async () => {
    expect((await send(t.proxy.url, '/?q=hello+world&page=2')).status).toBe(200);
    const r = await send(t.proxy.url, '/form', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=alice&comment=nice+day' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ bytes: 27 });
  });

  it('hands requests on as nginx does: an absolute-form target in origin form, invalid header names dropped (for the WAF and the origin)', async () => {
    const port = Number(new URL(t.proxy.url).port);
    // With the header, CRS would see a shellshock payload; nginx drops the name (underscore), so does the proxy.
    const dropped = await rawExchange(port, 'GET /echo HTTP/1.1\r\nHost: h\r\nX_Cmd: () { :; }; /bin/cat /etc/passwd\r\nConnection: close\r\n\r\n');
    expect(dropped).toMatch(/^HTTP\/1\.1 200 /);
    const absolute = await rawExchange(port, "GET http://h/?id=1'%20or%201=1-- HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    expect(absolute).toMatch(/^HTTP\/1\.1 403 /);
    const line = t.audit.lines.at(-1) as { url: string };
    expect(line.url.startsWith('/?id=')).toBe(true);
  });

  it('a target undici cannot send is the client\'s fault: 400, and the origin stays in service', async () => {
    const port = Number(new URL(t.proxy.url).port);
    for (let i = 0; i < 6; i++) expect(await rawExchange(port, 'OPTIONS * HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await rawExchange(port, 'GET http://h?x=1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
    expect((await send(t.proxy.url, '/?q=still+served')).status).toBe(200);
  });

  it('blocks a request body attack', async () => {
    const r = await send(t.proxy.url, '/form', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: "user=admin' union select password from users--" });
    expect(r.status).toBe(403);
  });

  it('applies response rules to the origin response (SQL error leakage)', async () => {
    const r = await send(t.proxy.url, '/leak');
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('SQL syntax');
    const rec = t.audit.lines.find((l) => l.url === '/leak') as { outboundScore: number; matches: { id: number }[] };
    expect(rec.outboundScore).toBeGreaterThan(0);
    expect(rec.matches.some((m) => m.id >= 950000 && m.id < 960000)).toBe(true);
  });

  it('caches GET responses per Vary, serving hits without the origin', async () => {
    const before = origin.requests;
    const a1 = await send(t.proxy.url, '/cached', { headers: { 'accept-language': 'en' } });
    const a2 = await send(t.proxy.url, '/cached', { headers: { 'accept-language': 'en' } });
    const b1 = await send(t.proxy.url, '/cached', { headers: { 'accept-language': 'fr' } });
    const b2 = await send(t.proxy.url, '/cached', { headers: { 'accept-language': 'fr' } });
    expect([a1.headers['x-cache'], a2.headers['x-cache'], b1.headers['x-cache'], b2.headers['x-cache']]).toEqual(['MISS', 'HIT', 'MISS', 'HIT']);
    expect([a2.body, b2.body]).toEqual(['lang=en', 'lang=fr']);
    expect(origin.requests - before).toBe(2);
    const nostore = [await send(t.proxy.url, '/plain'), await send(t.proxy.url, '/plain')];
    expect(nostore.map((r) => r.headers['x-cache'])).toEqual(['MISS', 'MISS']);
  });

  it('answers 413 for a body over the limit and 431 for oversized headers', async () => {
    expect((await send(t.proxy.url, '/form', { method: 'POST', body: 'x'.repeat(5000) })).status).toBe(413);
    const big = await rawExchange(Number(new URL(t.proxy.url).port), `GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(8000)}\r\n\r\n`);
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('answers 408 to a client that sends its headers too slowly', async () => {
    const r = await rawExchange(Number(new URL(t.proxy.url).port), 'GET / HTTP/1.1\r\nHost: localhost\r\n');
    expect(r).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 504 when the origin is too slow and 400 for garbage, and keeps serving', async () => {
    expect((await send(t.proxy.url, '/slow')).status).toBe(504);
    expect(await rawExchange(Number(new URL(t.proxy.url).port), 'BLAH\x00 / HTTP/1.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect((await send(t.proxy.url, '/?q=ok')).status).toBe(200);
  });

  it('shows the path through every gate with the trace header', async () => {
    const r = await send(t.proxy.url, '/?q=trace', { headers: { 'x-waf-trace': '1' } });
    const names = String(r.headers['x-waf-trace']).split(', ').map((s) => s.split(':').slice(0, 2).join(':'));
    expect(names).toEqual(['ratelimit:req', 'behaviour:req', 'concurrency:req', 'waf:req', 'cache:req', 'health:req', 'cache:res', 'waf:res', 'concurrency:res']);
  });

  it('exposes per-gate decisions on /metrics and gate stats on the admin endpoint', async () => {
    const m = await send(t.proxy.adminUrl, '/metrics');
    expect(m.body).toMatch(/waf_proxy_gate_decisions_total\{gate="waf",phase="request",decision="reply"\} \d+/);
    expect(m.body).toContain('waf_proxy_gate_duration_seconds_bucket');
    const s = JSON.parse((await send(t.proxy.adminUrl, '/admin/stats')).body) as { gates: { waf: { blockedRequest: number } } };
    expect(s.gates.waf.blockedRequest).toBeGreaterThanOrEqual(4);
  });

  it('refuses a bad config on reload and keeps the old one running', async () => {
    const bad = configFromObject({ ...t.proxy.config, gates: { ...t.proxy.config.gates, waf: { ...t.proxy.config.gates.waf, rules: ['/nonexistent/rules'] } } });
    const issues = await t.proxy.reload(bad);
    expect(issues[0]).toContain('/nonexistent/rules');
    expect((await send(t.proxy.url, "/?id=1' or 1=1--")).status).toBe(403);
    const good = configFromObject(structuredClone({ ...t.proxy.config, gates: { ...t.proxy.config.gates, ratelimit: { ...t.proxy.config.gates.ratelimit, capacity: 2, refillPerSecond: 0.01 } } }));
    expect(await t.proxy.reload(good)).toEqual([]);
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await send(t.proxy.url, '/?q=after-reload')).status);
    expect(codes).toEqual([200, 200, 429, 429]);
  });
});
