import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateRuleSet } from '../compiler/validate.ts';
import { hasShared, sharedPath } from '../core/testing.ts';
import { loadRuleSet, loadText } from './includes.ts';
import { printFile } from './print.ts';
import { withoutSpans } from './testing.ts';

const crsFiles = () => [
  sharedPath('coreruleset', 'crs-setup.conf.example'),
  ...readdirSync(sharedPath('coreruleset', 'rules'))
    .filter((f) => f.endsWith('.conf'))
    .sort()
    .map((f) => sharedPath('coreruleset', 'rules', f)),
];

describe.skipIf(!hasShared('coreruleset'))('CRS v4', () => {
  it('parses and lints every file with zero errors', () => {
    const set = loadRuleSet(crsFiles());
    expect(set.files.length).toBeGreaterThan(25);
    expect(set.diagnostics).toEqual([]);
    const rules = set.directives.filter((d) => d.kind === 'SecRule' || d.kind === 'SecAction');
    expect(rules.length).toBeGreaterThan(500);
    const errors = validateRuleSet(set).filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${set.sources.get(d.span!.fileId)?.path}: ${d.message}`)).toEqual([]);
  });

  it('round-trips every file: parse(print(ast)) equals ast', () => {
    const set = loadRuleSet(crsFiles());
    for (const file of set.files) {
      const again = loadText(printFile(file), file.path, 'bytes');
      expect(again.diagnostics).toEqual([]);
      expect(withoutSpans(again.files[0].directives)).toEqual(withoutSpans(file.directives));
    }
  });
});
