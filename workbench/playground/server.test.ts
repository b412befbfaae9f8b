import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialRules } from '../../cli/commands/playground.ts';
import { EXAMPLE_RULES } from '../rules.ts';
import type { ExplainResponse, Playground } from './server.ts';
import { startPlayground } from './server.ts';
import { DEFAULT_REQUEST } from './page.ts';

let pg: Playground;
const init = initialRules(undefined);

beforeAll(async () => {
  pg = await startPlayground({ port: 0, virtualPath: init.virtualPath, initial: { rules: init.text, request: DEFAULT_REQUEST, pl: 1, source: init.source } });
});
afterAll(() => pg.close());

async function post(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<{ status: number; json: ExplainResponse & { error?: string } }> {
  const res = await fetch(`${pg.url}api/explain`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as ExplainResponse & { error?: string } };
}

describe('playground server', () => {
  it('listens on 127.0.0.1 only and serves a self-contained page pre-filled with the rules', async () => {
    expect(pg.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(pg.url);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<title>waf playground</title>');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain('id:142100');
  });

  it('explains a SQLi request against the default rules', async () => {
    const { status, json } = await post({ rules: init.text, request: DEFAULT_REQUEST, pl: 1 });
    expect(status).toBe(200);
    expect(json.report.interruption).toMatchObject({ status: 403 });
    expect(json.report.matchedRuleIds).toContain(142100);
    expect(json.html).toMatch(/data-rule="142100" open/);
    expect(json.diagnostics).toEqual([]);
  });

  it('answers one rule, and shows lint findings at their line in the editor text', async () => {
    const rules = `${EXAMPLE_RULES}\nSecRule ARGS "@rx a" "id:100,phase:2,pass,t:lowercsae"\n`;
    const { status, json } = await post({ rules, request: 'GET /?q=x HTTP/1.1\nHost: a\n', pl: 2, rule: '101' });
    expect(status).toBe(200);
    expect(json.report.rules).toHaveLength(1);
    expect(json.report.rules[0]).toMatchObject({ id: 101, outcome: 'no-match' });
    const lines = EXAMPLE_RULES.split('\n').length + 1;
    expect(json.diagnostics.some((d) => d.line === lines && /lowercsae/.test(d.message))).toBe(true);
    expect(json.diagnostics.some((d) => d.line === lines && /100/.test(d.message))).toBe(true);
  });

  it('refuses bad input with a clear 4xx and keeps serving', async () => {
    expect(await post('{not json')).toMatchObject({ status: 400, json: { error: 'the body is not JSON' } });
    expect((await post({ rules: 1 })).status).toBe(400);
    expect(await post({ rules: '', request: 'GET / HTTP/1.1\n', pl: 9 })).toMatchObject({ status: 400, json: { error: 'paranoia level must be 1-4, got 9' } });
    expect(await post({ rules: '', request: '' })).toMatchObject({ status: 400, json: { error: 'the request is empty' } });
    expect((await post({ rules: '', request: 'x' }, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fetch(`${pg.url}nope`)).status).toBe(404);
    const broken = await post({ rules: 'SecRule ARGS "@rx (" "id:1,phase:2,deny"\nSecRulle', request: 'GET / HTTP/1.1\n' });
    expect(broken.status).toBe(200);
    expect(broken.json.diagnostics.map((d) => d.line)).toEqual(expect.arrayContaining([1, 2]));
    expect((await fetch(pg.url)).status).toBe(200);
  });

  it('answers only to loopback Host names (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${pg.url}`, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});
