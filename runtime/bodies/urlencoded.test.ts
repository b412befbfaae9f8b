import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseUrlencoded, urlDecodeNonStrict } from './urlencoded.ts';
import type { Arg } from './types.ts';

describe('parseUrlencoded', () => {
  it('splits pairs on & and names from values on the first =', () => {
    expect(parseUrlencoded('a=1&b=2=3&c')).toEqual({ args: [['a', '1'], ['b', '2=3'], ['c', '']], invalidEncoding: false });
  });

  it('decodes + and %HH in names and values, any byte included', () => {
    expect(parseUrlencoded('a+b=%41%2b+%ff%00%3D')).toEqual({ args: [['a b', 'A+ \xff\x00=']], invalidEncoding: false });
  });

  it('keeps invalid % sequences literally and flags them', () => {
    expect(parseUrlencoded('a=%&b=%4&c=%zz&d=%4g1')).toEqual({
      args: [['a', '%'], ['b', '%4'], ['c', '%zz'], ['d', '%4g1']],
      invalidEncoding: true,
    });
    expect(parseUrlencoded('%=1').invalidEncoding).toBe(true);
  });

  it('handles empty pairs as std::getline splitting does in v3', () => {
    expect(parseUrlencoded('').args).toEqual([]);
    expect(parseUrlencoded('a=1&').args).toEqual([['a', '1']]);
    expect(parseUrlencoded('a=1&&b=2').args).toEqual([['a', '1'], ['', ''], ['b', '2']]);
    expect(parseUrlencoded('&a').args).toEqual([['', ''], ['a', '']]);
    expect(parseUrlencoded('=').args).toEqual([['', '']]);
    expect(parseUrlencoded('&').args).toEqual([['', '']]);
  });

  it('uses the configured separator (SecArgumentSeparator)', () => {
    expect(parseUrlencoded('a=1;b=2&c=3', ';').args).toEqual([['a', '1'], ['b', '2&c=3']]);
  });

  it('urlDecodeNonStrict decodes one component', () => {
    expect(urlDecodeNonStrict('x%20y+%')).toEqual({ text: 'x y %', invalid: true });
  });
});

const byteString = (max: number): fc.Arbitrary<string> =>
  fc.uint8Array({ maxLength: max }).map((u) => Buffer.from(u).toString('latin1'));

/** A %-encoder of byte strings: random case, '+' for some spaces, unreserved bytes kept. */
function encode(s: string, upper: boolean, plus: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (/[A-Za-z0-9._~-]/.test(ch)) out += ch;
    else if (c === 0x20 && plus) out += '+';
    else {
      const hex = c.toString(16).padStart(2, '0');
      out += '%' + (upper ? hex.toUpperCase() : hex);
    }
  }
  return out;
}

describe('parseUrlencoded properties', () => {
  it('round-trips with a %-encoder of byte strings', () => {
    const args = fc.array(fc.tuple(byteString(12), byteString(20)), { maxLength: 8 });
    fc.assert(fc.property(args, fc.boolean(), fc.boolean(), (pairs: Arg[], upper, plus) => {
      const body = pairs.map(([k, v]) => `${encode(k, upper, plus)}=${encode(v, upper, plus)}`).join('&');
      expect(parseUrlencoded(body)).toEqual({ args: pairs, invalidEncoding: false });
    }));
  });

  it('never throws and only yields bytes', () => {
    fc.assert(fc.property(byteString(200), fc.string({ maxLength: 2 }), (body, sep) => {
      const r = parseUrlencoded(body, sep);
      for (const [k, v] of r.args) expect(/^[\x00-\xff]*$/.test(k + v)).toBe(true);
      // Decoding never lengthens a component, so the output is bounded by the input.
      expect(r.args.reduce((n, [k, v]) => n + k.length + v.length, 0)).toBeLessThanOrEqual(body.length);
    }));
  });
});
