import { describe, expect, it } from 'vitest';
import { ids, run, txVar } from './testing.ts';

const ON = 'SecRuleEngine On\nSecRequestBodyAccess On\nSecResponseBodyAccess On\n';

describe('rule evaluation', () => {
  it('matches a variable after its transformations and records why', () => {
    const tx = run(ON + `SecRule ARGS:q "@rx <script" "id:1,phase:2,pass,t:urlDecodeUni,t:lowercase,msg:'xss %{MATCHED_VAR_NAME}'"`, { uri: '/?q=%253CSCRIPT%253E' });
    expect(ids(tx)).toEqual([1]);
    const m = tx.matches[0];
    expect(m.variable).toBe('ARGS:q');
    expect(m.value).toBe('%3CSCRIPT%3E');
    expect(m.transformed).toBe('<script>');
    expect(m.msg).toBe('xss ARGS:q');
  });

  it('t:none drops the default transformations; without it they apply first', () => {
    const rules = ON + `SecDefaultAction "phase:2,log,pass,t:lowercase"\nSecRule ARGS "@streq abc" "id:1,phase:2,pass"\nSecRule ARGS "@streq abc" "id:2,phase:2,pass,t:none"`;
    expect(ids(run(rules, { uri: '/?a=ABC' }))).toEqual([1]);
  });

  it('excludes elements with !VAR:key and counts with &', () => {
    const rules = ON + `SecRule ARGS|!ARGS:safe "@rx x" "id:1,phase:2,pass"\nSecRule &ARGS "@eq 2" "id:2,phase:2,pass"\nSecRule &ARGS:nothere "@eq 0" "id:3,phase:2,pass"`;
    expect(ids(run(rules, { uri: '/?safe=x&other=y' }))).toEqual([2, 3]);
    expect(ids(run(rules, { uri: '/?safe=x&other=x' }))).toEqual([1, 2, 3]);
  });

  it('matches keys case-insensitively and regex keys', () => {
    const rules = ON + `SecRule REQUEST_HEADERS:user-agent "@contains curl" "id:1,phase:1,pass"\nSecRule ARGS:/^id_/ "@rx ^\\d+$" "id:2,phase:2,pass"`;
    const tx = run(rules, { uri: '/?id_a=12&ID_B=x', headers: [['User-Agent', 'curl/8']] });
    expect(ids(tx)).toEqual([1, 2]);
  });

  it('MATCHED_VARS gathers the matches of consecutive matching rules; a rule that does not match empties it (v3)', () => {
    const chainOnA = `SecRule ARGS:b "@streq y" "id:2,phase:2,pass,chain"\n  SecRule MATCHED_VARS "@streq x" "setvar:tx.hit=1"\n`;
    const a = `SecRule ARGS:a "@streq x" "id:1,phase:2,pass"\n`;
    expect(ids(run(ON + a + chainOnA, { uri: '/?a=x&b=y' }))).toEqual([1, 2]);
    const miss = `SecRule ARGS:c "@streq z" "id:3,phase:2,pass"\n`;
    expect(ids(run(ON + a + miss + chainOnA, { uri: '/?a=x&b=y' }))).toEqual([1]);
    // A SecAction leaves them alone; after a rule that did not match, MATCHED_VAR is empty.
    const after = `SecAction "id:4,phase:2,pass,setvar:tx.before=%{MATCHED_VAR}"\n${miss}SecAction "id:5,phase:2,pass,setvar:tx.after=%{MATCHED_VAR}"`;
    const tx = run(ON + a + after, { uri: '/?a=x' });
    expect([txVar(tx, 'before'), txVar(tx, 'after')]).toEqual(['x', '']);
  });

  it('captures as v3 stores them: a group that took no part leaves its TX variable, a negated @rx whose regex matched still captures', () => {
    const rules =
      ON +
      `SecRule ARGS:a "@rx (x)(y)?" "id:1,phase:2,pass,capture,setvar:tx.first=%{tx.1}-%{tx.2}"\n` +
      `SecRule ARGS:b "@rx (q)|(z)" "id:2,phase:2,pass,capture,setvar:tx.second=%{tx.1}-%{tx.2}"\n` +
      `SecRule ARGS:c "!@rx (n)(m)" "id:3,phase:2,pass,capture"\n` +
      `SecAction "id:4,phase:2,pass,setvar:tx.third=%{tx.0}"`;
    const tx = run(rules, { uri: '/?a=xy&b=z&c=nm' });
    // Rule 2 matched through group 2: TX:1 keeps rule 1's "x". Rule 3 does not match, yet TX:0 is its regex's.
    expect([txVar(tx, 'first'), txVar(tx, 'second'), txVar(tx, 'third')]).toEqual(['x-y', 'x-z', 'nm']);
    expect(ids(tx)).toEqual([1, 2, 4]);
  });

  it('a macro on a repeated key reads the last value sent, as v3 does', () => {
    const tx = run(ON + `SecAction "id:1,phase:2,pass,setvar:tx.m=%{ARGS._method},setvar:tx.h=%{request_headers.x-a}"`, { uri: '/?_method=get&_method=delete', headers: [['X-A', '1'], ['X-A', '2']] });
    expect([txVar(tx, 'm'), txVar(tx, 'h')]).toEqual(['delete', '2']);
  });

  it('negated operators do not fire on absent variables', () => {
    const rules = ON + `SecRule REQUEST_HEADERS:X-Missing "!@rx ^ok$" "id:1,phase:1,pass"`;
    expect(ids(run(rules))).toEqual([]);
  });
});

describe('actions', () => {
  it('setvar sets, adds, subtracts, deletes and expands macros per match', () => {
    const rules =
      ON +
      `SecAction "id:1,phase:1,pass,setvar:tx.n=5,setvar:tx.flag,setvar:tx.gone=1,setvar:!tx.gone"\n` +
      `SecRule ARGS "@rx ." "id:2,phase:2,pass,setvar:tx.n=+%{tx.n},setvar:'tx.last=%{MATCHED_VAR_NAME}'"\n` +
      `SecAction "id:3,phase:2,pass,setvar:tx.m=-3"`;
    const tx = run(rules, { uri: '/?a=1&b=2' });
    // One increment per matching value, as ModSecurity v3 does: 5 → 10 → 20.
    expect(txVar(tx, 'n')).toBe('20');
    expect(txVar(tx, 'flag')).toBe('1');
    expect(txVar(tx, 'gone')).toBeUndefined();
    expect(txVar(tx, 'last')).toBe('ARGS:b');
    expect(txVar(tx, 'm')).toBe('-3');
  });

  it('capture fills TX:0-9 from regex groups', () => {
    const tx = run(ON + `SecRule ARGS:v "@rx (\\d+)-(\\d+)" "id:1,phase:2,pass,capture,setvar:tx.sum=%{tx.1}%{tx.2}"`, { uri: '/?v=12-34' });
    expect(txVar(tx, '0')).toBe('12-34');
    expect(txVar(tx, 'sum')).toBe('1234');
  });

  it('chain: all links must match; setvar on a link runs when that link matches', () => {
    const rules =
      ON +
      `SecRule ARGS:a "@streq 1" "id:1,phase:2,pass,msg:'chain',setvar:tx.head=1,chain"\n` +
      `    SecRule ARGS:b "@streq 2" "setvar:tx.tail=1"`;
    const hit = run(rules, { uri: '/?a=1&b=2' });
    expect(ids(hit)).toEqual([1]);
    expect(txVar(hit, 'tail')).toBe('1');
    const miss = run(rules, { uri: '/?a=1&b=3' });
    expect(ids(miss)).toEqual([]);
    expect(txVar(miss, 'head')).toBe('1');
    expect(txVar(miss, 'tail')).toBeUndefined();
  });

  it('skip and skipAfter jump over rules', () => {
    const rules =
      ON +
      `SecAction "id:1,phase:1,pass,skip:1"\nSecAction "id:2,phase:1,pass"\nSecAction "id:3,phase:1,pass,skipAfter:END"\n` +
      `SecAction "id:4,phase:1,pass"\nSecMarker END\nSecAction "id:5,phase:1,pass"`;
    expect(ids(run(rules))).toEqual([1, 3, 5]);
  });

  it('deny interrupts with the status; phases after it do not run', () => {
    const rules = ON + `SecRule ARGS "@rx evil" "id:1,phase:1,deny,status:406"\nSecAction "id:2,phase:2,pass"`;
    const tx = run(rules, { uri: '/?x=evil' });
    expect(tx.interruption).toMatchObject({ status: 406, ruleId: 1, action: 'deny', phase: 1 });
    expect(ids(tx)).toEqual([1]);
  });

  it('block does what SecDefaultAction says; redirect and drop interrupt', () => {
    expect(run(ON + `SecDefaultAction "phase:2,log,deny,status:403"\nSecRule ARGS "@rx x" "id:1,phase:2,block"`, { uri: '/?a=x' }).interruption?.status).toBe(403);
    expect(run(ON + `SecRule ARGS "@rx x" "id:1,phase:2,block"`, { uri: '/?a=x' }).interruption).toBeNull();
    // Without block the default's deny does not apply (v3): the rule passes.
    expect(run(ON + `SecDefaultAction "phase:2,log,deny,status:403"\nSecRule ARGS "@rx x" "id:1,phase:2,log"`, { uri: '/?a=x' }).interruption).toBeNull();
    const r = run(ON + `SecRule ARGS "@rx x" "id:1,phase:1,redirect:'https://example.com/%{tx.none}blocked'"`, { uri: '/?a=x' });
    expect(r.interruption).toMatchObject({ action: 'redirect', status: 302, url: 'https://example.com/blocked' });
    expect(run(ON + `SecRule ARGS "@rx x" "id:1,phase:1,drop"`, { uri: '/?a=x' }).interruption?.action).toBe('drop');
  });

  it('allow stops rule processing for the request; allow:phase for the phase only', () => {
    const rules = ON + `SecRule REMOTE_ADDR "@ipMatch 10.0.0.0/8" "id:1,phase:1,allow"\nSecAction "id:2,phase:1,deny"\nSecAction "id:3,phase:2,deny"`;
    expect(run(rules).interruption).toBeNull();
    const phaseOnly = ON + `SecAction "id:1,phase:1,allow:phase"\nSecAction "id:2,phase:1,deny"\nSecAction "id:3,phase:2,deny"`;
    expect(run(phaseOnly).interruption?.ruleId).toBe(3);
  });

  it('DetectionOnly logs but never interrupts; Off runs nothing', () => {
    const det = run(`SecRuleEngine DetectionOnly\nSecAction "id:1,phase:1,deny"`);
    expect(det.interruption).toBeNull();
    expect(ids(det)).toEqual([1]);
    expect(ids(run(`SecRuleEngine Off\nSecAction "id:1,phase:1,deny"`))).toEqual([]);
  });

  it('nolog rules match but are not logged', () => {
    const tx = run(ON + `SecAction "id:1,phase:1,pass,nolog"\nSecAction "id:2,phase:1,pass"`);
    expect(tx.matches.map((m) => [m.ruleId, m.logged])).toEqual([[1, false], [2, true]]);
  });

  it('multiMatch runs the operator after every transformation that changes the value', () => {
    const rules = ON + `SecRule ARGS:a "@streq <x>" "id:1,phase:2,pass,multiMatch,t:urlDecode,t:lowercase,setvar:tx.hits=+1"`;
    // raw '%3CX%3E' no; urlDecoded '<X>' no; lowercased '<x>' yes → one hit.
    expect(txVar(run(rules, { uri: '/?a=%253CX%253E' }), 'hits')).toBe('1');
    expect(txVar(run(rules, { uri: '/?a=%253CY%253E' }), 'hits')).toBeUndefined();
    const both = ON + `SecRule ARGS:a "@rx a" "id:1,phase:2,pass,multiMatch,t:lowercase,setvar:tx.hits=+1"`;
    expect(txVar(run(both, { uri: '/?a=aA' }), 'hits')).toBe('2');
  });

  it('a multiMatch rule whose chain fails is still logged, as libmodsecurity v3 logs it (CRS 942131), and nothing else of it happens', () => {
    const chained = (multi: string) =>
      ON + `SecRule ARGS:a "@rx (\\w+)=(\\w+)" "id:1,phase:2,block,capture,severity:'CRITICAL',msg:'m',${multi}t:lowercase,chain"\n` +
      `  SecRule TX:1 "!@streq %{TX.2}" "setvar:tx.score=+5"`;
    const failed = run(chained('multiMatch,'), { uri: '/?a=x%3Dx' });
    expect(failed.matches.map((m) => [m.ruleId, m.logged, m.msg])).toEqual([[1, true, 'm']]);
    expect(txVar(failed, 'score')).toBeUndefined();
    expect(failed.highestSeverity).toBe(255);
    // Without multiMatch, or when the first link does not match, there is nothing.
    expect(run(chained(''), { uri: '/?a=x%3Dx' }).matches).toEqual([]);
    expect(run(chained('multiMatch,'), { uri: '/?a=xx' }).matches).toEqual([]);
    // When the chain matches, one entry, as for any rule.
    const matched = run(chained('multiMatch,'), { uri: '/?a=x%3Dy' });
    expect([matched.matches.length, txVar(matched, 'score')]).toEqual([1, '5']);
  });
});

describe('ctl', () => {
  it('ruleRemoveById, ruleRemoveTargetById and ruleEngine change this transaction only', () => {
    const rules =
      ON +
      `SecRule REQUEST_URI "@beginsWith /admin" "id:1,phase:1,pass,nolog,ctl:ruleRemoveById=10,ctl:ruleRemoveTargetById=11;ARGS:pw"\n` +
      `SecRule ARGS "@rx x" "id:10,phase:2,pass"\nSecRule ARGS "@rx x" "id:11,phase:2,pass"\n` +
      `SecRule REQUEST_URI "@beginsWith /dry" "id:2,phase:1,pass,ctl:ruleEngine=DetectionOnly"\nSecRule ARGS "@rx x" "id:12,phase:2,deny"`;
    expect(ids(run(rules, { uri: '/admin?pw=x' })).filter((i) => i >= 10)).toEqual([12]);
    expect(ids(run(rules, { uri: '/admin?pw=x&u=x' })).filter((i) => i >= 10)).toEqual([11, 12]);
    expect(ids(run(rules, { uri: '/other?pw=x' })).filter((i) => i >= 10)).toEqual([10, 11, 12]);
    expect(run(rules, { uri: '/dry?a=x' }).interruption).toBeNull();
    expect(run(rules, { uri: '/other?a=x' }).interruption?.ruleId).toBe(12);
  });

  it('ruleRemoveTarget* take targets from the chain starter only, as v3 does (chained links have no id or tag)', () => {
    const rules =
      ON +
      `SecAction "id:1,phase:1,pass,nolog,ctl:ruleRemoveTargetById=20;ARGS:pw,ctl:ruleRemoveTargetByTag=t;ARGS:pw"\n` +
      `SecRule ARGS "@rx x" "id:20,phase:2,pass,tag:t,chain"\n  SecRule ARGS "@rx y" ""\n` +
      `SecRule ARGS "@rx y" "id:21,phase:2,pass,tag:t,chain"\n  SecRule ARGS "@rx x" ""`;
    // Both starters lose pw (20 then finds no x); 21's starter matches a=y and its chained link
    // still sees pw=xy.
    expect(ids(run(rules, { uri: '/?pw=xy&a=y' })).filter((i) => i >= 20)).toEqual([21]);
  });

  it("a ctl on a chain's first link takes effect only when the whole chain matches (v3)", () => {
    const rules =
      ON +
      `SecRule REQUEST_URI "@beginsWith /api" "id:1,phase:1,pass,nolog,ctl:ruleRemoveTargetById=2;ARGS:password,chain"\n  SecRule REQUEST_METHOD "@streq POST" ""\n` +
      `SecRule ARGS "@rx or 1=1" "id:2,phase:2,deny"`;
    expect(run(rules, { uri: "/api?password=x'%20or%201=1" }).interruption?.ruleId).toBe(2);
    expect(run(rules, { method: 'POST', uri: "/api?password=x'%20or%201=1" }).interruption).toBeNull();
  });

  it('requestBodyProcessor=JSON parses the body into ARGS', () => {
    const rules =
      ON +
      `SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" "id:1,phase:1,pass,nolog,ctl:requestBodyProcessor=JSON"\n` +
      `SecRule ARGS:json.user.name "@streq bob" "id:2,phase:2,pass"\nSecRule REQBODY_PROCESSOR "@streq JSON" "id:3,phase:2,pass"`;
    const tx = run(rules, { method: 'POST', headers: [['Content-Type', 'application/json']], body: '{"user":{"name":"bob"}}' });
    expect(ids(tx)).toEqual([1, 2, 3]);
  });
});

describe('exceptions at load time', () => {
  it('SecRuleRemoveById/ByTag and SecRuleUpdateTargetById/ActionById', () => {
    const rules =
      ON +
      `SecRule ARGS "@rx x" "id:1,phase:2,pass,tag:'t1'"\nSecRule ARGS "@rx x" "id:2,phase:2,pass"\nSecRule ARGS "@rx x" "id:3,phase:2,pass"\n` +
      `SecRule ARGS "@rx x" "id:4,phase:2,pass"\n` +
      `SecRuleRemoveByTag t1\nSecRuleRemoveById 2\nSecRuleUpdateTargetById 3 "!ARGS:skip"\nSecRuleUpdateActionById 4 "deny,status:418"`;
    const tx = run(rules, { uri: '/?skip=x' });
    expect(ids(tx)).toEqual([4]);
    expect(tx.interruption?.status).toBe(418);
  });
});
