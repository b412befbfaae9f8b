import { describe, expect, it } from 'vitest';
import { Transaction } from '../../runtime/transaction.ts';
import type { Program } from '../../runtime/program.ts';
import { compileRules } from '../index.ts';
import { programs, run, type TestRequest } from '../testing.ts';

const compiled = (text: string, paranoiaLevel?: number) => compileRules([{ path: 'prefix.conf', text }], paranoiaLevel === undefined ? {} : { paranoiaLevel }).program;

const SETUP = `SecRuleEngine On
SecAction "id:1,phase:1,pass,nolog,setvar:tx.a=1"
SecRule &TX:b "@eq 0" "id:2,phase:1,pass,nolog,setvar:tx.b=%{tx.a}"`;

describe('static prefix: which rules', () => {
  it('counts the phase-1 rules from the first that read only TX and act only on TX', () => {
    expect(compiled(`${SETUP}\nSecRule REQUEST_HEADERS:Host "@rx x" "id:3,phase:1,pass"`).staticPrefix).toBe(2);
    expect(compiled(`${SETUP}\nSecRule TX:b "@eq 1" "id:3,phase:1,pass,msg:'b is %{tx.b} in %{rule.id}',setvar:tx.c=%{MATCHED_VAR}"`).staticPrefix).toBe(3);
  });

  it.each([
    ['a request variable', 'SecRule ARGS "@rx x" "id:3,phase:1,pass"'],
    ['a request macro in a setvar', 'SecAction "id:3,phase:1,pass,setvar:tx.ip=%{REMOTE_ADDR}"'],
    ['a request macro in msg', 'SecAction "id:3,phase:1,pass,msg:\'%{REQUEST_URI}\'"'],
    ['a request macro in the operator', 'SecRule TX:a "@streq %{REQUEST_METHOD}" "id:3,phase:1,pass"'],
    ['a persistent collection', 'SecAction "id:3,phase:1,pass,setvar:ip.n=1"'],
    ['ctl', 'SecAction "id:3,phase:1,pass,ctl:ruleEngine=DetectionOnly"'],
    ['initcol', 'SecAction "id:3,phase:1,pass,initcol:global=global"'],
    ['a chained link that reads the request', 'SecRule TX:a "@eq 1" "id:3,phase:1,pass,chain"\nSecRule ARGS "@rx x" ""'],
  ])('ends at %s', (_, rule) => {
    expect(compiled(`${SETUP}\n${rule}\nSecAction "id:4,phase:1,pass,setvar:tx.z=1"`).staticPrefix).toBe(2);
  });

  it('is absent from the naive program and when the first rule reads the request', () => {
    expect(compileRules([{ path: 'p.conf', text: SETUP }], { naive: true }).program.staticPrefix).toBeUndefined();
    expect(compiled(`SecRule ARGS "@rx x" "id:3,phase:1,pass"\n${SETUP}`).staticPrefix).toBeUndefined();
  });

  it.each([
    ['tx.detection_paranoia_level=4', false],
    ['tx.DETECTION_PARANOIA_LEVEL=4', false],
    ['!tx.detection_paranoia_level', false],
    ['tx.%{tx.name}=4', false],
    ['tx.detection_%{tx.name}=4', false],
    ['tx.header_name_%{tx.0}=4', true],
    ['tx.detection_paranoia_level_x=4', true],
    ['ip.detection_paranoia_level=4', true],
  ])('after setvar:%s later, knows the level: %s', (setvar, fixed) => {
    const p = compiled(`${SETUP}\nSecAction "id:5,phase:1,pass,setvar:tx.detection_paranoia_level=1"\nSecRule ARGS "@rx x" "id:6,phase:2,pass,setvar:'${setvar}'"`);
    expect(p.staticPrefix).toBe(3);
    expect(p.levelFixed).toBe(fixed);
  });
});

/** Everything a transaction shows: what matched, what it left in TX and MATCHED_VARS, and how it ended. */
function outcome(p: Program, req: TestRequest, before?: (tx: Transaction) => void) {
  const tx = new Transaction(p);
  before?.(tx);
  tx.processConnection('10.0.0.1', 12345, '127.0.0.1', 80);
  tx.processUri(req.uri ?? '/', req.method ?? 'GET', '1.1');
  for (const [k, v] of req.headers ?? [['Host', 'example.com']]) tx.addRequestHeader(k, v);
  tx.processRequestHeaders();
  tx.processRequestBody();
  tx.processLogging();
  return {
    matches: tx.matches.map((m) => [m.ruleId, m.msg, m.variable, m.value]),
    tx: tx.col('TX').all().map((e) => [e.key, e.value]),
    matchedVars: tx.col('MATCHED_VARS').all().map((e) => [e.key, e.value]),
    severity: tx.highestSeverity,
    interruption: tx.interruption,
  };
}

describe('static prefix: reused outcome', () => {
  const RULES = `${SETUP}
SecRule &TX:c "@eq 0" "id:3,phase:1,pass,log,severity:4,msg:'c from %{tx.b}',capture,setvar:tx.c=%{MATCHED_VAR_NAME}"
SecRule TX:a "@rx ^(1)$" "id:4,phase:1,pass,nolog,capture,skipAfter:AFTER"
SecAction "id:5,phase:1,pass,setvar:tx.skipped=1"
SecMarker AFTER
SecRule MATCHED_VAR "@rx ^(.*)$" "id:8,phase:1,pass,nolog,capture,setvar:tx.mv=%{tx.1}"
SecRule MATCHED_VARS "@rx ." "id:6,phase:1,pass,log,msg:'left %{MATCHED_VAR_NAME}=%{MATCHED_VAR}',setvar:tx.seen=%{REQUEST_METHOD}"
SecRule ARGS:x "@rx y" "id:7,phase:2,pass,log,setvar:tx.d=+1"`;

  it('gives every transaction what running the rules gives, the first and the later ones', () => {
    const { naive, optimized } = programs(RULES);
    expect(optimized.staticPrefix).toBe(5);
    for (const req of [{ uri: '/?x=y' }, { uri: '/', method: 'POST' }, { uri: '/?x=y' }]) expect(outcome(optimized, req)).toEqual(outcome(naive, req));
    const later = outcome(optimized, { uri: '/?x=y' });
    expect(later.matches.map((m) => m[0])).toEqual([1, 2, 3, 4, 8, 6, 7]);
    expect(later.tx).toContainEqual(['mv', '1']);
    expect(later.tx).toContainEqual(['c', 'TX:c']);
    expect(later.tx).toContainEqual(['seen', 'GET']);
  });

  it('is not used for a transaction whose TX an embedder filled first', () => {
    const { naive, optimized } = programs(RULES);
    outcome(optimized, {});
    const preset = (tx: Transaction) => tx.col('TX').set('c', 'preset');
    expect(outcome(optimized, {}, preset)).toEqual(outcome(naive, {}, preset));
    expect(outcome(optimized, {}, preset).matches.map((m) => m[0])).not.toContain(3);
  });

  it('is not reused when a rule of the prefix matched with a disruptive action', () => {
    const text = 'SecRuleEngine On\nSecAction "id:1,phase:1,pass,setvar:tx.a=1"\nSecRule TX:a "@eq 1" "id:2,phase:1,deny,status:403"';
    const { naive, optimized } = programs(text);
    const detectionOnly = (tx: Transaction) => {
      tx.settings.ruleEngine = 'DetectionOnly';
    };
    expect(outcome(optimized, {}).interruption?.ruleId).toBe(2);
    expect(outcome(optimized, {}, detectionOnly)).toEqual(outcome(naive, {}, detectionOnly));
    expect(outcome(optimized, {}, detectionOnly).interruption).toBeNull();
    expect(outcome(optimized, {}).interruption?.ruleId).toBe(2);
  });

  it('answers later paranoia gates from the level it left, and leaves them to the rules when one can change it', () => {
    const gated = (extra: string) => `SecRuleEngine On
SecRule &TX:detection_paranoia_level "@eq 0" "id:1,phase:1,pass,nolog,setvar:tx.detection_paranoia_level=1"
${extra}
SecRule TX:DETECTION_PARANOIA_LEVEL "@lt 2" "id:10,phase:2,pass,nolog,skipAfter:END-PL2"
SecRule ARGS "@rx x" "id:11,phase:2,pass"
SecMarker END-PL2
SecRule ARGS "@rx x" "id:12,phase:2,pass"`;
    const fixed = compiled(gated(''), 1);
    expect(fixed.levelFixed).toBe(true);
    const changing = gated('SecRule ARGS:pl "@rx ^([1-4])$" "id:2,phase:1,pass,nolog,capture,setvar:tx.detection_paranoia_level=%{tx.1}"');
    const folded = compiled(changing, 1);
    expect(folded.levelFixed).toBe(false);
    const general = compiled(changing);
    for (const uri of ['/?a=x', '/?a=x&pl=2', '/?a=x', '/?a=x&pl=2']) {
      expect(run(folded, { uri }).matches.map((m) => m.ruleId), uri).toEqual(run(general, { uri }).matches.map((m) => m.ruleId));
    }
    expect(run(folded, { uri: '/?a=x&pl=2' }).matches.map((m) => m.ruleId)).toEqual([1, 2, 11, 12]);
    expect(run(fixed, { uri: '/?a=x' }).matches.map((m) => m.ruleId)).toEqual([1, 10, 12]);
    expect(run(fixed, { uri: '/?a=x' }).matches.map((m) => m.ruleId)).toEqual([1, 10, 12]);
  });
});
