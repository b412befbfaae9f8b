import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRuleSet } from './includes.ts';

const root = mkdtempSync(join(tmpdir(), 'waf-includes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const p = join(root, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

const ids = (set: ReturnType<typeof loadRuleSet>) =>
  set.directives.flatMap((d) => (d.kind === 'SecAction' ? d.actions.filter((a) => a.name === 'id').map((a) => (a.kind === 'Action' ? a.value?.text : '')) : []));

describe('Include', () => {
  it('resolves paths relative to the including file and expands globs in name order', () => {
    write('a/main.conf', 'SecAction "id:1,phase:1,pass"\nInclude rules/*.conf\nSecAction "id:9,phase:1,pass"\n');
    write('a/rules/20-b.conf', 'SecAction "id:3,phase:1,pass"\n');
    write('a/rules/10-a.conf', 'SecAction "id:2,phase:1,pass"\n');
    write('a/rules/ignored.data', 'x\n');
    const set = loadRuleSet([join(root, 'a/main.conf')]);
    expect(set.diagnostics).toEqual([]);
    expect(ids(set)).toEqual(['1', '2', '3', '9']);
    expect(set.files.map((f) => f.path.slice(root.length))).toEqual(['/a/main.conf', '/a/rules/10-a.conf', '/a/rules/20-b.conf']);
  });

  it('reports an include cycle at the directive that closes it', () => {
    write('c/x.conf', 'Include y.conf\n');
    write('c/y.conf', 'SecAction "id:5,phase:1,pass"\nInclude x.conf\n');
    const set = loadRuleSet([join(root, 'c/x.conf')]);
    expect(set.diagnostics.map((d) => d.code)).toEqual(['SL2002']);
    const d = set.diagnostics[0];
    const file = set.sources.get(d.span!.fileId)!;
    expect(file.path).toBe(join(root, 'c/y.conf'));
    expect(file.lineCol(d.span!.start).line).toBe(2);
    expect(ids(set)).toEqual(['5']);
  });

  it('IncludeOptional tolerates a missing file; Include does not', () => {
    write('d/main.conf', 'IncludeOptional nothing/*.conf\nIncludeOptional missing.conf\nInclude gone.conf\nInclude none/*.conf\n');
    const set = loadRuleSet([join(root, 'd/main.conf')]);
    expect(set.diagnostics.map((d) => d.code)).toEqual(['SL2001', 'SL2005']);
  });

  it('a directory argument means its *.conf files in name order', () => {
    write('e/2.conf', 'SecAction "id:22,phase:1,pass"\n');
    write('e/1.conf', 'SecAction "id:11,phase:1,pass"\n');
    write('e/3.conf.example', 'SecAction "id:33,phase:1,pass"\n');
    expect(ids(loadRuleSet([join(root, 'e')]))).toEqual(['11', '22']);
  });

  it('a missing input file is a diagnostic, not an exception', () => {
    const set = loadRuleSet([join(root, 'nope.conf')]);
    expect(set.diagnostics.map((d) => d.code)).toEqual(['SL2003']);
  });
});
