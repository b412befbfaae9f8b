import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ipMatch, ipMatchFromFile, parseIPv4, parseIPv6 } from './ip-match.ts';
import { compile, createError, filesEnv } from './testing.ts';

describe('address parsing', () => {
  it.each([
    ['192.168.1.100', 0xc0a80164],
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
  ])('IPv4 %s', (s, v) => {
    expect(parseIPv4(s)).toBe(v);
  });

  it.each(['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.-4', ' 1.2.3.4', '', 'a.b.c.d'])('refuses IPv4 %j', (s) => {
    expect(parseIPv4(s)).toBeNull();
  });

  it('parses IPv6 forms', () => {
    expect([...(parseIPv6('::1') ?? [])]).toEqual([0, 0, 0, 1]);
    expect([...(parseIPv6('2001:db8::ff00:42:8329') ?? [])]).toEqual([0x20010db8, 0, 0xff00, 0x00428329]);
    expect([...(parseIPv6('::ffff:192.0.2.1') ?? [])]).toEqual([0, 0, 0xffff, 0xc0000201]);
    expect([...(parseIPv6('1:2:3:4:5:6:7:8') ?? [])]).toEqual([0x10002, 0x30004, 0x50006, 0x70008]);
    expect(parseIPv6('1::2::3')).toBeNull();
    expect(parseIPv6('fe80::1%eth0')).toBeNull();
    expect(parseIPv6('12345::')).toBeNull();
  });

  it('round-trips any IPv6 address through its long form (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), (groups) => {
        const words = parseIPv6(groups.map((g) => g.toString(16)).join(':'));
        expect(words).not.toBeNull();
        for (let g = 0; g < 8; g++) expect(((words as Uint32Array)[g >> 1] >>> (g % 2 === 0 ? 16 : 0)) & 0xffff).toBe(groups[g]);
      }),
    );
  });
});

describe('@ipMatch', () => {
  // The reference manual's example.
  const op = compile(ipMatch, '192.168.1.100,192.168.1.50,10.10.50.0/24');

  it.each([
    ['192.168.1.100', true],
    ['192.168.1.50', true],
    ['192.168.1.51', false],
    ['10.10.50.0', true],
    ['10.10.50.255', true],
    ['10.10.51.1', false],
    ['not an ip', false],
    ['', false],
  ])('%j -> %s', (input, expected) => {
    expect(op.match(input, null)).toBe(expected);
  });

  it("handles CRS's '127.0.0.1,::1' and keeps the families apart", () => {
    const local = compile(ipMatch, '127.0.0.1,::1');
    expect(local.match('127.0.0.1', null)).toBe(true);
    expect(local.match('::1', null)).toBe(true);
    expect(local.match('0:0:0:0:0:0:0:1', null)).toBe(true);
    expect(local.match('::ffff:127.0.0.1', null)).toBe(false);
    expect(local.match('127.0.0.2', null)).toBe(false);
  });

  it('matches IPv6 networks and masks host bits of the entry', () => {
    const v6 = compile(ipMatch, '2001:db8::/32, 10.0.0.1/8');
    expect(v6.match('2001:db8:ffff::1', null)).toBe(true);
    expect(v6.match('2001:db9::1', null)).toBe(false);
    expect(v6.match('10.200.1.1', null)).toBe(true);
    expect(compile(ipMatch, '0.0.0.0/0').match('8.8.8.8', null)).toBe(true);
    expect(compile(ipMatch, '::/0').match('8.8.8.8', null)).toBe(false);
  });

  it('matches an IPv4 network exactly on the prefix bits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (net, ip, bits) => {
        const dotted = (v: number) => [24, 16, 8, 0].map((s) => (v >>> s) & 0xff).join('.');
        const shift = 32 - bits;
        const same = bits === 0 || net >>> shift === ip >>> shift || (shift === 0 && net === ip);
        expect(compile(ipMatch, `${dotted(net)}/${bits}`).match(dotted(ip), null)).toBe(same);
      }),
    );
  });

  it.each(['', '1.2.3.4/33', '::1/129', '1.2.3.4/', '1.2.3.4/x', '300.1.1.1', '1.2.3.4,bogus', 'example.com'])('refuses %j', (param) => {
    expect(createError(ipMatch, param)).toMatch(/@ipMatch/);
  });
});

describe('@ipMatchFromFile', () => {
  const env = filesEnv({
    'ips.txt': '# allow list\n192.168.0.0/16\n\n10.0.0.1 # the gateway\n2001:db8::1\r\n',
    'bad.txt': '1.2.3.4\nnonsense\n',
  });

  it('reads one entry per line, with comments', () => {
    const op = compile(ipMatchFromFile, 'ips.txt', env);
    expect(op.match('192.168.3.4', null)).toBe(true);
    expect(op.match('10.0.0.1', null)).toBe(true);
    expect(op.match('2001:db8::1', null)).toBe(true);
    expect(op.match('10.0.0.2', null)).toBe(false);
  });

  it('reports a bad entry or a missing file', () => {
    expect(createError(ipMatchFromFile, 'bad.txt', env)).toMatch(/'nonsense'/);
    expect(createError(ipMatchFromFile, 'none.txt', env)).toMatch(/cannot read none\.txt/);
  });
});
