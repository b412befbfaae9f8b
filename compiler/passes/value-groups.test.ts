import { describe, expect, it } from 'vitest';
import { ids, programs, run } from '../testing.ts';

// The same groups read in several phases: a group over request headers is kept from phase 1 on,
// one over ARGS is rebuilt once the body is parsed, one over response headers once they arrive.
const RULES = `SecRuleEngine On
SecRequestBodyAccess On
SecRule ARGS "@rx attack" "id:1,phase:1,pass,t:lowercase"
SecRule ARGS "@rx attack" "id:2,phase:2,pass,t:lowercase"
SecRule REQUEST_HEADERS "@rx probe" "id:3,phase:1,pass,t:lowercase"
SecRule REQUEST_HEADERS "@rx probe" "id:4,phase:2,pass,t:lowercase"
SecRule REQUEST_HEADERS "@rx probe" "id:5,phase:5,pass,t:lowercase"
SecRule RESPONSE_HEADERS "@rx leak" "id:6,phase:1,pass,t:lowercase"
SecRule RESPONSE_HEADERS "@rx leak" "id:7,phase:3,pass,t:lowercase"
SecRule ARGS_NAMES "@rx ^n" "id:8,phase:1,pass"
SecRule ARGS_NAMES "@rx ^n" "id:9,phase:2,pass"
`;

describe('value groups across phases', () => {
  const { naive, optimized } = programs(RULES, 'groups.conf');
  const form = (body: string, extra: [string, string][] = []) => ({
    method: 'POST',
    uri: '/?q=1',
    headers: [['Host', 'example.com'], ['Content-Type', 'application/x-www-form-urlencoded'], ...extra] as [string, string][],
    body,
    response: { headers: [['Content-Type', 'text/html'], ['X-Debug', 'LEAK']] as [string, string][] },
  });
  it('see the body in phase 2 and response headers in phase 3', () => {
    const tx = run(optimized, form('name=ATTACK', [['X-Scan', 'Probe']]));
    expect(ids(tx)).toEqual([3, 2, 4, 9, 7, 5]);
    expect(ids(tx)).toEqual(ids(run(naive, form('name=ATTACK', [['X-Scan', 'Probe']]))));
  });
  it('agree with the naive program whatever arrives in which phase', () => {
    const cases = [form(''), form('a=attack'), form('n=1&attack=1'), { uri: '/?attack=1&n=2' }, { uri: '/', headers: [['X-A', 'probe']] as [string, string][] }];
    for (const c of cases) expect(ids(run(optimized, c)), JSON.stringify(c)).toEqual(ids(run(naive, c)));
  });
});
