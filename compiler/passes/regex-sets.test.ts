import { describe, expect, it } from 'vitest';
import type { RuleLink } from '../../runtime/program.ts';
import { compileRules } from '../index.ts';
import { run, txVar } from '../testing.ts';

const RULES = `SecRuleEngine On
SecRule ARGS "@rx (a+)b" "id:1,phase:2,pass,t:lowercase,capture,setvar:tx.one=%{tx.1}"
SecRule ARGS "@rx ^x" "id:2,phase:2,pass,t:lowercase"
SecRule ARGS "@rx y$" "id:3,phase:2,pass,t:lowercase,multiMatch"
SecRule ARGS "@rx %{tx.one}" "id:4,phase:2,pass,t:lowercase"
SecRule ARGS "@rx z" "id:5,phase:2,pass,t:none"
SecRule ARGS "!@rx ^q" "id:6,phase:2,pass,t:lowercase,chain"
  SecRule ARGS_NAMES "@rx ^n" "t:lowercase"
`;

const compiled = (naive: boolean) => compileRules([{ path: 'sets.conf', text: RULES }], { naive }).program;
const optimized = compiled(false);
const link = (id: number): RuleLink => optimized.byId.get(id)!;

describe('regex sets', () => {
  it('puts the static @rx links of one value group in one set, and nothing else', () => {
    const [one, two, six] = [link(1), link(2), link(6)];
    expect(one.regexSet).toBeDefined();
    expect(two.regexSet!.set).toBe(one.regexSet!.set);
    expect(six.regexSet!.set).toBe(one.regexSet!.set);
    expect(new Set([one, two, six].map((l) => l.regexSet!.index)).size).toBe(3);
    // multiMatch tests intermediate values, a macro pattern is not known, a lone pattern gains nothing.
    expect(link(3).regexSet).toBeUndefined();
    expect(link(4).regexSet).toBeUndefined();
    expect(link(5).regexSet).toBeUndefined();
    expect(six.chained!.regexSet).toBeUndefined();
    expect(compiled(true).byId.get(1)!.regexSet).toBeUndefined();
  });

  it('gives the naive verdicts, captures included', () => {
    for (const uri of ['/?k=AAAB&n=1', '/?k=xy', '/?k=q&n=2', '/?k=qq', '/?k=z&v=aab', '/?n1=q']) {
      const a = run(compiled(true), { uri });
      const b = run(compiled(false), { uri });
      expect(b.matches.map((m) => [m.ruleId, m.variable, m.transformed]), uri).toEqual(a.matches.map((m) => [m.ruleId, m.variable, m.transformed]));
      expect(txVar(b, 'one'), uri).toBe(txVar(a, 'one'));
    }
    expect(txVar(run(compiled(false), { uri: '/?k=AAAB' }), 'one')).toBe('aaa');
  });
});

describe('value groups with ctl target removals', () => {
  const CTL = `SecRuleEngine On
SecRule ARGS:drop "@rx ." "id:1,phase:1,pass,nolog,ctl:ruleRemoveTargetByTag=t1;ARGS:secret,ctl:ruleRemoveTargetById=12;ARGS_NAMES"
SecRule ARGS|ARGS_NAMES "@rx (e+)" "id:10,phase:2,pass,capture,tag:t1,t:lowercase,setvar:tx.ten=%{tx.1}"
SecRule ARGS|ARGS_NAMES "@rx ^s" "id:11,phase:2,pass,tag:t1,t:lowercase"
SecRule ARGS|ARGS_NAMES "@rx ^s" "id:12,phase:2,pass,t:lowercase"
SecRule ARGS|ARGS_NAMES "@rx ^s" "id:13,phase:2,pass,t:lowercase"
`;
  const both = (naive: boolean) => compileRules([{ path: 'ctl.conf', text: CTL }], { naive }).program;
  it('share values among rules with the same removals and still see exactly their own values', () => {
    const [naive, optimized] = [both(true), both(false)];
    for (const uri of ['/?secret=see&x=1', '/?drop=1&secret=see&x=1', '/?drop=1&secret=seee&sx=EE', '/?drop=1&s=1']) {
      const a = run(naive, { uri });
      const b = run(optimized, { uri });
      const seen = (t: typeof a) => t.matches.map((m) => [m.ruleId, m.variable, m.transformed]);
      expect(seen(b), uri).toEqual(seen(a));
      expect(txVar(b, 'ten'), uri).toBe(txVar(a, 'ten'));
    }
    // With the removals 10 and 11 no longer see ARGS:secret, and 12 sees no names; each
    // record names the last value its rule matched.
    const t = run(optimized, { uri: '/?drop=1&secret=see&sx=1' });
    expect(t.matches.filter((m) => m.ruleId >= 10).map((m) => [m.ruleId, m.variable])).toEqual([
      [10, 'ARGS_NAMES:secret'],
      [11, 'ARGS_NAMES:sx'],
      [12, 'ARGS:secret'],
      [13, 'ARGS_NAMES:sx'],
    ]);
    expect(txVar(t, 'ten')).toBe('e');
  });
});
