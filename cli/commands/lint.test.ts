import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import type { CliIo } from '../io.ts';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), color: false, setExitCode: () => {} };
}

const errors = join(import.meta.dirname, '..', '..', 'grammar', 'testdata', 'errors');

describe('waf lint', () => {
  it('prints clang-style findings and exits 1', async () => {
    const io = capture();
    const code = await main(['node', 'waf', 'lint', join(errors, '01-unknown-directive.conf')], io);
    expect(code).toBe(1);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/01-unknown-directive\.conf:1:1: error\[SL1002\]: unknown directive 'SecRulle'/);
    expect(text).toContain("did you mean 'SecRule'?");
    expect(text).toMatch(/1 file, 0 rules: 1 error, 0 warnings/);
  });

  it('exits 0 and says so on a clean file', async () => {
    const io = capture();
    const code = await main(['node', 'waf', 'lint', join(import.meta.dirname, 'testdata', 'clean.conf')], io);
    expect(io.stdout.join('\n')).toMatch(/1 file, 2 rules: no problems found/);
    expect(code).toBe(0);
  });

  it('gives JSON for tools', async () => {
    const io = capture();
    const code = await main(['node', 'waf', 'lint', '--format', 'json', join(errors, '56-several-errors.conf')], io);
    expect(code).toBe(1);
    const report = JSON.parse(io.stdout.join(''));
    expect(report.errors).toBe(4);
    expect(report.diagnostics.map((d: { code: string; line: number }) => `${d.line}:${d.code}`).sort()).toEqual(['1:SL1002', '3:SL3007', '5:SL1001', '7:SL3003']);
  });

  it('exits 2 on a usage error', async () => {
    expect(await main(['node', 'waf', 'lint'], capture())).toBe(2);
    expect(await main(['node', 'waf', 'lint', '--format', 'xml', 'x.conf'], capture())).toBe(2);
    expect(await main(['node', 'waf', 'no-such-command'], capture())).toBe(2);
  });
});
