import { describe, expect, it } from 'vitest';
import { hasShared } from '../../../core/testing.ts';
import { referenceTable } from './corpus.test-helpers.ts';
import { SqliDetector } from './detect.ts';
import { DEFAULT_TABLE, detectSQLi } from './index.ts';
import { loadVectors } from './reference.test-helpers.ts';

describe.skipIf(!hasShared('libinjection', 'tests'))('libinjection test-sqli vectors', () => {
  const vectors = loadVectors('test-sqli-');

  it('reproduces every verdict and fingerprint with the reference table and libinjection rules', () => {
    const det = new SqliDetector(referenceTable());
    const wrong = vectors.filter((v) => det.detect(v.input).fingerprint !== v.expected).map((v) => v.file);
    expect(wrong).toEqual([]);
  });
});

describe('detectSQLi', () => {
  it('flags classic injections and reports their fingerprint', () => {
    const r = detectSQLi("1' UNION SELECT password FROM users --");
    expect(r.isSqli).toBe(true);
    expect(r.fingerprint.length).toBeGreaterThan(0);
    expect(r.fingerprint.length).toBeLessThanOrEqual(5);
  });

  it('leaves plain values alone', () => {
    for (const v of ['hello world', 'john.doe@example.com', '2024-01-01', 'O\'Reilly', '']) {
      expect(detectSQLi(v)).toEqual({ isSqli: false, fingerprint: '' });
    }
  });

  it('treats nested and MySQL-executable comments as evil, as libinjection does', () => {
    expect(detectSQLi('1 /*!union*/ select 1').fingerprint).toBe('X');
  });

  it('looks fingerprints up per quote context, ignoring ASCII case', () => {
    expect(DEFAULT_TABLE.has('SOS', 2)).toBe(DEFAULT_TABLE.has('sos', 2));
    expect(DEFAULT_TABLE.has('', 1)).toBe(false);
  });
});
