import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { formatReport, summaryLine } from './report.ts';
import type { FtwRunResult, FtwTestResult } from './runner.ts';

function result(id: string, file: string, status: FtwTestResult['status'], reason?: string): FtwTestResult {
  const [rule, test] = id.split('-').map(Number);
  const r: FtwTestResult = {
    id,
    ruleId: rule!,
    testId: test!,
    file,
    status,
    overrides: [],
    expectedIds: [942100],
    noExpectedIds: [],
    seenIds: status === 'passed' ? [942100] : [920100],
    stages: [{ index: 0, requestLine: 'GET /?a=\x00<b> HTTP/1.1', seenIds: [], failures: [] }],
    durationMs: 1.5,
  };
  return reason === undefined ? r : { ...r, reason };
}

const run: FtwRunResult = {
  results: [
    result('942100-1', '/t/REQUEST-942/942100.yaml', 'passed'),
    result('942100-2', '/t/REQUEST-942/942100.yaml', 'failed', 'expected ids not seen: 942100 & <"quoted"> \x01\x7f'),
    result('920100-1', '/t/REQUEST-920/920100.yaml', 'skipped', "excluded by /920/ & 'more'"),
    result('920100-2', '/t/REQUEST-920/920100.yaml', 'passed'),
  ],
  passed: 2,
  failed: 1,
  skipped: 1,
  diagnostics: [],
};

describe('reports', () => {
  it('text: a table per rule file, the failures, and the summary as the last line', () => {
    const text = formatReport(run, 'text');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('file         passed  failed  skipped');
    expect(lines[1]).toBe('942100.yaml       1       1        0');
    expect(lines[2]).toBe('920100.yaml       1       0        1');
    expect(text).toContain('  942100-2 (942100.yaml): expected ids not seen: 942100 & <"quoted"> \\x01\\x7f');
    expect(text).toContain('    expected ids: 942100; not expected: -; seen: 920100');
    expect(lines[lines.length - 1]).toBe('2 passed, 1 failed, 1 skipped');
    expect(summaryLine({ passed: 0, failed: 0, skipped: 0 })).toBe('0 passed, 0 failed, 0 skipped');
  });

  it('json: parses back to the results and a summary', () => {
    const parsed = JSON.parse(formatReport(run, 'json')) as { summary: unknown; results: FtwTestResult[] };
    expect(parsed.summary).toEqual({ passed: 2, failed: 1, skipped: 1, total: 4 });
    expect(parsed.results.map((r) => r.id)).toEqual(run.results.map((r) => r.id));
    expect(parsed.results[1]!.reason).toBe(run.results[1]!.reason);
  });

  it('junit: well-formed XML with escaped text, one suite per file', () => {
    const xml = formatReport(run, 'junit');
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, msg) => errors.push(`${level}: ${msg}`) }).parseFromString(xml, 'text/xml');
    expect(errors).toEqual([]);
    const root = doc.documentElement!;
    expect(root.nodeName).toBe('testsuites');
    expect([root.getAttribute('tests'), root.getAttribute('failures'), root.getAttribute('skipped')]).toEqual(['4', '1', '1']);
    const suites = Array.from(doc.getElementsByTagName('testsuite'));
    expect(suites.map((s) => [s.getAttribute('name'), s.getAttribute('tests'), s.getAttribute('failures')])).toEqual([
      ['942100', '2', '1'],
      ['920100', '2', '0'],
    ]);
    const failure = doc.getElementsByTagName('failure')[0]!;
    expect(failure.getAttribute('message')).toBe('expected ids not seen: 942100 & <"quoted"> \\x01\\x7f');
    expect(failure.textContent).toContain('stage 1: GET /?a=\\x00<b> HTTP/1.1');
    expect(doc.getElementsByTagName('skipped')[0]!.getAttribute('message')).toBe("excluded by /920/ & 'more'");
    const cases = Array.from(doc.getElementsByTagName('testcase'));
    expect(cases.map((c) => c.getAttribute('name'))).toEqual(['942100-1', '942100-2', '920100-1', '920100-2']);
    expect(cases[0]!.getAttribute('time')).toBe('0.002');
  });
});
