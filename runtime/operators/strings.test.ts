import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { beginsWith, contains, endsWith, streq, strmatch, within } from './strings.ts';
import { compile } from './testing.ts';
import type { OperatorSpec } from './types.ts';

type Case = [param: string, input: string, expected: boolean];

const cases: Array<[OperatorSpec, Case[]]> = [
  [
    streq,
    [
      ['POST', 'POST', true],
      ['POST', 'post', false],
      ['POST', 'POST ', false],
      ['', '', true],
      ['', 'a', false],
    ],
  ],
  [
    contains,
    [
      // The reference manual: SecRule REQUEST_LINE "!@contains .php"
      ['.php', 'GET /index.php HTTP/1.1', true],
      ['.php', 'GET /index.PHP HTTP/1.1', false],
      ['', 'anything', true],
      ['a', '', false],
      ['\xff\x00', 'x\xff\x00y', true],
    ],
  ],
  [
    strmatch,
    [
      ['WebZIP', 'Mozilla WebZIP/4.0', true],
      ['WebZIP', 'webzip', false],
    ],
  ],
  [
    beginsWith,
    [
      // The reference manual: SecRule REQUEST_LINE "!@beginsWith GET"
      ['GET', 'GET /index.html HTTP/1.1', true],
      ['GET', 'POST / HTTP/1.1', false],
      ['GET /', 'GET', false],
      ['', '', true],
    ],
  ],
  [
    endsWith,
    [
      // The reference manual: SecRule REQUEST_LINE "!@endsWith HTTP/1.1"
      ['HTTP/1.1', 'GET / HTTP/1.1', true],
      ['.pdf', 'report.PDF', false],
      ['.pdf', 'pdf', false],
      ['', 'x', true],
    ],
  ],
  [
    within,
    [
      // The reference manual: SecRule REQUEST_METHOD "!@within GET,POST,HEAD"; the INPUT is searched in the parameter.
      ['GET,POST,HEAD', 'POST', true],
      ['GET,POST,HEAD', 'PUT', false],
      ['GET,POST,HEAD', 'GET,POST,HEAD,PUT', false],
      // A plain substring test: fragments match too, as ModSecurity does.
      ['GET,POST,HEAD', 'T,P', true],
      ['|application/json| |text/xml|', '|text/xml|', true],
      ['abc', 'ABC', false],
      // An empty input matches even an empty parameter (v3 returns before searching).
      ['GET', '', true],
      ['', '', true],
      ['', 'a', false],
    ],
  ],
];

describe.each(cases)('@$name', (spec, table) => {
  it.each(table)('param %j, input %j -> %s', (param, input, expected) => {
    expect(compile(spec, param).match(input, null)).toBe(expected);
  });
});

describe('string operators (properties)', () => {
  const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }).map((a) => String.fromCharCode(...a));

  it('within(p) on x is contains(x) on p, except for the empty input', () => {
    fc.assert(
      fc.property(bytes, bytes, (p, x) => {
        const expected = x === '' || compile(contains, x).match(p, null);
        expect(compile(within, p).match(x, null)).toBe(expected);
      }),
    );
  });

  it('a value built as a + p + b contains p, begins with a + p and ends with p + b', () => {
    fc.assert(
      fc.property(bytes, bytes, bytes, (a, p, b) => {
        const v = a + p + b;
        expect(compile(contains, p).match(v, null)).toBe(true);
        expect(compile(beginsWith, a + p).match(v, null)).toBe(true);
        expect(compile(endsWith, p + b).match(v, null)).toBe(true);
        expect(compile(streq, v).match(v, null)).toBe(true);
      }),
    );
  });
});
