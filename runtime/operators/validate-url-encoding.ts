import type { CompiledOperator, OperatorSpec } from './types.ts';

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * Matches on a broken %-encoding, as ModSecurity v3's validate_url_encoding(): a '%' not
 * followed by two hex digits, or one too close to the end for two more chars. Valid '%xx'
 * sequences are skipped whole, so '%%41' is invalid (the first '%' sees '%4'). An empty value
 * never matches. '%u' forms are not special: '%u0041' is invalid here.
 */
class ValidateUrlEncoding implements CompiledOperator {
  match(input: string): boolean {
    const n = input.length;
    let i = 0;
    while (i < n) {
      if (input.charCodeAt(i) !== 0x25 /* % */) {
        i++;
        continue;
      }
      if (i + 2 >= n) return true;
      if (!isHex(input.charCodeAt(i + 1)) || !isHex(input.charCodeAt(i + 2))) return true;
      i += 3;
    }
    return false;
  }
}

const instance = new ValidateUrlEncoding();

export const validateUrlEncoding: OperatorSpec = {
  name: 'validateUrlEncoding',
  capture: false,
  create: () => instance,
};
