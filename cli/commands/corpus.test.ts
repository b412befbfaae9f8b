import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { testdata } from '../../corpus/fp/testkit.ts';
import type { CliIo } from '../io.ts';
import { parseLevels, registerCorpus } from './corpus.ts';

const tmp = mkdtempSync(join(tmpdir(), 'waf-corpus-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let code = 0;
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), color: false, setExitCode: (c) => (code = c) };
  const program = new Command('waf').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerCorpus(program, io);
  try {
    await program.parseAsync(['node', 'waf', 'corpus', '--rules', join(testdata, 'rules', 'tiny.conf'), '--jobs', '1', '--templates', 'query,header', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = 2;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const benign = join(testdata, 'corpus', 'benign');
const attack = join(testdata, 'corpus', 'attack');

describe('waf corpus', () => {
  it('parses paranoia level lists', () => {
    expect([parseLevels('1-4'), parseLevels('2'), parseLevels('1,3'), parseLevels('0'), parseLevels('3-1')]).toEqual([[1, 2, 3, 4], [2], [1, 3], undefined, undefined]);
  });

  it('refuses to pass a gate on sources that yield no payload', async () => {
    const r = await run('--pl', '1', '--benign', join(tmp, 'missing'), '--attack', join(tmp, 'missing-too'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('no payloads were read');
    expect(r.err).toContain('missing');
  });

  it('exits 1 when a threshold fails and 0 when they hold', async () => {
    const bad = await run('--pl', '1-2', '--benign', benign, '--attack', attack, '--max-fp-rate', '30%');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('FAIL PL2: false-positive rate 50.0%');
    const good = await run('--pl', '1-2', '--benign', benign, '--attack', attack, '--max-fp-rate', '0.5', '--min-detection', '25%');
    expect(good.code).toBe(0);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run('--pl', '5', '--benign', benign)).code).toBe(2);
    expect((await run('--benign', benign, '--max-fp-rate', 'lots')).code).toBe(2);
    expect((await run()).err).toContain('give at least one --benign or --attack source');
    expect((await run('--benign', benign, '--baseline', join(tmp, 'missing.json'))).code).toBe(2);
    expect((await run('--benign', benign, '--format', 'pdf')).code).toBe(2);
  });

  it('writes a JSON report that a later run compares against', async () => {
    const json = join(tmp, 'base.json');
    expect((await run('--pl', '1', '--attack', attack, '--format', 'json', '-o', json)).code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).levels[0].attack.hits).toBe(4);
    const diff = await run('--pl', '1-2', '--benign', benign, '--attack', attack, '--format', 'markdown', '--baseline', json);
    expect(diff.out).toContain('## Compared with the baseline');
    // PL1 was in the baseline, PL2 was not: only PL1 is compared, and the attacks are unchanged.
    expect(diff.out).toMatch(/\| 1 \| 0% → 25\.0% \| 28\.6% → 28\.6% \| 2 \| 0 \| 0 \| 0 \|/);
  });

  it('reports a malformed corpus file with its line and still runs the rest', async () => {
    const r = await run('--pl', '1', '--benign', `${join(testdata, 'formats', 'table.tsv')}#class-column=category`, benign);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${join(testdata, 'formats', 'table.tsv')}:4: error: row has 1 fields`);
    expect(r.out).toMatch(/^1\s+14\s+2\s/m);
  });
});
