import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleSet } from '../grammar/includes.ts';
import { compileRules, validateRuleSet } from './index.ts';
import { ids, run } from './testing.ts';

const RULE = `SecRule ARGS "@rx ' or 1=1" "id:10,phase:2,deny,t:none,t:urlDecodeUni"`;
const MAP = '20127 (US-ASCII)\n02bc:27 00c0:41\n';

describe('SecUnicodeMapFile', () => {
  it("maps %u code points for every rule's t:urlDecodeUni, read relative to the file that names it", () => {
    const dir = mkdtempSync(join(tmpdir(), 'unicode-map-'));
    try {
      writeFileSync(join(dir, 'unicode.mapping'), MAP);
      // The directive comes after the rule: v3 applies the table to the whole rule set.
      writeFileSync(join(dir, 'rules.conf'), `SecRuleEngine On\n${RULE}\nSecUnicodeMapFile unicode.mapping 20127\n`);
      const { program, diagnostics } = compileRules([join(dir, 'rules.conf')]);
      expect(diagnostics).toEqual([]);
      // MODIFIER LETTER APOSTROPHE: the table says "'"; without it, the low byte 0xBC.
      expect(ids(run(program, { uri: '/?q=%25u02bc%20or%201=1' }))).toEqual([10]);
      expect(ids(run(program, { uri: '/?q=%25u00bc%20or%201=1' }))).toEqual([]);
      const without = compileRules([{ path: join(dir, 'other.conf'), text: `SecRuleEngine On\n${RULE}` }]).program;
      expect(ids(run(without, { uri: '/?q=%25u02bc%20or%201=1' }))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing code page, an unreadable file and a code page the file lacks', () => {
    const files: Record<string, string> = { '/r/unicode.mapping': MAP };
    const read = (p: string) => files[p] ?? new Error('no such file');
    const codes = (directive: string) =>
      compileRules([{ path: '/r/rules.conf', text: `${directive}\n${RULE}` }], { readDataFile: read }).diagnostics.map((d) => `${d.code} ${d.severity}`);
    expect(codes('SecUnicodeMapFile unicode.mapping')).toEqual(['SL4002 error']);
    expect(codes('SecUnicodeMapFile missing.mapping 20127')).toEqual(['SL4002 error']);
    expect(codes('SecUnicodeMapFile unicode.mapping 437')).toEqual(['SL4003 warning']);
    expect(codes('SecUnicodeMapFile unicode.mapping 20127')).toEqual([]);
    // waf lint says the same, at the same place.
    const lint = (directive: string) =>
      validateRuleSet(loadRuleSet([{ path: '/r/rules.conf', text: `${directive}\n${RULE}` }]), { readDataFile: read }).map((d) => `${d.code} ${d.severity} ${d.span?.start}`);
    expect(lint('SecUnicodeMapFile missing.mapping 20127')).toEqual(['SL4002 error 18']);
    expect(lint('SecUnicodeMapFile unicode.mapping 437')).toEqual(['SL4003 warning 34']);
  });
});
