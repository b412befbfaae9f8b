import { describe, expect, it } from 'vitest';
import type { Tracer, TracedValue } from '../runtime/trace.ts';
import { Transaction } from '../runtime/transaction.ts';
import { program, run } from './testing.ts';

function traced(rules: string, uri: string) {
  const p = program(rules);
  const events: string[] = [];
  const links: { id: number; depth: number; values: readonly TracedValue[]; matched: boolean }[] = [];
  const tracer: Tracer = {
    ruleStart: (r) => events.push(`start ${r.id}`),
    ruleEnd: (r, m) => events.push(`end ${r.id} ${m}`),
    skipped: (r, reason, by, marker) => events.push(`skipped ${r.id} ${reason} by ${by}${marker ? ' ' + marker : ''}`),
    link: (r, _l, depth, values, matched) => links.push({ id: r.id, depth, values, matched }),
    setvar: (r, c, k, before, after) => events.push(`setvar ${r.id} ${c}.${k} ${before}->${after}`),
  };
  const tx = new Transaction(p);
  tx.tracer = tracer;
  tx.processConnection('10.0.0.1', 1, '127.0.0.1', 80);
  tx.processUri(uri, 'GET', '1.1');
  tx.processRequestHeaders();
  tx.processRequestBody();
  tx.processLogging();
  return { p, events, links, tx };
}

describe('tracing', () => {
  it('reports every transformation step and the detectSQLi fingerprint', () => {
    const t = traced(`SecRule ARGS "@detectSQLi" "id:1,phase:2,pass,capture,t:none,t:urlDecodeUni,t:lowercase,setvar:tx.score=+5"`, "/?q=1%2527%2520OR%2520'1'='1");
    const link = t.links.find((l) => l.id === 1)!;
    expect(link.matched).toBe(true);
    const v = link.values[0];
    expect(v.variable).toBe('ARGS:q');
    expect(v.steps.map((s) => s.name)).toEqual(['urlDecodeUni', 'lowercase']);
    expect(v.steps[1].value).toBe("1' or '1'='1");
    expect(v.captured?.[0]).toMatch(/^[a-z&()1sonkvEUfTBc;]+$/i);
    expect(t.events).toContain('setvar 1 TX.score undefined->5');
  });

  it('reports rules jumped over by skipAfter, and a chain whose second link fails', () => {
    const rules = `SecAction "id:1,phase:1,pass,skipAfter:END"\nSecAction "id:2,phase:1,pass"\nSecMarker END\n` +
      `SecRule ARGS:a "@streq x" "id:3,phase:2,pass,chain"\n  SecRule ARGS:b "@streq y" "setvar:tx.t=1"`;
    const t = traced(rules, '/?a=x&b=z');
    expect(t.events).toContain('skipped 2 skipAfter by 1 END');
    const chain = t.links.filter((l) => l.id === 3);
    expect(chain.map((l) => [l.depth, l.matched])).toEqual([[0, true], [1, false]]);
    expect(chain[1].values[0]).toMatchObject({ variable: 'ARGS:b', raw: 'z', matched: false });
    expect(t.events).toContain('end 3 false');
  });

  it('records rules removed at load time and by what', () => {
    const t = traced(`SecAction "id:1,phase:1,pass"\nSecAction "id:2,phase:1,pass"\nSecRuleRemoveById 2`, '/');
    expect(t.p.removed).toEqual([{ id: 2, by: 'SecRuleRemoveById 2', file: 'test.conf', line: 3 }]);
  });

  it('tests every form of a multiMatch value, as the untraced engine does', () => {
    const rules = `SecRule ARGS "@rx a b" "id:1,phase:2,pass,multiMatch,t:urlDecode,t:removeWhitespace,setvar:tx.n=+1"`;
    const t = traced(rules, '/?q=a%2520b');
    const link = t.links.find((l) => l.id === 1)!;
    expect(link.matched).toBe(true);
    expect(link.values[0]).toMatchObject({ raw: 'a%20b', matched: true, matchedForm: 'a b', captured: ['a b'] });
    expect(link.values[0].steps.map((s) => s.value)).toEqual(['a b', 'ab']);
    expect(t.tx.col('TX').first('n')).toBe('1');
    expect(run(t.p, { uri: '/?q=a%2520b' }).col('TX').first('n')).toBe('1');
  });

  it('gives the same verdicts traced and untraced', () => {
    const rules = `SecRule ARGS "@rx (?i)select" "id:1,phase:2,pass,t:lowercase,setvar:tx.n=+1"\nSecRule TX:n "@gt 1" "id:2,phase:2,pass"`;
    const t = traced(rules, '/?a=SELECT&b=select');
    const plain = new Transaction(t.p);
    plain.processConnection('10.0.0.1', 1, '127.0.0.1', 80);
    plain.processUri('/?a=SELECT&b=select', 'GET', '1.1');
    plain.processRequestHeaders();
    plain.processRequestBody();
    plain.processLogging();
    expect(t.tx.matches.map((m) => m.ruleId)).toEqual(plain.matches.map((m) => m.ruleId));
    expect(t.tx.col('TX').first('n')).toBe('2');
  });
});
