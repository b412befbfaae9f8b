import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../core/testing.ts';
import { loadFtwDir } from '../../corpus/ftw/loader.ts';
import { buildFtwRequest } from '../../corpus/ftw/request.ts';
import { Transaction } from '../../runtime/transaction.ts';
import type { Program } from '../../runtime/program.ts';
import { compileRules } from '../index.ts';
import { run } from '../testing.ts';

const GATED = `SecRuleEngine On
SecRule &TX:detection_paranoia_level "@eq 0" "id:1,phase:1,pass,nolog,setvar:tx.detection_paranoia_level=1"
SecRule ARGS:pl "@rx ^([1-4])$" "id:2,phase:1,pass,nolog,capture,setvar:tx.detection_paranoia_level=%{tx.1}"
SecRule TX:DETECTION_PARANOIA_LEVEL "@lt 2" "id:10,phase:2,pass,nolog,skipAfter:END-PL2"
SecRule ARGS "@rx x" "id:11,phase:2,pass"
SecMarker END-PL2
SecRule ARGS "@rx x" "id:12,phase:2,pass"
`;

const compiled = (text: string, paranoiaLevel?: number) => compileRules([{ path: 'gated.conf', text }], paranoiaLevel === undefined ? {} : { paranoiaLevel }).program;
const logged = (p: Program, uri: string) => run(p, { uri }).matches.filter((m) => m.logged).map((m) => m.ruleId);

describe('paranoia folding', () => {
  it('drops the rules a gate always skips at the folded level', () => {
    const folded = compiled(GATED, 1);
    expect(folded.phases[2].map((r) => r.id)).toEqual([10, 12]);
    expect(compiled(GATED).phases[2].map((r) => r.id)).toEqual([10, 11, 12]);
    expect(compiled(GATED, 2).phases[2].map((r) => r.id)).toEqual([10, 11, 12]);
  });

  it('gives the same verdicts as the general program, also when a transaction changes its level', () => {
    const general = compiled(GATED);
    for (const level of [1, 2]) {
      const folded = compiled(GATED, level);
      for (const uri of ['/?a=x', '/?a=x&pl=2', '/?a=x&pl=1', '/?pl=3&b=x']) {
        expect(logged(folded, uri), `PL${level} ${uri}`).toEqual(logged(general, uri));
      }
    }
    expect(logged(compiled(GATED, 1), '/?a=x&pl=2')).toEqual([11, 12]);
  });
});

describe.skipIf(!hasShared('coreruleset'))('paranoia folding on CRS', () => {
  const crs = sharedPath('coreruleset');
  const inputs = (pl: number) => [
    { path: '<engine>', text: 'SecRuleEngine DetectionOnly\nSecRequestBodyAccess On' },
    `${crs}/crs-setup.conf.example`,
    { path: '<pl>', text: `SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=${pl},setvar:tx.detection_paranoia_level=${pl}"` },
    `${crs}/rules`,
  ];
  const tests = loadFtwDir(sharedPath('coreruleset', 'tests', 'regression', 'tests')).files.flatMap((f) => f.tests);
  // Every 10th request of the suite: a deterministic sample across all rule files.
  const requests = tests
    .filter((_, i) => i % 10 === 0)
    .flatMap((t) => t.stages.map((s) => buildFtwRequest(s.input)))
    .flatMap((r) => (r.ok && !r.request.serverRejects ? [r.request] : []));

  const ids = (p: Program, req: (typeof requests)[number]) => {
    const tx = new Transaction(p);
    tx.processConnection('127.0.0.1', 1, '127.0.0.1', 80);
    tx.processUri(req.uri, req.method, req.version.replace(/^HTTP\//, '') || '1.1');
    for (const [k, v] of req.headers) tx.addRequestHeader(k, v);
    tx.processRequestHeaders();
    tx.appendRequestBody(req.body);
    tx.processRequestBody();
    tx.processLogging();
    return tx.matches.map((m) => m.ruleId);
  };

  it.each([1, 2, 3, 4])('PL%i: fewer rules, identical matches on CRS test requests', { timeout: 120_000 }, (pl) => {
    const general = compileRules(inputs(pl)).program;
    const folded = compileRules(inputs(pl), { paranoiaLevel: pl }).program;
    const count = (p: Program) => p.phases.reduce((n, l) => n + l.length, 0);
    if (pl < 4) expect(count(folded)).toBeLessThan(count(general));
    expect(requests.length).toBeGreaterThan(400);
    for (const req of requests) expect(ids(folded, req)).toEqual(ids(general, req));
  });
});
