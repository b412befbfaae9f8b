import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../core/testing.ts';
import { configFromObject } from '../config.ts';
import { RequestContext } from '../context.ts';
import { loadWafProgram } from './waf-rules.ts';
import { WafGate, type WafAudit } from './waf.ts';

const crs = hasShared('coreruleset') ? sharedPath('coreruleset') : null;

function ctx(host: string): RequestContext {
  const raw = ['Host', host, 'User-Agent', 'Mozilla/5.0', 'Accept', '*/*'];
  return new RequestContext('t', 'GET', '/?q=hello', '1.1', { host, 'user-agent': 'Mozilla/5.0', accept: '*/*' }, raw, '10.0.0.1', 1, '10.0.0.1', '127.0.0.1', 80, null);
}

describe.runIf(crs)('WAF gate', () => {
  const w = loadWafProgram(configFromObject({ gates: { waf: { rules: [crs!] } } }).gates.waf);
  const audits: WafAudit[] = [];
  const gate = new WafGate(w.program!, (a) => audits.push(a));

  it('adds a block-mode behaviour score to the rules anomaly score, so CRS decides on the total', () => {
    // A numeric Host scores 3 at PL1 (920350): under the threshold of 5 alone.
    const plain = ctx('10.1.2.3');
    expect(gate.onRequest(plain).kind).toBe('continue');
    expect(plain.wafScore).toBe(3);
    const flagged = ctx('10.1.2.3');
    flagged.behaviourScore = 3;
    flagged.behaviourAdds = true;
    expect(gate.onRequest(flagged)).toMatchObject({ kind: 'reply', status: 403 });
    expect(flagged.wafScore).toBe(6);
    // log mode: the score is recorded but not added
    const logged = ctx('10.1.2.3');
    logged.behaviourScore = 3;
    expect(gate.onRequest(logged).kind).toBe('continue');
  });

  it('compiles the rules folded for the configured paranoia level', () => {
    expect(w.program!.folded?.level).toBe(1);
    const pl3 = loadWafProgram(configFromObject({ gates: { waf: { rules: [crs!], paranoia: 3 } } }).gates.waf).program!;
    expect(pl3.folded?.level).toBe(3);
    // A PL3 rule (920272: bytes outside printable ASCII) is in the level-3 program only.
    const has = (p: typeof pl3, id: number) => p.phases.some((list) => list.some((r) => r.id === id));
    expect(has(pl3, 920272)).toBe(true);
    expect(has(w.program!, 920272)).toBe(false);
  });

  it('reports scores and logged matches to the audit sink once the response is done', () => {
    const c = ctx('10.1.2.3');
    gate.onRequest(c);
    c.response = { status: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.from('ok') };
    expect(gate.onResponse(c).kind).toBe('continue');
    const a = audits.at(-1)!;
    expect(a.ctx).toBe(c);
    expect(a.inboundScore).toBe(3);
    expect(a.matches.map((m) => m.ruleId)).toContain(920350);
  });
});
