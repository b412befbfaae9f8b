import RE2 from 're2';
import { pcreEscapes } from '../match/pcre-escapes.ts';
import { REGEX_FLAGS } from '../match/regex-flags.ts';
import type { Captures, CompiledOperator, OperatorSpec } from './types.ts';

/**
 * Byte semantics: values and parameters are byte strings (one char per byte, 0-255), and RE2
 * matches JS strings by code point, so a char here is exactly one byte of the original: `\xc3`
 * in a pattern matches byte 0xC3, `.` and `[^x]` consume one byte, `[\x80-\xff]` is every high
 * byte. One known difference from PCRE in byte mode: RE2's `(?i)` also folds Latin-1 letters
 * (0xC9 'É' with 0xE9 'é'), where PCRE with the C locale folds ASCII only.
 */
class RxOperator implements CompiledOperator {
  constructor(private readonly re: RE2) {}

  testUtf8(bytes: Buffer): boolean {
    return this.re.test(bytes);
  }

  match(input: string, captures: Captures | null): boolean {
    if (captures === null) return this.re.test(input);
    const m = this.re.exec(input);
    if (m === null) return false;
    captures.length = 0;
    // Every group, as libmodsecurity v3 stores them (TX:10 and on too); one that took no part in
    // the match is undefined, and its TX variable keeps whatever it held (v3 skips it).
    for (let g = 0; g < m.length; g++) captures.push(m[g]);
    return true;
  }
}

/**
 * `^.*$`, `.*`, `^(.*)$` and the like: with DOTALL they match every value, in full, so the
 * answer and the captures (the value itself, once per group) need no regex run. Rules use the
 * idiom to capture each value of a collection (CRS 920450 runs it on every header name).
 */
class WholeValue implements CompiledOperator {
  constructor(private readonly groups: number) {}

  match(input: string, captures: Captures | null): boolean {
    if (captures !== null) {
      captures.length = 0;
      captures.push(input);
      for (let g = 0; g < this.groups; g++) captures.push(input);
    }
    return true;
  }
}

const WHOLE_VALUE = /^\^?(\.\*|\(\.\*\))\$?$/;

/**
 * Compiles a pattern the way ModSecurity v3 does for @rx: DOTALL and MULTILINE (regex-flags.ts).
 * RE2 has no backtracking features (lookaround, backreferences, possessive quantifiers); such
 * patterns are reported as invalid rather than silently approximated.
 */
export function compileRegex(pattern: string, flags = REGEX_FLAGS): RE2 | { error: string } {
  try {
    return new RE2(pcreEscapes(pattern), flags);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { error: `invalid regular expression: ${msg}` };
  }
}

export const rx: OperatorSpec = {
  name: 'rx',
  capture: true,
  create(param) {
    const whole = WHOLE_VALUE.exec(param);
    if (whole) return new WholeValue(whole[1] === '.*' ? 0 : 1);
    const re = compileRegex(param);
    if (!(re instanceof RE2)) return re;
    return new RxOperator(re);
  },
};
