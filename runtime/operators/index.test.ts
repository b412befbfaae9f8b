import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OPERATORS, lookupOperator } from './index.ts';
import { filesEnv } from './testing.ts';
import { isOperatorError } from './types.ts';

const UNSUPPORTED = ['rsub', 'gsbLookup', 'geoLookup', 'inspectFile', 'verifySSN', 'verifyCPF', 'verifySVNR', 'rbl', 'fuzzyHash', 'validateDTD', 'validateSchema', 'validateHash'];

/** A valid parameter for each supported operator, to drive the never-throw property. */
const SAMPLE_PARAMS: Record<string, string> = {
  rx: '(?i)(sel)ect\\s+(\\w+)|[\\x80-\\xff]',
  pm: 'select union <script',
  pmFromFile: 'words.data',
  pmf: 'words.data',
  streq: 'abc',
  strmatch: 'abc',
  contains: 'abc',
  containsWord: 'abc',
  beginsWith: 'abc',
  endsWith: 'abc',
  within: 'GET POST',
  eq: '1',
  ge: '1',
  gt: '1',
  le: '1',
  lt: '1',
  ipMatch: '10.0.0.0/8,::1',
  ipMatchFromFile: 'ips.data',
  ipMatchF: 'ips.data',
  validateByteRange: '32-126',
  validateUrlEncoding: '',
  validateUtf8Encoding: '',
  verifyCC: '\\d{13,16}',
  unconditionalMatch: '',
  noMatch: '',
};

const env = filesEnv({ 'words.data': 'select\nunion\n', 'ips.data': '10.0.0.0/8\n' });

describe('OPERATORS', () => {
  it('keys each spec under its own name, plus the two aliases', () => {
    for (const [key, spec] of Object.entries(OPERATORS)) {
      if (key === 'pmf') expect(spec).toBe(OPERATORS.pmFromFile);
      else if (key === 'ipMatchF') expect(spec).toBe(OPERATORS.ipMatchFromFile);
      else expect(spec.name).toBe(key);
    }
  });

  it('names every unsupported operator with a reason', () => {
    for (const name of UNSUPPORTED) {
      const r = OPERATORS[name].create('x', env);
      expect(isOperatorError(r) && r.error).toMatch(new RegExp(`^not supported: @${name} \\(.+\\)$`));
    }
  });

  it('has every operator the samples name', () => {
    for (const name of Object.keys(SAMPLE_PARAMS)) expect(OPERATORS[name]?.name).toBeDefined();
  });

  it('marks capture on the operators that fill TX:0-9', () => {
    const capturing = Object.keys(SAMPLE_PARAMS).filter((k) => OPERATORS[k].capture);
    expect(capturing.sort()).toEqual(['pm', 'pmFromFile', 'pmf', 'rx', 'verifyCC']);
  });

  it('the constant operators', () => {
    const yes = OPERATORS.unconditionalMatch.create('', env);
    const no = OPERATORS.noMatch.create('', env);
    if (isOperatorError(yes) || isOperatorError(no)) throw new Error('constant operators must compile');
    expect(yes.match('', null)).toBe(true);
    expect(no.match('anything', null)).toBe(false);
  });

  it('never throws, whatever the value or parameter (property)', () => {
    const anyString = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }).map((a) => String.fromCharCode(...a)),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(OPERATORS)), anyString, anyString, (name, param, input) => {
        const spec = OPERATORS[name];
        for (const p of [param, SAMPLE_PARAMS[name] ?? param]) {
          const op = spec.create(p, env);
          if (isOperatorError(op)) {
            expect(typeof op.error).toBe('string');
            continue;
          }
          const caps: string[] = [];
          expect(typeof op.match(input, null)).toBe('boolean');
          expect(typeof op.match(input, caps)).toBe('boolean');
          expect(caps.length).toBeLessThanOrEqual(10);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('lookupOperator', () => {
  it('finds exact names first, then ignores ASCII case', () => {
    expect(lookupOperator('rx')).toBe(OPERATORS.rx);
    expect(lookupOperator('RX')).toBe(OPERATORS.rx);
    expect(lookupOperator('pmfromfile')).toBe(OPERATORS.pmFromFile);
    expect(lookupOperator('ipmatchf')).toBe(OPERATORS.ipMatchFromFile);
    expect(lookupOperator('noSuchOperator')).toBeUndefined();
    expect(lookupOperator('toString')).toBeUndefined();
    expect(lookupOperator('constructor')).toBeUndefined();
  });
});
