import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../core/testing.ts';
import type { ExplainReport } from '../../workbench/model.ts';
import { main } from '../main.ts';
import type { CliIo } from '../io.ts';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), color: false, setExitCode: () => {} };
}

const rules = join(import.meta.dirname, '..', '..', 'rules');
const rawSqli = join(import.meta.dirname, 'testdata', 'explain-sqli.http');

async function explain(args: string[]) {
  const io = capture();
  const code = await main(['node', 'waf', 'explain', ...args], io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

describe('waf explain on the default rules', () => {
  it('explains a raw POST request in text: the matched rule, its steps and the verdict', async () => {
    const r = await explain(['--rules', rules, '--request', rawSqli, '--rule', '142100']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('142100 MATCHED SQL injection attack detected via libinjection');
    expect(r.out).toMatch(/● ARGS:user/);
    // The body parser has decoded the argument already: the transformations leave it unchanged.
    expect(r.out).toMatch(/raw\s+admin' OR 1=1-- -\n\s+urlDecodeUni\s+\(unchanged\)/);
    expect(r.out).toMatch(/libinjection fingerprint '[^']+'/);
    expect(r.out).toMatch(/verdict → 403 by rule 149110/);
  });

  it('gives JSON for tools, from curl-like options', async () => {
    const r = await explain(['--rules', rules, '--url', "http://localhost/search?q=1' UNION SELECT password FROM users--", '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as ExplainReport;
    expect(report.request).toEqual({ method: 'GET', uri: "/search?q=1'%20UNION%20SELECT%20password%20FROM%20users--" });
    expect(report.interruption?.status).toBe(403);
    expect(report.rules.find((x) => x.id === 142100)?.outcome).toBe('matched');
    expect(report.scores.length).toBeGreaterThan(0);
  });

  it('answers a rule that did not match with the values it saw', async () => {
    const r = await explain(['--rules', rules, '--url', 'http://localhost/?q=hello', '--rule', '142100']);
    expect(r.out).toContain('142100 no match');
    expect(r.out).toMatch(/@detectSQLi failed on .*='hello'|@detectSQLi is false for 'hello'/);
    expect(r.out).toContain('verdict → not interrupted');
  });

  it('refuses conflicting or missing request options with exit 2', async () => {
    expect((await explain(['--rules', rules])).code).toBe(2);
    expect((await explain(['--rules', rules, '--url', 'http://x/', '--request', rawSqli])).code).toBe(2);
    expect((await explain(['--rules', rules, '--request', '/nonexistent.http'])).err).toMatch(/cannot read \/nonexistent\.http/);
    expect((await explain(['--rules', rules, '--ftw', rawSqli])).err).toContain('--ftw needs --test');
    expect((await explain(['--rules', rules, '--url', 'http://x/', '--rule', 'abc'])).code).toBe(2);
  });
});

describe.skipIf(!hasShared('coreruleset'))('waf explain on CRS', () => {
  const crs = sharedPath('coreruleset');
  const ftw = sharedPath('coreruleset', 'tests', 'regression', 'tests', 'REQUEST-942-APPLICATION-ATTACK-SQLI', '942100.yaml');

  it('runs a go-ftw test and names the fingerprint', async () => {
    const r = await explain(['--rules', crs, '--ftw', ftw, '--test', '942100-2', '--rule', '942100', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as ExplainReport;
    expect(report.rules[0].outcome).toBe('matched');
    const hit = report.rules[0].links[0].values.find((v) => v.matched);
    expect(hit?.variable).toBe('ARGS:var');
    expect(hit?.why).toMatch(/^libinjection fingerprint '/);
  });

  it('says a PL2 rule is skipped at PL1 and runs at PL2', async () => {
    const at1 = await explain(['--rules', crs, '--pl', '1', '--url', 'http://localhost/?a=b', '--rule', '942101']);
    expect(at1.out).toContain('skipped: paranoia level 1 < 2 (gate rule 942013');
    const at2 = await explain(['--rules', crs, '--pl', '2', '--url', 'http://localhost/?a=b', '--rule', '942101']);
    expect(at2.out).toContain('942101 no match');
  });
});
