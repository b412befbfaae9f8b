import RE2 from 're2';
import { compileRegex } from './rx.ts';
import type { Captures, CompiledOperator, OperatorSpec } from './types.ts';

/**
 * Luhn check over the digits of `s`, skipping any other char (so '4111 1111-1111 1111' counts),
 * as ModSecurity's luhnVerify(); no digits at all is not a card number.
 */
export function luhn(s: string): boolean {
  let sum = 0;
  let digits = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) continue;
    if (digits % 2 === 1) sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
    else sum += d;
    digits++;
  }
  return digits > 0 && sum % 10 === 0;
}

/**
 * ModSecurity's @verifyCC: the regex finds candidates and a candidate matches when it passes
 * Luhn. ModSecurity retries the search from every start offset; a search from any offset up to
 * a failed candidate's start finds that same candidate, so resuming one char after its start is
 * the same walk with fewer native calls.
 */
class VerifyCC implements CompiledOperator {
  constructor(private readonly re: RE2) {}

  match(input: string, captures: Captures | null): boolean {
    const re = this.re;
    let from = 0;
    while (from <= input.length) {
      re.lastIndex = from;
      const m = re.exec(input);
      if (m === null) return false;
      if (luhn(m[0])) {
        if (captures !== null) {
          captures.length = 0;
          captures.push(m[0]);
        }
        return true;
      }
      from = m.index + 1;
    }
    return false;
  }
}

export const verifyCC: OperatorSpec = {
  name: 'verifyCC',
  capture: true,
  create(param) {
    // PCRE_DOTALL | PCRE_MULTILINE as ModSecurity compiles it; 'g' only so lastIndex is honoured.
    const re = compileRegex(param, 'gsm');
    if (!(re instanceof RE2)) return re;
    return new VerifyCC(re);
  },
};
