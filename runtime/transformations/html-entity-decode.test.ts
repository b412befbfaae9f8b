import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { htmlEntityDecode } from './html-entity-decode.ts';
import { fixtureSuite, trickyBytes } from './testdata/harness.ts';

fixtureSuite('html-entity-decode.json');

describe('htmlEntityDecode properties', () => {
  it('decodes every byte from its decimal and hex numeric entity', () => {
    for (let b = 0; b < 256; b++) {
      const ch = String.fromCharCode(b);
      expect(htmlEntityDecode(`&#${b};`)).toBe(ch);
      expect(htmlEntityDecode(`&#x${b.toString(16)};`)).toBe(ch);
      expect(htmlEntityDecode(`&#X${b.toString(16).toUpperCase()}`)).toBe(ch);
    }
  });

  it('never lengthens the value', () => {
    fc.assert(
      fc.property(trickyBytes(), (s) => {
        expect(htmlEntityDecode(s).length).toBeLessThanOrEqual(s.length);
      }),
    );
  });

  it('agrees with a naive regex reference on entity-shaped input', () => {
    // Naive reference: one left-to-right regex pass over the same grammar.
    const named: Record<string, number> = { quot: 0x22, amp: 0x26, lt: 0x3c, gt: 0x3e, nbsp: 0xa0 };
    const LONG_MAX = (1n << 63n) - 1n;
    const lowByte = (v: bigint): string => String.fromCharCode(v > LONG_MAX ? 0xff : Number(v & 0xffn));
    const reference = (s: string): string =>
      s.replace(/&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z0-9]+));?/g, (m, hex?: string, dec?: string, name?: string) => {
        if (hex !== undefined) return lowByte(BigInt('0x' + hex));
        if (dec !== undefined) return lowByte(BigInt(dec));
        const v = named[name!.toLowerCase()];
        return v === undefined ? m : String.fromCharCode(v);
      });
    const piece = fc.oneof(
      fc.constantFrom('&', '#', 'x', ';', 'lt', 'amp', 'quot', 'GT', 'nbsp', 'foo', ' ', 'a'),
      fc.integer({ min: 0, max: 999 }).map(String),
      fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), (s) => {
        expect(htmlEntityDecode(s)).toBe(reference(s));
      }),
    );
  });
});
