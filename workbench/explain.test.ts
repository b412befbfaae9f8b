import { beforeAll, describe, expect, it } from 'vitest';
import { ruleInputs } from '../cli/commands/compile.ts';
import { hasShared, sharedPath } from '../core/testing.ts';
import type { RuleInput } from '../grammar/includes.ts';
import type { Program } from '../runtime/program.ts';
import { explainRequest } from './explain.ts';
import type { ExplainReport, ExplainRequest } from './model.ts';
import { renderText } from './render-text.ts';
import { requestFromRaw, requestFromUrl } from './request.ts';
import { compileForExplain } from './rules.ts';

function crs(extra: RuleInput[] = [], pl = 1): Program {
  const r = compileForExplain([...ruleInputs([sharedPath('coreruleset')], pl), ...extra]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.program;
}

function url(u: string): ExplainRequest {
  const r = requestFromUrl(u);
  if (!r.ok) throw new Error(r.error);
  return r.request;
}

// Double-encoded, so that t:urlDecodeUni visibly turns `%27` into a quote before libinjection runs.
const SQLI = 'http://localhost/?id=1%2527%2520OR%2520%25271%2527%253D%25271';

describe.skipIf(!hasShared('coreruleset'))('explain on CRS', () => {
  let program: Program;
  beforeAll(() => {
    program = crs();
  });

  it('traces a SQLi hit through t:urlDecodeUni to 942100 with its fingerprint, then the score to 949110', () => {
    const r = explainRequest(program, url(SQLI));
    const rule = r.rules.find((x) => x.id === 942100)!;
    expect(rule.outcome).toBe('matched');
    const hit = rule.links[0].values.find((v) => v.matched)!;
    expect(hit.variable).toBe('ARGS:id');
    expect(hit.raw).toBe('1%27%20OR%20%271%27%3D%271');
    expect(hit.steps.map((s) => s.name)).toEqual(['utf8toUnicode', 'urlDecodeUni', 'removeNulls']);
    expect(hit.steps[1].value).toBe("1' OR '1'='1");
    expect(hit.captured?.[0]).toMatch(/^s&s/);
    expect(rule.summary).toContain(`libinjection fingerprint '${hit.captured?.[0]}'`);
    expect(rule.setvars).toContainEqual({ variable: 'TX.inbound_anomaly_score_pl1', before: '0', after: '5' });
    expect(r.scores.find((s) => s.variable === 'TX.inbound_anomaly_score_pl1')).toMatchObject({ ruleId: 942100, before: 0, after: 5 });
    expect(r.interruption).toMatchObject({ ruleId: 949110, status: 403, phase: 2 });
    expect(r.matchedRuleIds).toContain(942100);
  });

  it('says a PL2 rule was skipped by the paranoia level, naming the gate and marker', () => {
    const r = explainRequest(program, url(SQLI), { rule: 942101 });
    expect(r.rules).toHaveLength(1);
    expect(r.rules[0]).toMatchObject({
      outcome: 'skipped',
      skip: { reason: 'paranoia', byRuleId: 942013, marker: 'END-REQUEST-942-APPLICATION-ATTACK-SQLI', paranoia: { level: 1, required: 2 } },
    });
    expect(r.rules[0].summary).toBe('skipped: paranoia level 1 < 2 (gate rule 942013, marker END-REQUEST-942-APPLICATION-ATTACK-SQLI)');
  });

  it('says a rule was removed by SecRuleRemoveById, and where', () => {
    const removed = crs([{ path: 'exclusions.conf', text: '\nSecRuleRemoveById 942100\n' }]);
    const r = explainRequest(removed, url(SQLI), { rule: 942100 });
    expect(r.rules[0]).toMatchObject({ outcome: 'removed', removedBy: { directive: 'SecRuleRemoveById 942100', file: 'exclusions.conf', line: 2 } });
    expect(r.rules[0].summary).toBe("removed at load time by 'SecRuleRemoveById 942100' (exclusions.conf:2)");
  });

  it('shows a chain whose second link fails (920180 on a GET) with the value it saw', () => {
    const r = explainRequest(program, url('http://localhost/'), { rule: 920180 });
    const rule = r.rules[0];
    expect(rule.outcome).toBe('no-match');
    expect(rule.links.map((l) => [l.depth, l.matched])).toEqual([[0, true], [1, false]]);
    expect(rule.links[1]).toMatchObject({ targets: 'REQUEST_METHOD', operator: '@streq POST' });
    expect(rule.links[1].values[0]).toMatchObject({ variable: 'REQUEST_METHOD', raw: 'GET', matched: false });
    expect(rule.summary).toBe("link 2 of the chain failed (the first matched): @streq POST failed on REQUEST_METHOD='GET'");
  });

  it('renders text: the transformation steps, the fingerprint and the verdict', () => {
    const text = renderText(explainRequest(program, url(SQLI), { rule: 942100 }));
    expect(text).toContain('942100 MATCHED SQL Injection Attack Detected via libinjection');
    expect(text).toMatch(/urlDecodeUni\s+1' OR '1'='1/);
    expect(text).toMatch(/libinjection fingerprint 's&s/);
    expect(text).toContain('verdict → 403 by rule 949110 (deny, phase 2)');
    const full = renderText(explainRequest(program, url(SQLI)));
    expect(full).toMatch(/skipped \d+ rules \(942101 .*\): paranoia level 1 < 2 \(gate rule 942013/);
    expect(full).not.toContain('\x1b[');
  });

  it('explains a rule never reached after the interruption, and an unknown id', () => {
    // 950100 (phase 4) never runs: 949110 denied in phase 2.
    const r: ExplainReport = explainRequest(program, url(SQLI), { rule: 950100 });
    expect(r.rules[0].outcome).toBe('not-reached');
    expect(r.rules[0].summary).toContain('rule 949110 interrupted the transaction in phase 2');
    expect(explainRequest(program, url(SQLI), { rule: 4242 }).rules[0].outcome).toBe('unknown');
  });
});

describe('explain on small rule sets', () => {
  it('marks the @rx span in the transformed value and reports skip:N', () => {
    const { program } = compileForExplain([
      {
        path: 'mini.conf',
        text: `SecRule ARGS "@rx (?:union\\s+select)" "id:10,phase:1,pass,t:lowercase,skip:1,capture"\nSecAction "id:11,phase:1,pass"\n`,
      },
    ]);
    const req = requestFromRaw('GET /?q=1%20UNION%20SELECT%202 HTTP/1.1\nHost: x\n');
    if (!req.ok) throw new Error(req.error);
    const r = explainRequest(program, req.request);
    const v = r.rules.find((x) => x.id === 10)!.links[0].values[0];
    expect(v.steps[0].value).toBe('1 union select 2');
    expect(v.span).toEqual([2, 14]);
    expect(r.rules.find((x) => x.id === 11)).toMatchObject({ outcome: 'skipped', skip: { reason: 'skip', byRuleId: 10 } });
    expect(renderText(explainRequest(program, req.request, { rule: 10 }))).toContain('1 [[union select]] 2');
  });

  it('marks a multiMatch hit in the step it matched, not the last one', () => {
    const { program } = compileForExplain([{ path: 'mini.conf', text: `SecRule ARGS "@rx a b" "id:10,phase:1,pass,multiMatch,t:urlDecode,t:removeWhitespace,capture"\n` }]);
    const req = requestFromRaw('GET /?q=xa%2520b HTTP/1.1\nHost: x\n');
    if (!req.ok) throw new Error(req.error);
    const r = explainRequest(program, req.request, { rule: 10 });
    const v = r.rules.find((x) => x.id === 10)!.links[0].values[0];
    expect(v).toMatchObject({ matched: true, matchedStep: 0, span: [1, 4] });
    const text = renderText(r);
    expect(text).toMatch(/urlDecode\s+x\[\[a b\]\]/);
    expect(text).not.toContain('[[ab');
  });

  it('refuses what is not a request', () => {
    expect(requestFromRaw('   ')).toEqual({ ok: false, error: 'the request is empty' });
    expect(requestFromUrl('http://[bad')).toMatchObject({ ok: false });
    expect(requestFromUrl('http://x/', { headers: ['nocolon'] })).toMatchObject({ ok: false });
  });
});
