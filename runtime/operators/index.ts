/**
 * The operator table, keyed by the name as ModSecurity spells it after '@'. Aliases get their
 * own key pointing at the same spec. An entry here is the only way an operator becomes known:
 * nothing registers itself on import.
 */
import { noMatch, unconditionalMatch } from './constant.ts';
import { containsWord } from './contains-word.ts';
import { detectSQLi, detectXSS } from './detect.ts';
import { ipMatch, ipMatchFromFile } from './ip-match.ts';
import { eq, ge, gt, le, lt } from './numeric.ts';
import { pm, pmFromFile } from './pm.ts';
import { rx } from './rx.ts';
import { beginsWith, contains, endsWith, streq, strmatch, within } from './strings.ts';
import type { OperatorSpec } from './types.ts';
import {
  fuzzyHash,
  geoLookup,
  gsbLookup,
  inspectFile,
  rbl,
  rsub,
  validateDTD,
  validateHash,
  validateSchema,
  verifyCPF,
  verifySSN,
  verifySVNR,
} from './unsupported.ts';
import { validateByteRange } from './validate-byte-range.ts';
import { validateUrlEncoding } from './validate-url-encoding.ts';
import { validateUtf8Encoding } from './validate-utf8-encoding.ts';
import { verifyCC } from './verify-cc.ts';

export type { CompiledOperator, OperatorEnv, OperatorError, OperatorSpec } from './types.ts';
export { isOperatorError } from './types.ts';

export const OPERATORS: Readonly<Record<string, OperatorSpec>> = Object.freeze({
  rx,
  pm,
  pmFromFile,
  pmf: pmFromFile,
  streq,
  strmatch,
  contains,
  containsWord,
  beginsWith,
  endsWith,
  within,
  eq,
  ge,
  gt,
  le,
  lt,
  ipMatch,
  ipMatchFromFile,
  ipMatchF: ipMatchFromFile,
  validateByteRange,
  validateUrlEncoding,
  validateUtf8Encoding,
  verifyCC,
  detectSQLi,
  detectXSS,
  unconditionalMatch,
  noMatch,
  // Known to ModSecurity, refused here with a reason.
  rsub,
  gsbLookup,
  geoLookup,
  inspectFile,
  verifySSN,
  verifyCPF,
  verifySVNR,
  rbl,
  fuzzyHash,
  validateDTD,
  validateSchema,
  validateHash,
});

const byLowerName = new Map<string, OperatorSpec>(
  Object.entries(OPERATORS).map(([k, v]) => [k.toLowerCase(), v]),
);

/**
 * Finds an operator by name, exact spelling first, then ignoring ASCII case (ModSecurity's
 * SecLang scanner accepts '@RX' or '@pmfromfile'). Undefined when unknown.
 */
export function lookupOperator(name: string): OperatorSpec | undefined {
  return Object.hasOwn(OPERATORS, name) ? OPERATORS[name] : byLowerName.get(name.toLowerCase());
}
