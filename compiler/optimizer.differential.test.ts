import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../core/testing.ts';
import { loadFtwDir } from '../corpus/ftw/loader.ts';
import { buildFtwRequest } from '../corpus/ftw/request.ts';
import type { Program } from '../runtime/program.ts';
import { memoOf } from '../runtime/string-memo.ts';
import { Transaction } from '../runtime/transaction.ts';
import { compileRules } from './index.ts';

/**
 * The optimized program (paranoia folding, regex prefilters, shared transformations and value
 * groups) against the naive one: identical matched rules, matched variables and values, TX
 * state (captures included) and interruption, on CRS's own test requests and on generated ones.
 * The traced path, which evaluates each rule on its own to report it, is held to the same.
 */
interface Req {
  method: string;
  uri: string;
  version: string;
  headers: readonly (readonly [string, string])[];
  body: string;
}

function observe(p: Program, r: Req, traced = false) {
  const tx = new Transaction(p, 'fixed-id');
  // A tracer with every hook takes the engine down its traced path (waf explain's).
  if (traced) tx.tracer = { ruleStart() {}, ruleEnd() {}, link() {}, setvar() {}, skipped() {} };
  tx.processConnection('192.0.2.10', 4000, '127.0.0.1', 80);
  tx.processUri(r.uri, r.method, r.version);
  for (const [k, v] of r.headers) tx.addRequestHeader(k, v);
  tx.processRequestHeaders();
  tx.appendRequestBody(r.body);
  tx.processRequestBody();
  tx.addResponseHeader('Content-Type', 'text/html');
  tx.processResponseHeaders(200);
  tx.appendResponseBody('<html>ok</html>');
  tx.processResponseBody();
  tx.processLogging();
  return {
    matches: tx.matches.map((m) => [m.ruleId, m.variable, m.value, m.transformed, m.msg, m.logdata].join('\u0001')),
    tx: tx.col('TX').all().map((e) => `${e.key}=${e.value}`),
    interruption: tx.interruption,
  };
}

describe.skipIf(!hasShared('coreruleset'))('optimized vs naive on CRS', () => {
  const crs = sharedPath('coreruleset');
  const inputs = (pl: number) => [
    { path: '<engine>', text: 'SecRuleEngine On\nSecRequestBodyAccess On\nSecResponseBodyAccess On' },
    `${crs}/crs-setup.conf.example`,
    { path: '<pl>', text: `SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=${pl},setvar:tx.detection_paranoia_level=${pl}"` },
    `${crs}/rules`,
  ];
  const requests: Req[] = loadFtwDir(sharedPath('coreruleset', 'tests', 'regression', 'tests'))
    .files.flatMap((f) => f.tests)
    .flatMap((t) => t.stages.map((s) => buildFtwRequest(s.input)))
    .flatMap((r) => (r.ok && !r.request.serverRejects ? [{ ...r.request, version: r.request.version.replace(/^HTTP\//, '') || '1.1' }] : []));

  it.each([1, 2, 3, 4])('PL%i: every CRS regression request (a third of them per level)', { timeout: 300_000 }, (pl) => {
    const naive = compileRules(inputs(pl), { naive: true }).program;
    const optimized = compileRules(inputs(pl), { paranoiaLevel: pl }).program;
    expect(requests.length).toBeGreaterThan(4500);
    // Each level checks a different third, so the four levels together cover every request.
    const sample = requests.filter((_, i) => i % 3 === pl % 3);
    for (const r of sample) expect(observe(optimized, r), `${r.method} ${r.uri.slice(0, 80)}`).toEqual(observe(naive, r));
  });

  it('traced evaluation (waf explain) gives the same results, at PL4 (a quarter of the requests)', { timeout: 300_000 }, () => {
    const optimized = compileRules(inputs(4), { paranoiaLevel: 4 }).program;
    for (const r of requests.filter((_, i) => i % 4 === 1)) expect(observe(optimized, r, true), `${r.method} ${r.uri.slice(0, 80)}`).toEqual(observe(optimized, r));
  });

  it('generated requests built from CRS payload fragments and noise', { timeout: 300_000 }, () => {
    const naive = compileRules(inputs(2), { naive: true }).program;
    const optimized = compileRules(inputs(2), { paranoiaLevel: 2 }).program;
    const fragments = requests.slice(0, 800).map((r) => r.uri.slice(0, 60));
    const fragment = fc.oneof(fc.constantFrom(...fragments), fc.constantFrom("' or 1=1--", '<script>alert(1)</script>', '../../etc/passwd', ';cat /etc/shadow', 'union select', '${jndi:ldap://x}'), fc.string({ maxLength: 20 }));
    const req = fc.record({
      method: fc.constantFrom('GET', 'POST'),
      uri: fc.tuple(fragment, fragment).map(([a, b]) => `/p?a=${encodeURIComponent(a)}&b=${b}`),
      version: fc.constant('1.1'),
      headers: fc.array(fc.tuple(fc.constantFrom('User-Agent', 'Referer', 'Cookie', 'X-Forwarded-For'), fragment), { maxLength: 3 }).map((h) => [['Host', 'localhost'] as const, ...h]),
      body: fc.oneof(fc.constant(''), fragment.map((f) => `x=${encodeURIComponent(f)}`)),
    });
    fc.assert(
      fc.property(req, (r) => {
        const withType: Req = r.body ? { ...r, headers: [...r.headers, ['Content-Type', 'application/x-www-form-urlencoded']] } : r;
        expect(observe(optimized, withType)).toEqual(observe(naive, withType));
      }),
      { numRuns: 1000 },
    );
    // Fragments repeat across requests, so later requests reused work kept from earlier ones
    // (runtime/string-memo.ts): the comparisons above covered a warm memo, not only a cold one.
    expect(memoOf(optimized)!.size).toBeGreaterThan(100);
  });
});
