import RE2 from 're2';
import { pcreEscapes } from './pcre-escapes.ts';
import { REGEX_FLAGS } from './regex-flags.ts';

/**
 * Several @rx patterns that inspect the same transformed values, answered in one pass: RE2's
 * set matching runs one automaton for all of them, where separate runs would cross into native
 * code and convert the string once per pattern (MEASUREMENTS.md: ~0.7 µs for a set of 7-50 CRS
 * patterns on a short value, against 0.2-0.5 µs for each pattern run alone).
 * Compiled with the same flags as each @rx (regex-flags.ts), so "pattern k is in the answer" is
 * exactly "pattern k's own regex matches somewhere in the value".
 */
export class RegexSet {
  private readonly set: InstanceType<typeof RE2.Set>;

  constructor(readonly patterns: readonly string[]) {
    this.set = new RE2.Set(patterns.map(pcreEscapes), REGEX_FLAGS);
  }

  get size(): number {
    return this.patterns.length;
  }

  /**
   * One byte per pattern, 1 where it matches, for a value or its UTF-8 bytes (the same answer:
   * RE2 reads a string as those bytes); null when RE2 gives up (its DFA memory budget can
   * run out on long inputs), in which case the caller runs the patterns one by one.
   */
  match(value: string | Buffer): Uint8Array | null {
    let hits: number[];
    try {
      hits = this.set.match(value);
    } catch {
      return null;
    }
    const out = new Uint8Array(this.patterns.length);
    for (const k of hits) out[k] = 1;
    return out;
  }
}

/** A set and its patterns, or the patterns that cannot share one (RE2 refuses some unions). */
export function buildRegexSets(patterns: readonly string[]): { set: RegexSet; members: number[] }[] {
  const out: { set: RegexSet; members: number[] }[] = [];
  const place = (members: number[]): void => {
    if (members.length < 2) return;
    try {
      out.push({ set: new RegexSet(members.map((k) => patterns[k])), members });
    } catch {
      // "RE2.Set could not be compiled": the union exceeds RE2's memory budget; halves may not.
      const mid = members.length >> 1;
      place(members.slice(0, mid));
      place(members.slice(mid));
    }
  };
  place(patterns.map((_, k) => k));
  return out;
}
