import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../core/testing.ts';
import { main } from '../main.ts';
import type { CliIo } from '../io.ts';

function capture(): CliIo & { stdout: string[] } {
  const stdout: string[] = [];
  return { stdout, out: (t) => stdout.push(t), err: () => {}, color: false, setExitCode: () => {} };
}

describe.skipIf(!hasShared('coreruleset'))('waf compile', () => {
  it('summarises CRS per phase and level; higher levels keep more rules', async () => {
    const summaries = [];
    for (const pl of [1, 2, 4]) {
      const io = capture();
      expect(await main(['node', 'waf', 'compile', '--pl', String(pl), '--json', sharedPath('coreruleset')], io)).toBe(0);
      summaries.push(JSON.parse(io.stdout.join('')));
    }
    const [pl1, pl2, pl4] = summaries;
    expect(pl1.paranoiaLevel).toBe(1);
    expect(pl1.rules).toBeLessThan(pl2.rules);
    expect(pl2.rules).toBeLessThan(pl4.rules);
    expect(pl1.rulesPerLevel['2']).toBeUndefined();
    expect(pl4.rulesPerLevel['4']).toBeGreaterThan(0);
    expect(pl1.regexes).toBeLessThan(pl4.regexes);
    expect(pl1.dataFiles).toContain('unix-shell.data');
    expect(pl1.generalRules).toBe(pl4.generalRules);
  });

  it('refuses a paranoia level outside 1-4', async () => {
    expect(await main(['node', 'waf', 'compile', '--pl', '7', sharedPath('coreruleset')], capture())).toBe(2);
  });
});
