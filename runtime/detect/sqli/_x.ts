import { detectSQLi, SqliDetector, FingerprintTable } from './index.ts';
import { attackCorpora } from '../../../scripts/gen-sqli-fingerprints.ts';
import { referenceTable } from './corpus.test-helpers.ts';
const ref = new SqliDetector(referenceTable(), false);
for (const c of attackCorpora()) if (c.name === 'crs/942100') for (const v of c.values) console.log(JSON.stringify(v), detectSQLi(v), ref.detect(v));
