import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../core/testing.ts';
import { formatFtwDiagnostic } from './diagnostics.ts';
import { isSpecificReason, loadOverridesFile, loadOverridesText, overridesFor } from './overrides.ts';
import type { FtwTest } from './schema.ts';

const test = (ruleId: number, testId: number): FtwTest => ({
  ruleId,
  testId,
  id: `${ruleId}-${testId}`,
  stages: [],
  location: { file: 'x.yaml', line: 1, column: 1 },
});

describe('loadOverridesText', () => {
  it('reads meta, entries, and replaces output with the zero output when none is given', () => {
    const text = [
      'version: "v1"',
      'meta:',
      '  engine: e',
      '  platform: p',
      '  annotations: { os: linux }',
      'test_overrides:',
      '  - rule_id: 1',
      '    test_ids: [2, 3]',
      '    stage_ids: [0]',
      '    retry_once: true',
      '    reason: "a reason that is specific"',
      '    output: { status: 400, log: { no_expect_ids: [1] } }',
      '  - rule_id: 2',
      '    reason: "applies to every test of rule 2"',
    ].join('\n');
    const { overrides, diagnostics } = loadOverridesText('o.yaml', text, { requireReason: true });
    expect(diagnostics).toEqual([]);
    expect(overrides).toMatchObject({ version: 'v1', engine: 'e', platform: 'p', annotations: [['os', 'linux']] });
    expect(overrides!.overrides[0]).toMatchObject({
      ruleId: 1,
      testIds: [2, 3],
      stageIds: [0],
      retryOnce: true,
      output: { status: 400, log: { noExpectIds: [1] } },
      location: { line: 7 },
    });
    expect(overrides!.overrides[1]!.output).toEqual({ log: {} });
    expect(overridesFor([overrides!], test(1, 3)).map((o) => o.ruleId)).toEqual([1]);
    expect(overridesFor([overrides!], test(1, 4))).toEqual([]);
    expect(overridesFor([overrides!], test(2, 99))).toHaveLength(1);
  });

  it('requires a specific reason for our own overrides', () => {
    const text = 'test_overrides:\n  - rule_id: 1\n    reason: "TODO: find out"\n  - rule_id: 2\n  - rule_id: 3\n    reason: wip\n';
    const strict = loadOverridesText('o.yaml', text, { requireReason: true });
    expect(strict.diagnostics.map(formatFtwDiagnostic)).toEqual([
      "o.yaml:3:13: error[FT1010]: test_overrides[0] (rule 1) needs a specific reason, not 'TODO: find out'",
      "o.yaml:4:5: error[FT1010]: test_overrides[1] (rule 2) needs a specific reason, not ''",
      "o.yaml:6:13: error[FT1010]: test_overrides[2] (rule 3) needs a specific reason, not 'wip'",
    ]);
    expect(strict.overrides!.overrides).toEqual([]);
    expect(loadOverridesText('o.yaml', text).overrides!.overrides).toHaveLength(3);
    expect(isSpecificReason('nginx drops headers with underscores')).toBe(true);
  });

  it('reports wrong types with positions', () => {
    const res = loadOverridesText('o.yaml', 'test_overrides:\n  - rule_id: x\n    reason: "long enough reason"\n');
    expect(res.diagnostics.map(formatFtwDiagnostic)).toEqual([
      'o.yaml:2:14: error[FT1003]: test_overrides[0].rule_id must be a non-negative integer',
      'o.yaml:2:5: error[FT1004]: test_overrides[0].rule_id is required',
    ]);
  });
});

describe.skipIf(!hasShared('coreruleset'))("CRS's overrides files", () => {
  it.each(['nginx', 'httpd', 'coraza'])('%s loads without errors', (platform) => {
    const res = loadOverridesFile(sharedPath('coreruleset', 'tests', 'regression', `${platform}-overrides.yaml`));
    expect(res.diagnostics).toEqual([]);
    expect(res.overrides!.overrides.length).toBeGreaterThan(0);
    expect(res.overrides!.overrides.every((o) => o.ruleId > 0 && o.reason !== '')).toBe(true);
  });
});
