import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hexDecode, hexEncode, sqlHexDecode } from './hex.ts';
import { bytes, fixtureSuite } from './testdata/harness.ts';

fixtureSuite('hex.json');

describe('hex transformation properties', () => {
  it('hexDecode inverts hexEncode (either case)', () => {
    fc.assert(
      fc.property(bytes(), (s) => {
        const hex = hexEncode(s);
        expect(hex.length).toBe(2 * s.length);
        expect(hex).toBe(Buffer.from(s, 'latin1').toString('hex'));
        expect(hexDecode(hex)).toBe(s);
        expect(hexDecode(hex.toUpperCase())).toBe(s);
      }),
    );
  });

  it('sqlHexDecode decodes a 0x literal of any non-empty byte string without NUL', () => {
    fc.assert(
      fc.property(bytes().filter((s) => s.length > 0 && !s.includes('\0')), (s) => {
        expect(sqlHexDecode('0x' + hexEncode(s))).toBe(s);
        expect(sqlHexDecode('a 0X' + hexEncode(s).toUpperCase() + ' b')).toBe('a ' + s + ' b');
      }),
    );
  });

  it('sqlHexDecode ends the value at its first NUL, sent or decoded (libmodsecurity 3.0.9 returns a C string)', () => {
    expect(sqlHexDecode('ab\0cd')).toBe('ab');
    expect(sqlHexDecode('0x4100yz')).toBe('A');
    expect(sqlHexDecode('q0x41\0zz')).toBe('qA');
    expect(sqlHexDecode('0x4142')).toBe('AB');
  });
});
