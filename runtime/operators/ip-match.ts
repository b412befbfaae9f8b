import { isIPv6 } from 'node:net';
import { readDataFiles } from './data-file.ts';
import type { CompiledOperator, OperatorSpec } from './types.ts';

/** Dotted quad as inet_pton() reads it: four decimal parts 0-255, no leading zeros. */
export function parseIPv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    v = v * 256 + n;
  }
  return v >>> 0;
}

/** An IPv6 address as four 32-bit words, high first; null when inet_pton() would refuse it. */
export function parseIPv6(s: string): Uint32Array | null {
  if (s.includes('%') || !isIPv6(s)) return null;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) !== -1) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  const words = new Uint32Array(4);
  for (let g = 0; g < 8; g++) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(groups[g])) return null;
    const v = parseInt(groups[g], 16);
    words[g >> 1] = g % 2 === 0 ? v << 16 : (words[g >> 1] | v) >>> 0;
  }
  return words;
}

function maskWord(bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return 0xffffffff;
  return (0xffffffff << (32 - bits)) >>> 0;
}

/**
 * Addresses and CIDR networks, IPv4 and IPv6 kept apart as ModSecurity's two radix trees do (an
 * IPv4-mapped IPv6 input is only compared with IPv6 entries). Entries are scanned linearly: rule
 * sets list a handful of networks, and a 32-bit mask and compare per entry costs nanoseconds.
 */
class IpSet implements CompiledOperator {
  private readonly v4: number[] = []; // pairs: network, mask
  private readonly v6: Uint32Array[] = []; // [network x4, mask x4]

  /** Adds 'addr' or 'addr/bits'; returns false when the entry is not valid. */
  add(entry: string): boolean {
    const slash = entry.indexOf('/');
    const addr = slash === -1 ? entry : entry.slice(0, slash);
    const bitsText = slash === -1 ? null : entry.slice(slash + 1);
    if (bitsText !== null && !/^\d{1,3}$/.test(bitsText)) return false;
    if (!addr.includes(':')) {
      const ip = parseIPv4(addr);
      const bits = bitsText === null ? 32 : Number(bitsText);
      if (ip === null || bits > 32) return false;
      const mask = maskWord(bits);
      this.v4.push((ip & mask) >>> 0, mask);
      return true;
    }
    const ip = parseIPv6(addr);
    const bits = bitsText === null ? 128 : Number(bitsText);
    if (ip === null || bits > 128) return false;
    const rec = new Uint32Array(8);
    for (let w = 0; w < 4; w++) {
      const mask = maskWord(bits - 32 * w);
      rec[w] = (ip[w] & mask) >>> 0;
      rec[4 + w] = mask;
    }
    this.v6.push(rec);
    return true;
  }

  get size(): number {
    return this.v4.length / 2 + this.v6.length;
  }

  match(input: string): boolean {
    if (!input.includes(':')) {
      const ip = parseIPv4(input);
      if (ip === null) return false;
      for (let k = 0; k < this.v4.length; k += 2) {
        if (((ip & this.v4[k + 1]) >>> 0) === this.v4[k]) return true;
      }
      return false;
    }
    const ip = parseIPv6(input);
    if (ip === null) return false;
    for (const rec of this.v6) {
      if (
        ((ip[0] & rec[4]) >>> 0) === rec[0] &&
        ((ip[1] & rec[5]) >>> 0) === rec[1] &&
        ((ip[2] & rec[6]) >>> 0) === rec[2] &&
        ((ip[3] & rec[7]) >>> 0) === rec[3]
      ) {
        return true;
      }
    }
    return false;
  }
}

/** Splits on commas and trims ASCII blanks (not String#trim: 0xA0 is a byte here); empty entries are skipped, as strtok() does. */
function addList(set: IpSet, list: string): string | null {
  for (const raw of list.split(',')) {
    const entry = raw.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
    if (entry === '') continue;
    if (!set.add(entry)) return `invalid IP address or network '${entry}'`;
  }
  return null;
}

export const ipMatch: OperatorSpec = {
  name: 'ipMatch',
  capture: false,
  create(param) {
    const set = new IpSet();
    const err = addList(set, param);
    if (err !== null) return { error: `@ipMatch: ${err}` };
    if (set.size === 0) return { error: '@ipMatch needs at least one address or network' };
    return set;
  },
};

/**
 * One entry per line (commas also separate, as ModSecurity reads each line like an @ipMatch
 * list); '#' starts a comment anywhere on a line.
 */
export const ipMatchFromFile: OperatorSpec = {
  name: 'ipMatchFromFile',
  capture: false,
  create(param, env) {
    const lines = readDataFiles(param, env, '@ipMatchFromFile');
    if (!Array.isArray(lines)) return lines;
    const set = new IpSet();
    for (const line of lines) {
      const hash = line.indexOf('#');
      const err = addList(set, hash === -1 ? line : line.slice(0, hash));
      if (err !== null) return { error: `@ipMatchFromFile: ${err}` };
    }
    return set;
  },
};
