import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../core/testing.ts';
import { formatFtwDiagnostic } from './diagnostics.ts';
import { loadFtwDir, loadFtwText } from './loader.ts';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'testdata', 'load');

describe('loadFtwText', () => {
  const path = join(fixtures, 'good.yaml');
  const { file, diagnostics } = loadFtwText(path, readFileSync(path, 'utf8'));

  it('reads meta, ids, and every input field', () => {
    expect(diagnostics).toEqual([]);
    expect(file?.meta).toEqual({
      author: 'ftw fixture',
      description: 'Loader fixture: every input and output field',
      name: 'good.yaml',
      tags: ['fixture'],
    });
    expect(file?.ruleId).toBe(123456);
    const [t1] = file!.tests;
    expect(t1).toMatchObject({ id: '123456-1', title: 'first', description: 'A multi-line\ndescription\n' });
    expect(t1!.stages[0]!.input).toEqual({
      destAddr: '127.0.0.1',
      port: 8080,
      protocol: 'http',
      method: 'POST',
      uri: '/post?a=b',
      version: 'HTTP/1.0',
      headers: [
        ['User-Agent', 'OWASP CRS test agent'],
        ['Host', 'localhost'],
        ['Content-Length', '7'],
      ],
      data: 'line one\nline two\n',
      autocompleteHeaders: false,
    });
    expect(t1!.stages[0]!.output).toEqual({
      status: 403,
      log: { expectIds: [123456, 920100], noExpectIds: [942100], matchRegex: 'id "123456"', noMatchRegex: 'id "999"' },
    });
    expect(t1!.location.line).toBe(9);
  });

  it('numbers tests without test_id by position and folds log_contains like go-ftw', () => {
    const t2 = file!.tests[1]!;
    expect(t2.id).toBe('123456-2');
    expect(t2.stages[0]!.input).toEqual({ encodedRequest: 'R0VUIC8gSFRUUC8xLjENCg0K', autocompleteHeaders: false });
    expect(t2.stages[0]!.output).toMatchObject({
      status: [200, 404],
      responseContains: 'hello',
      expectError: false,
      retryOnce: true,
      isolated: true,
      log: { matchRegex: 'id "1"', noMatchRegex: 'id "2"' },
    });
  });

  it('reads the deprecated stage wrapper and singular expect_id', () => {
    const t7 = file!.tests[2]!;
    expect(t7.id).toBe('123456-7');
    expect(t7.stages[0]!.input.uri).toBe('/legacy');
    expect(t7.stages[0]!.output.log.expectIds).toEqual([5]);
  });

  it('reports wrong types with file:line:col and keeps loading the rest', () => {
    const bad = join(fixtures, 'bad-types.yaml');
    const res = loadFtwText(bad, readFileSync(bad, 'utf8'));
    const printed = res.diagnostics.map(formatFtwDiagnostic);
    expect(printed).toEqual([
      `${bad}:8:17: error[FT1003]: tests[0].stages[0].input.port must be a non-negative integer`,
      `${bad}:9:20: error[FT1003]: tests[0].stages[0].input.headers must be a mapping`,
      `${bad}:12:26: error[FT1003]: tests[0].stages[0].output.log.expect_ids[] must be a non-negative integer`,
      `${bad}:16:11: error[FT1006]: tests[1].stages[0].input: 'data' and 'encoded_request' must not be set together`,
    ]);
    expect(res.file?.tests.map((t) => t.id)).toEqual(['654321-1', '654321-2', '654321-3']);
    expect(res.file?.tests[2]!.stages[0]!.output.status).toBe(200);
  });

  it('takes the rule id from the file name when rule_id is missing, as go-ftw does', () => {
    const res = loadFtwText('/x/920100.yaml', 'tests:\n  - stages:\n      - input: {}\n');
    expect(res.file?.tests[0]!.id).toBe('920100-1');
  });

  it('warns on unknown fields and on a file with only comments', () => {
    expect(loadFtwText('a1.yaml', 'rule_id: 1\nauthor: x\ntests: []\n').diagnostics.map(formatFtwDiagnostic)).toEqual([
      "a1.yaml:2:1: warning[FT1005]: unknown field 'author' in test file",
    ]);
    expect(loadFtwText('a2.yaml', '# nothing\n').diagnostics[0]!.code).toBe('FT1012');
  });
});

describe('loadFtwDir', () => {
  it('loads every file, reporting invalid YAML with its position', () => {
    const res = loadFtwDir(fixtures);
    expect(res.files.map((f) => f.ruleId)).toEqual([654321, 123456]);
    const yamlErrors = res.diagnostics.filter((d) => d.code === 'FT1002');
    expect(yamlErrors).toHaveLength(1);
    expect(yamlErrors[0]!.location).toMatchObject({ file: join(fixtures, 'not-yaml.yaml'), line: 7 });
  });
});

/** An independent count: `test_id:` keys outside comments, counted on the text. */
function countTestIds(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) n += countTestIds(p);
    else if (/\.ya?ml$/.test(name)) n += (readFileSync(p, 'utf8').match(/^\s*(-\s+)?test_id:/gm) ?? []).length;
  }
  return n;
}

describe.skipIf(!hasShared('coreruleset'))('CRS regression tests', () => {
  it('load without errors', () => {
    const dir = sharedPath('coreruleset', 'tests', 'regression', 'tests');
    const res = loadFtwDir(dir);
    const errors = res.diagnostics.filter((d) => d.severity === 'error').map(formatFtwDiagnostic);
    expect(errors).toEqual([]);
    const total = res.files.reduce((n, f) => n + f.tests.length, 0);
    console.log(`CRS ftw: ${res.files.length} files, ${total} tests, ${res.diagnostics.length} warnings`);
    expect(total).toBe(countTestIds(dir));
    expect(total).toBeGreaterThan(4000);
    const ids = res.files.flatMap((f) => f.tests.map((t) => t.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
