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
