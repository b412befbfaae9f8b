import { describe, expect, it } from 'vitest';
import { compileRules } from '../index.ts';
import { run } from '../testing.ts';

// Literal prefilters on values and on their case-changed copies: the scan of a lower-cased
// value is shared with the value it came from (runtime/shared-work.ts).
const RULES = `SecRuleEngine On
SecRule ARGS "@rx FOO" "id:1,phase:2,pass,t:none"
SecRule ARGS "@rx foo" "id:2,phase:2,pass,t:lowercase"
SecRule ARGS "@rx FOO" "id:3,phase:2,pass,t:uppercase"
SecRule ARGS "@rx f\\xc9o" "id:4,phase:2,pass,t:lowercase"
SecRule ARGS "@rx f\\xe9o" "id:5,phase:2,pass,t:lowercase"
SecRule ARGS "@pm bar" "id:6,phase:2,pass,t:lowercase"
SecRule ARGS "@rx Bar" "id:7,phase:2,pass,t:none"
`;

describe('literal prefilters', () => {
  const naive = compileRules([{ path: 'pf.conf', text: RULES }], { naive: true }).program;
  const optimized = compileRules([{ path: 'pf.conf', text: RULES }]).program;
  it('answer as the regexes do on values and their case-changed copies', () => {
    const cases: [string, number[]][] = [
      ['/?a=xFoOx', [2, 3]],
      ['/?a=FOO', [1, 2, 3]],
      ['/?a=foo', [2, 3]],
      ['/?a=f%C9o', [4]],
      ['/?a=f%E9o', [5]],
      ['/?a=BAR', [6]],
      ['/?a=Bar&b=foo', [2, 3, 6, 7]],
    ];
    for (const [uri, want] of cases) {
      const got = run(optimized, { uri }).matches.map((m) => m.ruleId);
      expect(got, uri).toEqual(run(naive, { uri }).matches.map((m) => m.ruleId));
      expect(got, uri).toEqual(want);
    }
  });
});
