import type { OperatorSpec } from './types.ts';

/**
 * Operators ModSecurity knows but this engine does not implement. They are in the table so that
 * lint names them as unsupported instead of unknown; create() always fails with the reason.
 */
function unsupported(name: string, why: string): OperatorSpec {
  return {
    name,
    capture: false,
    create: () => ({ error: `not supported: @${name} (${why})` }),
  };
}

export const rsub = unsupported('rsub', 'stream editing of bodies is not implemented');
export const gsbLookup = unsupported('gsbLookup', 'Google Safe Browsing lookups need an external database');
export const geoLookup = unsupported('geoLookup', 'GeoIP lookups need an external database');
export const inspectFile = unsupported('inspectFile', 'running external scripts is not allowed');
export const verifySSN = unsupported('verifySSN', 'US social security number checks are not implemented');
export const verifyCPF = unsupported('verifyCPF', 'Brazilian CPF checks are not implemented');
export const verifySVNR = unsupported('verifySVNR', 'Austrian social security number checks are not implemented');
export const rbl = unsupported('rbl', 'DNS blocklist lookups would block the request path');
export const fuzzyHash = unsupported('fuzzyHash', 'ssdeep fuzzy hashing is not available');
export const validateDTD = unsupported('validateDTD', 'XML DTD validation is not implemented');
export const validateSchema = unsupported('validateSchema', 'XML schema validation is not implemented');
export const validateHash = unsupported('validateHash', 'hash-based response signing is not implemented');
