import type { CompiledOperator, OperatorSpec } from './types.ts';

/** Matches when the value holds a byte outside the allowed set (ModSecurity's @validateByteRange). */
class ValidateByteRange implements CompiledOperator {
  constructor(private readonly allowed: Uint8Array) {}

  match(input: string): boolean {
    const allowed = this.allowed;
    for (let i = 0; i < input.length; i++) {
      const c = input.charCodeAt(i);
      // Chars above 0xFF cannot occur in byte strings; count them as outside every range.
      if (c > 0xff || allowed[c] === 0) return true;
    }
    return false;
  }
}

const NUMBER = /^[ \t]*(\d{1,3})[ \t]*$/;

function byteValue(s: string): number | null {
  const m = NUMBER.exec(s);
  if (m === null) return null;
  const v = Number(m[1]);
  return v <= 255 ? v : null;
}

/**
 * Parses '9,10,13,32-126': comma-separated bytes and inclusive ranges. ModSecurity v3 reads
 * each part with std::stoi and reports a number it cannot read or a range outside 0-255 or
 * reversed; we also reject trailing junk ('12x') and empty parts, which stoi would misread.
 */
export function parseByteRanges(param: string): Uint8Array | { error: string } {
  const allowed = new Uint8Array(256);
  for (const part of param.split(',')) {
    const dash = part.indexOf('-');
    const lo = byteValue(dash === -1 ? part : part.slice(0, dash));
    const hi = dash === -1 ? lo : byteValue(part.slice(dash + 1));
    if (lo === null || hi === null) return { error: `invalid byte range '${part}': expected N or N-M with 0 <= N <= M <= 255` };
    if (lo > hi) return { error: `invalid byte range '${part}': start is above end` };
    allowed.fill(1, lo, hi + 1);
  }
  return allowed;
}

export const validateByteRange: OperatorSpec = {
  name: 'validateByteRange',
  capture: false,
  create(param) {
    const allowed = parseByteRanges(param);
    if (!(allowed instanceof Uint8Array)) return allowed;
    return new ValidateByteRange(allowed);
  },
};
