import { describe, expect, it } from 'vitest';
import { CONTINUE, Chain, reply, type Decision, type Gate } from './chain.ts';
import { RequestContext } from './context.ts';

function ctx(): RequestContext {
  return new RequestContext('t1', 'GET', '/', '1.1', {}, [], '127.0.0.1', 1, '127.0.0.1', '127.0.0.1', 80, null);
}

function gate(name: string, log: string[], onReq: Decision = CONTINUE, withResponse = true): Gate {
  return {
    name,
    onRequest: () => {
      log.push(`${name}>`);
      return onReq;
    },
    ...(withResponse
      ? {
          onResponse: () => {
            log.push(`<${name}`);
            return CONTINUE;
          },
        }
      : {}),
  };
}

describe('Chain', () => {
  it('runs gates in order on the request and in reverse on the response', async () => {
    const log: string[] = [];
    const chain = new Chain(['a', 'b', 'c'].map((n) => ({ gate: gate(n, log), mode: 'enforce' as const })));
    const c = ctx();
    const r = await chain.runRequest(c);
    expect(r).toEqual({ reply: null, reached: 3 });
    await chain.runResponse(c, r.reached);
    expect(log).toEqual(['a>', 'b>', 'c>', '<c', '<b', '<a']);
    expect(c.records.map((x) => `${x.gate}:${x.phase}:${x.decision}`)).toEqual(['a:request:continue', 'b:request:continue', 'c:request:continue', 'c:response:continue', 'b:response:continue', 'a:response:continue']);
  });

  it('stops at an enforcing reply; only gates that saw the request see the response', async () => {
    const log: string[] = [];
    const chain = new Chain([
      { gate: gate('a', log), mode: 'enforce' },
      { gate: gate('b', log, reply(429, 'full')), mode: 'enforce' },
      { gate: gate('c', log), mode: 'enforce' },
    ]);
    const c = ctx();
    const r = await chain.runRequest(c);
    expect(r.reply?.status).toBe(429);
    expect(r.reached).toBe(2);
    await chain.runResponse(c, r.reached);
    expect(log).toEqual(['a>', 'b>', '<b', '<a']);
  });

  it('records a shadow-mode reply and carries on', async () => {
    const log: string[] = [];
    const chain = new Chain([
      { gate: gate('a', log, reply(403, 'would block')), mode: 'shadow' },
      { gate: gate('b', log), mode: 'enforce' },
    ]);
    const c = ctx();
    const r = await chain.runRequest(c);
    expect(r.reply).toBeNull();
    expect(c.records[0]).toMatchObject({ gate: 'a', decision: 'shadow', status: 403, reason: 'would block' });
  });

  it('turns a throwing gate into a 500 reply instead of an unhandled rejection', async () => {
    const bad: Gate = {
      name: 'bad',
      onRequest: () => {
        throw new Error('boom');
      },
    };
    const r = await new Chain([{ gate: bad, mode: 'enforce' }]).runRequest(ctx());
    expect(r.reply).toMatchObject({ status: 500 });
    expect(r.reply?.reason).toContain('boom');
  });

  it('lets a response-phase reply replace the response', async () => {
    const g: Gate = { name: 'w', onRequest: () => CONTINUE, onResponse: () => reply(403, 'leak') };
    const c = ctx();
    c.response = { status: 200, headers: {}, body: Buffer.from('secret') };
    await new Chain([{ gate: g, mode: 'enforce' }]).runResponse(c, 1);
    expect(c.response.status).toBe(403);
    expect(c.response.body.toString()).not.toContain('secret');
  });
});
