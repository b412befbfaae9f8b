import { describe, expect, it } from 'vitest';
import type { RuleLink } from '../../runtime/program.ts';
import { compileRules } from '../index.ts';
import { ids, run } from '../testing.ts';

const RULES = `SecRuleEngine On
SecAction "id:1,phase:1,pass,nolog,setvar:tx.detection_paranoia_level=1"
SecRule TX:DETECTION_PARANOIA_LEVEL "@lt 2" "id:2,phase:1,pass,nolog,skipAfter:END"
SecRule ARGS "@rx a" "id:3,phase:1,deny,status:403,msg:'m',severity:2,chain"
  SecRule REQUEST_METHOD "@streq get" "t:none,t:lowercase,setvar:tx.x=1"
SecMarker END
SecRule ARGS:b "@pm foo bar" "id:4,phase:2,block,tag:t1,logdata:%{MATCHED_VAR}"
`;

/** Every rule and chained link of a program, folded and general. */
function links(level?: number): RuleLink[] {
  const p = compileRules([{ path: 'shapes.conf', text: RULES }], level === undefined ? {} : { paranoiaLevel: level }).program;
  const out: RuleLink[] = [];
  for (const prog of [p, p.folded?.general]) {
    for (const list of prog?.phases ?? []) {
      for (const r of list) for (let l: RuleLink | undefined = r; l; l = l.chained) out.push(l);
    }
  }
  return out;
}

describe('uniform shapes', () => {
  it('gives rules and chained links one field list in one order, whatever they declare', () => {
    for (const level of [undefined, 1]) {
      const all = links(level);
      expect(all.length).toBeGreaterThanOrEqual(5);
      const keys = Object.keys(all[0]).join(',');
      for (const l of all) expect(Object.keys(l).join(',')).toBe(keys);
      const opKeys = Object.keys(all[0].operator).join(',');
      for (const l of all) expect(Object.keys(l.operator).join(',')).toBe(opKeys);
    }
  });

  it('keeps what the rules do', () => {
    expect(ids(run(RULES, { uri: '/?a=a' }))).toEqual([1, 2]);
    const p = compileRules([{ path: 'shapes.conf', text: RULES.replace('tx.detection_paranoia_level=1', 'tx.detection_paranoia_level=2') }], { paranoiaLevel: 2 }).program;
    const tx = run(p, { uri: '/?a=a&b=foo' });
    expect(ids(tx)).toEqual([1, 3]);
    expect(tx.interruption?.status).toBe(403);
    expect(tx.col('TX').first('x')).toBe('1');
  });
});
