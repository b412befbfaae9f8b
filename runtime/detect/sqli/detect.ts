/**
 * The detector: fingerprints the input in each quote context libinjection tries, in the same
 * order, and reports the first fingerprint that is in the table and survives the short-form
 * refinements.
 */
import { asciiUpper } from './keywords.ts';
import { fingerprintIn } from './fingerprint.ts';
import { SqliState } from './state.ts';
import { QUOTE_DOUBLE, QUOTE_NONE, QUOTE_SINGLE, SQL_ANSI, SQL_MYSQL } from './types.ts';
import { confirmShort } from './whitelist.ts';

export interface SqliResult {
  readonly isSqli: boolean;
  /** The matching fingerprint (captured as TX:0 by @detectSQLi); '' when not SQLi. */
  readonly fingerprint: string;
}

/**
 * A fingerprint table. Lookups ignore ASCII case, as libinjection's do (it upper-cases the
 * fingerprint before the search), so `t` and `T`, `f` and `F` are one entry.
 */
export class FingerprintTable {
  private readonly set: Set<string>;

  constructor(fingerprints: Iterable<string>) {
    this.set = new Set();
    for (const f of fingerprints) this.set.add(asciiUpper(f));
  }

  has(fp: string): boolean {
    return fp.length > 0 && this.set.has(asciiUpper(fp));
  }

  get size(): number {
    return this.set.size;
  }
}

const NOT_SQLI: SqliResult = { isSqli: false, fingerprint: '' };

/** A detector bound to one table. Holds its scratch state: one per thread of use. */
export class SqliDetector {
  private readonly st = new SqliState();

  constructor(private readonly table: FingerprintTable) {}

  detect(input: string): SqliResult {
    if (input.length === 0) return NOT_SQLI;
    if (this.tryContext(input, QUOTE_NONE | SQL_ANSI)) return this.hit();
    // `#` and `--x` mean different things to MySQL: read again as MySQL when they were seen.
    if (this.mysqlDiffers() && this.tryContext(input, QUOTE_NONE | SQL_MYSQL)) return this.hit();
    if (input.indexOf("'") >= 0) {
      if (this.tryContext(input, QUOTE_SINGLE | SQL_ANSI)) return this.hit();
      if (this.mysqlDiffers() && this.tryContext(input, QUOTE_SINGLE | SQL_MYSQL)) return this.hit();
    }
    if (input.indexOf('"') >= 0 && this.tryContext(input, QUOTE_DOUBLE | SQL_MYSQL)) {
      return this.hit();
    }
    return NOT_SQLI;
  }

  /** Fingerprint of `input` in one context, without judging it. */
  fingerprint(input: string, flags: number): string {
    return fingerprintIn(this.st, input, flags);
  }

  private tryContext(input: string, flags: number): boolean {
    const fp = fingerprintIn(this.st, input, flags);
    return this.table.has(fp) && confirmShort(this.st);
  }

  private mysqlDiffers(): boolean {
    return this.st.statsCommentDdx > 0 || this.st.statsCommentHash > 0;
  }

  private hit(): SqliResult {
    return { isSqli: true, fingerprint: this.st.fingerprint };
  }
}
