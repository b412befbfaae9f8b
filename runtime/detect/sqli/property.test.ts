import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TABLE, detectSQLi } from './index.ts';
import { KEYWORD_MAP } from './keywords.ts';
import { plainKinds } from './prefilter.ts';

const plainShape = (s: string, from = 0): boolean => plainKinds(s, from) >= 0;
import { FingerprintTable, SqliDetector } from './detect.ts';
import { fingerprintIn } from './fingerprint.ts';
import { SqliState } from './state.ts';
import { QUOTE_DOUBLE, QUOTE_NONE, QUOTE_SINGLE, SQL_ANSI, SQL_MYSQL } from './types.ts';

/** Byte strings biased towards SQL punctuation so the scanners' edge paths are hit. */
const sqlish = fc.constantFrom(...'\'"`/*-#@$.,;()[]{}\\!=<>|&^~%+:?0 1xXeEbBnNqQuU_\n\t\u00a0\u00ff\u0000'.split(''));
const anyByte = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));
const words = fc.constantFrom('select', 'union', 'or', 'and', '1', "'", ' ', '--', '/*', '*/', '/*!', 'sleep(', 'x\'', 'q\'[', '$$', '$a$', 'e\'', 'u&\'');
const byteString = fc.array(fc.oneof(sqlish, anyByte, words), { maxLength: 60 }).map((a) => a.join(''));

describe('detector properties', () => {
  it('never throws and returns a consistent verdict on any byte string', () => {
    fc.assert(fc.property(byteString, (s) => {
      const r = detectSQLi(s);
      expect(r.isSqli).toBe(r.fingerprint !== '');
      expect(r.fingerprint.length).toBeLessThanOrEqual(5);
      expect(detectSQLi(s)).toEqual(r);
    }), { numRuns: 3000 });
  });

  it('terminates without throwing even on strings outside the byte contract (code units > 0xFF)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
      const r = detectSQLi(s);
      expect(r.isSqli).toBe(r.fingerprint !== '');
    }), { numRuns: 2000 });
    expect(detectSQLi('\u4e2d\u6587 union select 1').isSqli).toBe(true);
  });

  it('fingerprints in every context without throwing, within five tokens', () => {
    const st = new SqliState();
    const contexts = [QUOTE_NONE | SQL_ANSI, QUOTE_NONE | SQL_MYSQL, QUOTE_SINGLE | SQL_ANSI, QUOTE_SINGLE | SQL_MYSQL, QUOTE_DOUBLE | SQL_MYSQL];
    fc.assert(fc.property(byteString, (s) => {
      for (const f of contexts) {
        const fp = fingerprintIn(st, s, f);
        expect(fp.length).toBeLessThanOrEqual(5);
        for (let i = 0; i < fp.length; i++) expect(fp.charCodeAt(i)).toBeLessThan(128);
      }
    }), { numRuns: 1000 });
  });

  it('rarely flags ordinary form values (words, dates, prices, e-mails, quotes, hashtags)', () => {
    const piece = fc.constantFrom('order', 'Search term', 'jane.roe@example.net', 'Z\u00fcrich', '19.99',
      '2025-03-04', 'id=12', "don't", 'size: XL', '(gift)', 'a-b_c', 'https://example.com/x?y=z', '50% off',
      'R&D', '#blue', '"best"', 'page 2 of 7', '\u00fcber', 'SKU-4411', 'Hello, world.', "O'Brien", 'n/a');
    const value = fc.array(piece, { minLength: 1, maxLength: 12 }).map((a) => a.join(' '));
    const values = fc.sample(value, { numRuns: 5000, seed: 7 });
    const hits = values.filter((v) => detectSQLi(v).isSqli).length;
    // A regression bound, not a goal: libinjection's own list flags fewer of these; the derived
    // table's operand generalisation costs a little here (README, held-out estimate).
    expect(hits / values.length).toBeLessThan(0.002);
  });

  it('plain-shape pre-check: never changes a verdict (against the unfiltered detector)', () => {
    const filtered = new SqliDetector(DEFAULT_TABLE);
    const naive = new SqliDetector(DEFAULT_TABLE, false);
    // ModSecurity's table holds plain shapes (`1ov`, `so1n,`), but none without a number or a
    // variable: the pre-check still answers for values with neither a digit nor an `@`.
    expect(DEFAULT_TABLE.plainShapes[0]).toBe(false);
    expect(DEFAULT_TABLE.quotedPlainShapes[0]).toBe(false);
    // Words, keywords (some with digits: md5, _utf8mb4), numbers that take letters (`0xabcunion`,
    // `1.edunion`), the punctuation the pre-check allows and the pairs it must refuse, all
    // whitespace kinds, high bytes, quotes (escaped, doubled) and any byte: the inputs the
    // pre-check may answer, as a whole or after a quote.
    // Every single-word entry of the keyword map, lower-cased, and the number prefixes that take
    // letters (`0bminus` is `0b` then MINUS).
    const entries = [...KEYWORD_MAP.keys()].filter((k) => !k.includes(' ')).map((k) => k.toLowerCase());
    const unit = fc.oneof(
      fc.constantFrom(...entries),
      fc.constantFrom('0x', '0b', '0X'),
      fc.constantFrom('union', 'select', 'or', 'and', 'sleep', 'order', 'by', 'null', 'true', 'md5', '_utf8mb4',
        'int4', 'utl_inaddr.get_host_name', 'dbms_lock.sleep', 'sys.', 'e', 'd', 'f', 'ed', 'x', 'b', 'abc', 'ux', 'hello', 'world', '_', '1', '0', '9', '.', ',', ':',
        '?', ']', '@', '@@', '!', '*', '<', '=', '>', '%', '+', '^', '~', '-', '/', '&', '|', ' ', '\t', '\n',
        '\u00a0', '\u0001', '\u00e9', '\u00ff', "'", '"', "''", '\\', "\\'", "\\\\'"),
      fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)),
    );
    const value = fc.array(unit, { maxLength: 24 }).map((a) => a.join(''));
    let plain = 0;
    let quotedRest = 0;
    fc.assert(fc.property(value, (s) => {
      if (plainShape(s)) plain++;
      const q = s.search(/['"]/);
      if (q >= 0 && plainShape(s, q + 1)) quotedRest++;
      expect(filtered.detect(s)).toEqual(naive.detect(s));
    }), { numRuns: 30000 });
    expect(plain).toBeGreaterThan(1000);
    expect(quotedRest).toBeGreaterThan(1000);
    // (`_utf8mb4` and `minus` are plain words to ModSecurity 3.0.9, word-types.generated.ts.)
    for (const s of ['1dunion select 1', '1edunion', 'x 1e5dor 1', '0xabcunion', '1.edor 1', 'a md5 b', '_utf8 x',
      'x -- y', 'a || b', 'a/*b', 'select.1', 'a@b.c union', 'x utl_inaddr.get_host_name y', '1dbms_lock.sleep',
      'a.b.union', 's<=0bunion', '0xdeadbeefunion']) {
      expect(plainShape(s)).toBe(false);
    }
    expect(plainShape('https://example.com/x?y=z 50% off R&D jane.roe@example.net 2025-03-04')).toBe(true);
  });

  it('plain-shape pre-check: stands aside for the plain shapes a table holds, by what they need', () => {
    const table = FingerprintTable.uniform(['1ov', 'so1n,']);
    expect(table.plainShapes).toEqual([false, false, false, true]);
    expect(table.quotedPlainShapes).toEqual([false, true, false, true]);
    for (const prefilter of [true, false]) {
      const d = new SqliDetector(table, prefilter);
      expect(d.detect('2 = @twitter')).toEqual({ isSqli: true, fingerprint: '1ov' });
      expect(d.detect("it' = 1 apple,")).toEqual({ isSqli: true, fingerprint: 'so1n,' });
      expect(d.detect('a = @b').isSqli).toBe(false);
      expect(d.detect("it' = one apple,").isSqli).toBe(false);
    }
  });

  it('flags nothing with an empty table', () => {
    const det = new SqliDetector(FingerprintTable.uniform([]));
    fc.assert(fc.property(byteString, (s) => !det.detect(s).isSqli));
  });

  it('takes time linear in the input length', () => {
    // Repeat a random unit 300 and 4800 times: linear work grows 16x, quadratic 256x. The
    // bound of 64x over at least 0.2 ms leaves room for timer noise and GC on a loaded machine
    // without letting quadratic behaviour through (`or.` repeated, which rescanned the rest of
    // the word for every token, took 300 ms at 4800). Both lengths are above the plain-shape
    // pre-check's limit (256 bytes), so both take the detector's own path.
    const linear = (unit: string): void => {
      const time = (s: string): number => {
        let best = Infinity;
        for (let i = 0; i < 7; i++) {
          const t0 = process.hrtime.bigint();
          detectSQLi(s);
          best = Math.min(best, Number(process.hrtime.bigint() - t0));
        }
        return best;
      };
      const within = (): boolean => time(unit.repeat(4800)) < Math.max(time(unit.repeat(300)), 200_000) * 64;
      // A second measurement when the first is over: other test files share the cores, and a
      // quadratic scan is over on both.
      expect(within() || within()).toBe(true);
    };
    for (const unit of ['or.', 'or`', 'select.x']) linear(unit);
    fc.assert(fc.property(fc.array(fc.oneof(sqlish, words), { minLength: 1, maxLength: 8 }).map((a) => a.join('')), linear),
      { numRuns: 40 });
  });
});
