import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseUnicodeMap } from './unicode-map.ts';
import { urlDecodeUni, urlDecodeUniWith } from './url.ts';

// A made-up file in unicode.mapping's layout: a code page's number and name, then its entries.
const FILE = [
  '(MAC - Roman)',
  '',
  '1250  (ANSI - Central Europe)',
  '00a1:21 00a2:63',
  '',
  '20127   (US-ASCII)',
  '00a0:20 00a1:21 00c0:41 02bc:27 ff07:27',
  '20261 (T.61)',
  '00c0:58',
].join('\r\n');

describe('SecUnicodeMapFile tables', () => {
  it("reads the entries of the configured code page and stops at the next code page", () => {
    const { map, found, entries } = parseUnicodeMap(FILE, 20127);
    expect(found).toBe(true);
    expect(entries).toBe(5);
    expect([map[0xa0], map[0xa1], map[0xc0], map[0x2bc], map[0xff07]]).toEqual([0x20, 0x21, 0x41, 0x27, 0x27]);
    // 1250's own entry for U+00A2 and 20261's for U+00C0 are not read.
    expect(map[0xa2]).toBe(-1);
    // The full stops are always mapped.
    expect([map[0x3002], map[0xff61], map[0xff0e], map[0x2e]]).toEqual([0x2e, 0x2e, 0x2e, 0x2e]);
  });

  it('a code page the file lacks leaves only the full stops', () => {
    const { map, found } = parseUnicodeMap(FILE, 437);
    expect(found).toBe(false);
    expect(map[0xc0]).toBe(-1);
    expect(map[0x3002]).toBe(0x2e);
  });

  it('t:urlDecodeUni with a table: a mapped %u takes the table byte, any other the low byte', () => {
    const { map } = parseUnicodeMap(FILE, 20127);
    const decode = urlDecodeUniWith(map);
    expect(decode('%u02bc or 1=1')).toBe("' or 1=1");
    expect(urlDecodeUni('%u02bc or 1=1')).toBe('\xbc or 1=1');
    expect(decode('%u00C0%u3002%u0100%uff1c%41+%u12')).toBe('A.\x00<A %u12');
  });

  it('decodes as without a table wherever the table has no entry (property)', () => {
    const { map } = parseUnicodeMap('20127 0041:41', 20127);
    const decode = urlDecodeUniWith(map);
    const piece = fc.oneof(
      fc.constantFrom('%', '%u', '+', 'a', '%4', '%zz', '%u00', '%uFF1C', '%u3002x'),
      fc.integer({ min: 0, max: 0xffff }).map((c) => '%u' + c.toString(16).padStart(4, '0')),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        // Only U+3002, U+FF61, U+FF0E and U+002E (full stops) and U+0041 differ from the fallback,
        // and U+0041 maps to its own low byte.
        const plain = s.replace(/%u(3002|ff61|ff0e)/gi, '%u002e');
        expect(decode(s)).toBe(urlDecodeUni(plain));
      }),
      { numRuns: 1000 },
    );
  });
});
