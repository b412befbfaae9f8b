import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../runtime/collections/persistent.ts';
import { Transaction } from '../runtime/transaction.ts';
import { ids, program, run, txVar } from './testing.ts';

const ON = 'SecRuleEngine On\nSecRequestBodyAccess On\n';

describe('metadata actions', () => {
  it('id, phase, msg, logdata, tag, severity, ver, rev, maturity, accuracy reach the match record', () => {
    const tx = run(
      ON +
        `SecRule ARGS:a "@rx (b+)" "id:77,phase:2,pass,capture,msg:'found %{TX.1}',logdata:'in %{MATCHED_VAR_NAME}',tag:'attack-x',tag:'paranoia-level/1',severity:'WARNING',ver:'v1',rev:'3',maturity:'9',accuracy:'8'"`,
      { uri: '/?a=abbb' },
    );
    expect(tx.matches[0]).toMatchObject({ ruleId: 77, phase: 2, msg: 'found bbb', logdata: 'in ARGS:a', tags: ['attack-x', 'paranoia-level/1'], severity: 4, ver: 'v1', rev: '3', maturity: '9', accuracy: '8' });
  });

  it('severity by number, and HIGHEST_SEVERITY keeps the most severe', () => {
    const tx = run(ON + `SecAction "id:1,phase:1,pass,severity:5"\nSecAction "id:2,phase:1,pass,severity:CRITICAL"\nSecRule HIGHEST_SEVERITY "@eq 2" "id:3,phase:2,pass"`);
    expect(ids(tx)).toEqual([1, 2, 3]);
  });

  it('auditlog/noauditlog are accepted and recorded on the rule', () => {
    const p = program(ON + `SecAction "id:1,phase:1,pass,noauditlog"\nSecAction "id:2,phase:1,pass,auditlog"`);
    expect(p.byId.get(1)!.auditlog).toBe(false);
    expect(p.byId.get(2)!.auditlog).toBe(true);
  });

  it('log, nolog, auditlog and noauditlog set one "logged" flag, the last one written winning, after SecDefaultAction', () => {
    // As libmodsecurity 3.0.9 reports its rule messages: noauditlog keeps a rule out of the error
    // log too, and auditlog after nolog brings it back.
    const p = program(
      'SecRuleEngine DetectionOnly\nSecDefaultAction "phase:1,log,auditlog,pass"\n' +
        ['auditlog,nolog', 'nolog,log', 'log,nolog', 'noauditlog', 'nolog', '', 'log,noauditlog', 'noauditlog,log', 'nolog,auditlog'].map((a, i) => `SecAction "id:${i + 1},phase:1,pass${a ? ',' + a : ''}"`).join('\n') +
        '\nSecDefaultAction "phase:2,nolog,auditlog,pass"\nSecAction "id:20,phase:2,pass"\nSecAction "id:21,phase:2,pass,noauditlog"',
    );
    const logged = [...p.byId.values()].filter((r) => r.log).map((r) => r.id);
    expect(logged).toEqual([2, 6, 8, 9, 20]);
  });

  it('phase names map to numbers', () => {
    const p = program(ON + `SecAction "id:1,phase:request,pass"\nSecAction "id:2,phase:response,pass"\nSecAction "id:3,phase:logging,pass"`);
    expect([1, 2, 3].map((i) => p.byId.get(i)!.phase)).toEqual([2, 4, 5]);
  });
});

describe('setvar arithmetic', () => {
  it('reads both sides as ModSecurity v3 does (std::stoi, 0 beyond 32 bits) and wraps like a C int', () => {
    const tx = run(
      ON +
        `SecAction "id:1,phase:1,pass,nolog,setvar:tx.max=2147483647,setvar:tx.big=99999999999,setvar:tx.junk=12abc,setvar:tx.min=-2147483648"\n` +
        `SecAction "id:2,phase:1,pass,nolog,setvar:tx.max=+1,setvar:tx.big=+1,setvar:tx.junk=+1,setvar:tx.min=-1,setvar:tx.new=-%{tx.none}5"`,
    );
    // `tx.min=-2147483648` is itself a subtraction (as in v3), of a number stoi cannot read: 0.
    expect(['max', 'big', 'junk', 'min', 'new'].map((k) => txVar(tx, k))).toEqual(['-2147483648', '1', '13', '-1', '-5']);
  });
});

describe('initcol and expirevar', () => {
  const rules =
    ON +
    `SecAction "id:1,phase:1,pass,nolog,initcol:ip=%{REMOTE_ADDR}_x"\n` +
    `SecAction "id:2,phase:1,pass,nolog,setvar:ip.hits=+1"\n` +
    `SecRule ARGS:temp "@streq 1" "id:3,phase:1,pass,nolog,setvar:ip.temp=1,expirevar:ip.temp=0"\n` +
    `SecRule IP:hits "@ge 3" "id:4,phase:1,pass"\nSecRule &IP:temp "@eq 1" "id:5,phase:1,pass"`;

  it('a persistent collection keeps its values across transactions; an expired variable goes', () => {
    const store = new MemoryStore();
    const p = program(rules);
    const once = (uri: string) => {
      const tx = new Transaction(p, undefined, store);
      tx.processConnection('10.1.1.1', 1, '127.0.0.1', 80);
      tx.processUri(uri, 'GET', '1.1');
      tx.processRequestHeaders();
      tx.processRequestBody();
      tx.processLogging();
      return tx;
    };
    expect(ids(once('/'))).toEqual([1, 2]);
    const second = once('/?temp=1');
    expect(second.col('IP').first('hits')).toBe('2');
    expect(second.col('IP').first('KEY')).toBe('10.1.1.1_x');
    const third = once('/');
    expect(ids(third)).toContain(4);
    expect(ids(third)).not.toContain(5);
  });
});

describe('more ctl options', () => {
  it('ruleRemoveByTag, ruleRemoveTargetByTag, requestBodyAccess, forceRequestBodyVariable, audit options', () => {
    const rules =
      ON +
      `SecAction "id:1,phase:1,pass,nolog,ctl:ruleRemoveByTag=noisy,ctl:ruleRemoveTargetByTag=strict;ARGS:pw,ctl:auditEngine=Off,ctl:auditLogParts=+E"\n` +
      `SecRule ARGS "@rx x" "id:10,phase:2,pass,tag:'noisy'"\nSecRule ARGS "@rx x" "id:11,phase:2,pass,tag:'strict'"\nSecRule ARGS "@rx x" "id:12,phase:2,pass"`;
    expect(ids(run(rules, { uri: '/?pw=x' })).filter((i) => i >= 10)).toEqual([12]);
    const off = ON + `SecAction "id:1,phase:1,pass,nolog,ctl:requestBodyAccess=Off"\nSecRule ARGS_POST "@rx x" "id:2,phase:2,pass"\nSecRule ARGS_POST "@rx x" "id:3,phase:5,pass"`;
    expect(ids(run(off, { method: 'POST', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: 'a=x' }))).toEqual([1, 3]);
    // A body of an unknown type reaches REQUEST_BODY (CRS 901340 forces it; ModSecurity v3 fills it anyway).
    const forced = ON + `SecAction "id:1,phase:1,pass,nolog,ctl:forceRequestBodyVariable=On"\nSecRule REQUEST_BODY "@rx secret" "id:2,phase:2,pass"`;
    expect(ids(run(forced, { method: 'POST', headers: [['Content-Type', 'text/plain']], body: 'top secret' }))).toEqual([1, 2]);
    expect(txVar(run(forced), 'x')).toBeUndefined();
  });
});

describe('SecRequestBodyAccess, as libmodsecurity 3.0.9 applies it (measured)', () => {
  const form = { method: 'POST', headers: [['Content-Type', 'application/x-www-form-urlencoded']] as [string, string][], body: 'a=xyz' };
  const rules = (directive: string) =>
    `SecRuleEngine On\n${directive}\n` +
    `SecRule ARGS_POST "@rx xyz" "id:1,phase:2,pass"\nSecRule REQUEST_BODY "@rx xyz" "id:2,phase:2,pass"\n` +
    `SecRule ARGS_POST "@rx xyz" "id:3,phase:5,pass"\nSecRule REQUEST_BODY "@rx xyz" "id:4,phase:5,pass"\nSecRule FULL_REQUEST_LENGTH "@gt 0" "id:5,phase:5,pass"`;

  it('without the directive, the body is read and phase 2 runs', () => {
    expect(ids(run(rules(''), form))).toEqual([1, 2, 3, 4, 5]);
  });

  it('Off: the body is still parsed (phase 5 sees ARGS_POST) but phase 2 does not run and REQUEST_BODY stays unset', () => {
    expect(ids(run(rules('SecRequestBodyAccess Off'), form))).toEqual([3]);
    expect(ids(run(rules('SecRequestBodyAccess On\nSecAction "id:9,phase:1,pass,ctl:requestBodyAccess=Off"'), form))).toEqual([9, 3]);
    expect(ids(run(rules('SecRequestBodyAccess Off\nSecAction "id:9,phase:1,pass,ctl:requestBodyAccess=On"'), form))).toEqual([9, 1, 2, 3, 4, 5]);
  });
});

describe('rule macros', () => {
  it('%{rule.id}, %{rule.msg} and %{rule.severity} refer to the rule running the action', () => {
    const tx = run(
      ON +
        `SecAction "id:5,phase:1,pass,msg:'first %{tx.a}',setvar:tx.a=x"\n` +
        `SecRule REQUEST_METHOD "@streq GET" "id:6,phase:1,pass,severity:2,msg:'second %{REQUEST_METHOD}',setvar:'tx.seen=%{rule.id}/%{rule.msg}/%{rule.severity}'"`,
    );
    expect(txVar(tx, 'seen')).toBe('6/second GET/2');
  });
});
