import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from './json.ts';
import type { Arg } from './types.ts';
import { textToBytes } from './utf8.ts';

const parse = (body: string, depthLimit = 100): ReturnType<typeof parseJson> => parseJson(body, { depthLimit });

describe('parseJson naming', () => {
  it('prefixes object members with json. and joins nested keys with dots', () => {
    expect(parse('{"foo":"bar","first_level":{"first_key":"x","k2":{"k3":"y"}}}')).toEqual({
      args: [['json.foo', 'bar'], ['json.first_level.first_key', 'x'], ['json.first_level.k2.k3', 'y']],
      error: null,
    });
  });

  it('names array elements array_<index> as v3 does, also for arrays of objects and nested arrays', () => {
    expect(parse('{"a":[1,2],"e":[{"a":1},{"b":2}],"f":[[["z"]]]}').args).toEqual([
      ['json.a.array_0', '1'], ['json.a.array_1', '2'], ['json.e.array_0.a', '1'], ['json.e.array_1.b', '2'],
      ['json.f.array_0.array_0.array_0', 'z'],
    ]);
    expect(parse('[[{"q":1}],{"a":true}]').args).toEqual([['json.array_0.array_0.q', '1'], ['json.array_1.a', 'true']]);
  });

  it('inspects scalar roots under the name json', () => {
    expect(parse('"x"').args).toEqual([['json', 'x']]);
    expect(parse(' 42 ').args).toEqual([['json', '42']]);
    expect(parse('null').args).toEqual([['json', '']]);
  });

  it('renders true/false as words, null as empty, numbers as their source text', () => {
    expect(parse('{"t":true,"f":false,"n":null,"i":-0,"d":1.50e+3,"big":123456789012345678901234567890}').args).toEqual([
      ['json.t', 'true'], ['json.f', 'false'], ['json.n', ''], ['json.i', '-0'], ['json.d', '1.50e+3'],
      ['json.big', '123456789012345678901234567890'],
    ]);
  });

  it('emits nothing for empty containers and keeps duplicate keys in order', () => {
    expect(parse('{"a":{},"b":[],"c":1,"c":2}').args).toEqual([['json.c', '1'], ['json.c', '2']]);
    expect(parse('{"":1}').args).toEqual([['json.empty-key', '1']]);
  });

  it('adds array lengths only when asked (Coraza style)', () => {
    expect(parseJson('{"c":[1,2,3],"e":[]}', { depthLimit: 10, arrayLengths: true }).args).toEqual([
      ['json.c.array_0', '1'], ['json.c.array_1', '2'], ['json.c.array_2', '3'], ['json.c', '3'],
    ]);
  });
});

describe('parseJson strings are byte strings', () => {
  it('decodes \\u escapes to UTF-8 bytes, surrogate pairs included', () => {
    expect(parse('{"k\\u00e9":"\\u00e9\\u4e2d\\ud83d\\ude00\\n\\"\\/"}').args).toEqual([
      ['json.k\xc3\xa9', '\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\n"/'],
    ]);
  });

  it('writes ? for a lone surrogate, as yajl does', () => {
    expect(parse('"a\\ud800b"').args).toEqual([['json', 'a?b']]);
  });

  it('passes raw UTF-8 through and rejects malformed UTF-8 like yajl', () => {
    expect(parse('"\xe4\xb8\xad"').args).toEqual([['json', '\xe4\xb8\xad']]);
    expect(parse('"\xff"').error).toMatch(/invalid bytes in UTF8 string/);
  });
});

describe('parseJson errors', () => {
  it('an empty body is not an error (ModSecurity issue #1822)', () => {
    expect(parse('')).toEqual({ args: [], error: null });
  });

  it.each([
    ['a', /invalid char/],
    [' ', /premature EOF/],
    ['{"a":1', /premature EOF/],
    ['{"a":1,}', /object key must be a string/],
    ['[1,]', /invalid char/],
    ['{"a" 1}', /expected ':'/],
    ['[1 2]', /expected ',' or '\]'/],
    ['{} {}', /trailing garbage/],
    ['"a\nb"', /invalid char in string/],
    ['"\\x"', /invalid escape/],
    ['"\\u12"', /invalid hex digit/],
    ['01', /trailing garbage/],
    ['1.', /malformed number/],
    ['-', /malformed number/],
    ['// c\n1', /invalid char/],
  ])('%j is an error', (body, message) => {
    expect(parse(body).error).toMatch(message);
  });

  it('keeps the arguments read before the error, as streaming yajl has added them', () => {
    expect(parse('{"a":1,"b":[2,x]}')).toMatchObject({ args: [['json.a', '1'], ['json.b.array_0', '2']] });
  });

  it('enforces the depth limit on nested containers', () => {
    expect(parse('[[[1]]]', 3).error).toBeNull();
    expect(parse('[[[1]]]', 2).error).toBe('JSON depth limit exceeded (2)');
    expect(parse('{"a":{"b":{"c":1}}}', 2)).toEqual({ args: [], error: 'JSON depth limit exceeded (2)' });
  });

  it('survives 100k nested arrays without recursion', () => {
    const deep = '['.repeat(100_000) + '1' + ']'.repeat(100_000);
    const r = parseJson(deep, { depthLimit: 1_000_000 });
    expect(r.error).toBeNull();
    expect(r.args[0][0]).toBe('json' + '.array_0'.repeat(100_000));
    expect(parseJson(deep, { depthLimit: 10_000 }).error).toBe('JSON depth limit exceeded (10000)');
    expect(parseJson('['.repeat(100_000), { depthLimit: 1_000_000 }).error).toMatch(/premature EOF/);
  });
});

type Json = null | boolean | number | string | Json[] | { entries: Array<[string, Json]> };

const jsonArb: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'grapheme' }),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.array(fc.tuple(fc.string({ unit: 'grapheme', maxLength: 6 }), tie('v')), { maxLength: 4 }).map((entries) => ({ entries })),
  ),
})).v;

function serialize(v: Json): string {
  if (Array.isArray(v)) return '[' + v.map(serialize).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    return '{' + v.entries.map(([k, x]) => JSON.stringify(k) + ':' + serialize(x)).join(',') + '}';
  }
  return JSON.stringify(v);
}

/** The naming rules written naively and recursively, to check the iterative parser against. */
function flatten(v: Json, name: string, out: Arg[]): Arg[] {
  if (Array.isArray(v)) v.forEach((x, i) => flatten(x, `${name}.array_${i}`, out));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of v.entries) flatten(x, `${name}.${k === '' ? 'empty-key' : textToBytes(k)}`, out);
  }
  else if (typeof v === 'string') out.push([name, textToBytes(v)]);
  else out.push([name, v === null ? '' : typeof v === 'number' ? JSON.stringify(v) : String(v)]);
  return out;
}

describe('parseJson properties', () => {
  it('matches a naive recursive flattening on generated documents', () => {
    fc.assert(fc.property(jsonArb, (v) => {
      expect(parse(textToBytes(serialize(v)), 1000)).toEqual({ args: flatten(v, 'json', []), error: null });
    }));
  });

  it('never throws on arbitrary bytes', () => {
    const bytes = fc.uint8Array({ maxLength: 200 }).map((u) => Buffer.from(u).toString('latin1'));
    const jsonish = fc.array(fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'u', '1', 'true', ' ', '\xff'), { maxLength: 60 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.oneof(bytes, jsonish), fc.integer({ min: -1, max: 5 }), (body, depthLimit) => {
      const r = parseJson(body, { depthLimit });
      expect(r.error === null || typeof r.error === 'string').toBe(true);
      for (const [k, v] of r.args) expect(/^[\x00-\xff]*$/.test(k + v)).toBe(true);
    }), { numRuns: 500 });
  });
});
