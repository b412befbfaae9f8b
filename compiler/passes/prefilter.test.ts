import { describe, expect, it } from 'vitest';
import { compileRules } from '../index.ts';
import type { Program } from '../../runtime/program.ts';
import { ids, programs, run } from '../testing.ts';

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

// Case changes back and forth, before anything scans the value itself: each value's source
// chain leads back to itself.
const ROUND_TRIP = `SecRuleEngine On
SecRule ARGS "@rx BAZ" "id:8,phase:2,pass,t:lowercase,t:uppercase"
SecRule ARGS "@rx baz" "id:9,phase:2,pass,t:uppercase,t:lowercase,t:uppercase,t:lowercase"
SecRule ARGS "@rx BAZ" "id:10,phase:2,pass,t:none"
`;

/** Each URI's matched rules: as listed, and as the naive program gives them. */
function expectVerdicts(naive: Program, optimized: Program, cases: [string, number[]][]): void {
  for (const [uri, want] of cases) {
    const got = ids(run(optimized, { uri }));
    expect(got, uri).toEqual(want);
    expect(got, uri).toEqual(ids(run(naive, { uri })));
  }
}

describe('literal prefilters', () => {
  const { naive, optimized } = programs(RULES, 'pf.conf');
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
    expectVerdicts(naive, optimized, cases);
  });

  it('survive case changes that lead back to the value itself', () => {
    const p = compileRules([{ path: 'rt.conf', text: ROUND_TRIP }]).program;
    expect(run(p, { uri: '/?a=BAZ' }).matches.map((m) => m.ruleId)).toEqual([8, 9, 10]);
    expect(run(p, { uri: '/?a=baz' }).matches.map((m) => m.ruleId)).toEqual([8, 9]);
  });
});

// A screen reads a rule's static targets; a ctl removal takes values away from the rule and
// the verdict must be the one on what is left.
const REMOVAL = `SecRuleEngine On
SecRule ARGS:drop "@rx ." "id:1,phase:1,pass,nolog,ctl:ruleRemoveTargetById=20;ARGS:secret"
SecRule ARGS "@rx attack" "id:20,phase:2,pass,t:lowercase"
SecRule ARGS "@rx attack" "id:21,phase:2,pass,t:lowercase"
`;

describe('screens with ctl target removals', () => {
  const { naive, optimized } = programs(REMOVAL, 'removal.conf');
  it('give the verdicts of the values left after the removal', () => {
    const cases: [string, number[]][] = [
      ['/?secret=ATTACK&drop=1', [1, 21]],
      ['/?secret=ATTACK', [20, 21]],
      ['/?x=attack&drop=1', [1, 20, 21]],
      ['/?drop=1', [1]],
    ];
    expectVerdicts(naive, optimized, cases);
  });
});
