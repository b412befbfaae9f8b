import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import type { CliIo } from '../io.ts';
import { initialRules } from './playground.ts';

const rulesDir = join(import.meta.dirname, '..', '..', 'rules');

describe('waf playground', () => {
  it('starts from the project rules, one editable text whose data files resolve beside it', () => {
    const r = initialRules(undefined);
    expect(r.source).toContain('default rules');
    expect(r.text).toContain('# ==== ');
    expect(r.text).toContain('id:142100');
    expect(r.virtualPath).toBe(join(rulesDir, 'playground.conf'));
  });

  it('takes a single file as it is', () => {
    const file = join(import.meta.dirname, 'testdata', 'clean.conf');
    expect(initialRules(file)).toMatchObject({ virtualPath: file, source: file });
  });

  it('refuses a missing --rules path with exit 2 instead of serving', async () => {
    const err: string[] = [];
    const io: CliIo = { out: () => {}, err: (t) => err.push(t), color: false, setExitCode: () => {} };
    expect(await main(['node', 'waf', 'playground', '--rules', '/nonexistent/rules', '--port', '0'], io)).toBe(2);
    expect(err.join('\n')).toContain('no such file or directory: /nonexistent/rules');
  });
});
