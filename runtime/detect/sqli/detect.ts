/**
 * The detector: fingerprints the input in each quote context libinjection tries, in the same
 * order, and reports the first fingerprint that is in the table and that libinjection's checks
 * of short fingerprints (whitelist.ts) let stand.
 */
import { fingerprintIn, fingerprintKey, fingerprintString, foldKey } from './fingerprint.ts';
import { SqliState } from './state.ts';
import { QUOTE_DOUBLE, QUOTE_NONE, QUOTE_SINGLE, SQL_ANSI, SQL_MYSQL } from './types.ts';
import { MAY_NUMBER, MAY_VARIABLE, plainKinds } from './prefilter.ts';
import { confirmShort } from './whitelist.ts';

export interface SqliResult {
  readonly isSqli: boolean;
  /** The matching fingerprint (captured as TX:0 by @detectSQLi); '' when not SQLi. */
  readonly fingerprint: string;
}

/** The quote context a fingerprint was read in. */
export type QuoteContext = 'none' | 'single' | 'double';

/**
 * Fingerprint lists as the generated module holds them: `any` applies in every quote context,
 * the others only in theirs.
 */
export interface FingerprintLists {
  readonly any: readonly string[];
  readonly none: readonly string[];
  readonly single: readonly string[];
  readonly double: readonly string[];
}

/** A fingerprint the detector would accept, with the context it was read in. */
export interface Candidate {
  readonly quote: QuoteContext;
  readonly fingerprint: string;
}

/**
 * A fingerprint table, per quote context. libinjection keeps one list for all contexts; ours
 * records where a fingerprint was seen in attacks, because the same shape means different
 * things there: `A' = 'B` (single) breaks out of a string, `x "NOT" y` (double) is prose.
 * Lookups ignore ASCII case, as libinjection's do (it upper-cases the fingerprint before the
 * search), so `t` and `T`, `f` and `F` are one entry.
 */
export class FingerprintTable {
  /** Per context (none, single, double): the fingerprints' lookup keys (fingerprintKey). */
  private readonly keys: readonly [Set<number>, Set<number>, Set<number>];

  constructor(lists: FingerprintLists) {
    const mk = (l: readonly string[]): Set<number> => new Set([...lists.any, ...l].map(fingerprintKey));
    this.keys = [mk(lists.none), mk(lists.single), mk(lists.double)];
    const shapes = (lists: readonly (readonly string[])[], shape: RegExp): boolean[] => {
      const out = [false, false, false, false];
      for (const f of lists.flat()) {
        if (!shape.test(f)) continue;
        const needs = (f.includes('1') ? MAY_NUMBER : 0) | (/v/i.test(f) ? MAY_VARIABLE : 0);
        for (let kinds = 0; kinds < 4; kinds++) if ((needs & ~kinds) === 0) out[kinds] = true;
      }
      return out;
    };
    this.plainShapes = shapes([lists.any, lists.none, lists.single, lists.double], /^[n1vo.,:?]+$/i);
    this.quotedPlainShapes = shapes([lists.any, lists.single, lists.double], /^s[n1vo.,:?]*$/i);
  }

  /**
   * Per plainKinds answer (prefilter.ts: whether a number, a variable may occur): whether the
   * table holds a fingerprint of words, numbers, variables, operators and plain punctuation
   * alone (`1ov`) that such a value could fold to. Where it does, the pre-check cannot answer.
   */
  readonly plainShapes: readonly boolean[];

  /** As plainShapes, for a string followed by plain types only (`so1n,`), in the quote contexts. */
  readonly quotedPlainShapes: readonly boolean[];

  /** A table that accepts the same fingerprints in every context (libinjection's model). */
  static uniform(fingerprints: readonly string[]): FingerprintTable {
    return new FingerprintTable({ any: fingerprints, none: [], single: [], double: [] });
  }

  /** `quote` is QUOTE_NONE, QUOTE_SINGLE or QUOTE_DOUBLE. */
  has(fp: string, quote: number): boolean {
    return fp.length > 0 && this.hasKey(fingerprintKey(fp), quote);
  }

  /**
   * Lookup by key (fingerprintKey), which folds ASCII case as libinjection's lookup does (it
   * upper-cases the fingerprint before the search). Key 0 is the empty fingerprint.
   */
  hasKey(key: number, quote: number): boolean {
    const i = quote === QUOTE_SINGLE ? 1 : quote === QUOTE_DOUBLE ? 2 : 0;
    return key !== 0 && this.keys[i].has(key);
  }
}

/** Longest value the plain-shape pre-check is tried on (bench/detect-sqli.ts: 10–200 B pays). */
const PREFILTER_MAX_LEN = 256;

const NOT_SQLI: SqliResult = { isSqli: false, fingerprint: '' };

/** A detector bound to one table. Holds its scratch state: one per thread of use. */
export class SqliDetector {
  private readonly st = new SqliState();

  /** Whether the plain-shape pre-check may answer (prefilter.ts); off to compare against it. */
  private readonly prefilter: boolean;
  /** Whether it may skip a quote context whose rest after the quote is plain. */
  private readonly prefilterQuoted: boolean;

  constructor(
    private readonly table: FingerprintTable,
    prefilter = true,
  ) {
    this.prefilter = prefilter && !table.plainShapes[0];
    this.prefilterQuoted = prefilter && !table.quotedPlainShapes[0];
  }

  detect(input: string): SqliResult {
    return this.run(input, null);
  }

  /**
   * Every fingerprint the detector would accept for `input` if the table held it, in the order
   * the contexts are tried. Used to derive a table from attack corpora.
   */
  candidates(input: string): Candidate[] {
    const out: Candidate[] = [];
    this.run(input, out);
    return out;
  }

  /**
   * Tries the contexts in libinjection's order: as-is, then as MySQL when `#` or `--x` was
   * seen (they mean something else there), then as if preceded by `'`, then by `"`. With `out`
   * it collects candidates instead of stopping at the first hit.
   */
  private run(input: string, out: Candidate[] | null): SqliResult {
    if (input.length === 0) return NOT_SQLI;
    // The pre-check reads the whole value, the detector often only its first tokens (folding
    // stops at five), so it pays only on short values.
    if (out === null && this.prefilter && input.length <= PREFILTER_MAX_LEN) {
      const kinds = plainKinds(input);
      if (kinds >= 0 && !this.table.plainShapes[kinds]) return NOT_SQLI;
    }
    if (this.tryContext(input, QUOTE_NONE | SQL_ANSI, out)) return this.hit();
    if (this.mysqlDiffers() && this.tryContext(input, QUOTE_NONE | SQL_MYSQL, out)) return this.hit();
    const single = input.indexOf("'");
    if (single >= 0 && !(out === null && this.plainRest(input, single))) {
      if (this.tryContext(input, QUOTE_SINGLE | SQL_ANSI, out)) return this.hit();
      if (this.mysqlDiffers() && this.tryContext(input, QUOTE_SINGLE | SQL_MYSQL, out)) {
        return this.hit();
      }
    }
    const double = input.indexOf('"');
    if (double >= 0 && !(out === null && this.plainRest(input, double)) &&
        this.tryContext(input, QUOTE_DOUBLE | SQL_MYSQL, out)) {
      return this.hit();
    }
    return NOT_SQLI;
  }

  /** Whether the quote context opened by the quote at `q` certainly misses (prefilter.ts). */
  private plainRest(input: string, q: number): boolean {
    if (!this.prefilterQuoted || input.length - q > PREFILTER_MAX_LEN) return false;
    const kinds = plainKinds(input, q + 1);
    return kinds >= 0 && !this.table.quotedPlainShapes[kinds];
  }

  /** Fingerprint of `input` in one context, without judging it. */
  fingerprint(input: string, flags: number): string {
    return fingerprintIn(this.st, input, flags);
  }

  private tryContext(input: string, flags: number, out: Candidate[] | null): boolean {
    const key = foldKey(this.st, input, flags);
    const quote = flags & (QUOTE_NONE | QUOTE_SINGLE | QUOTE_DOUBLE);
    if (out !== null) {
      const fp = fingerprintString(this.st);
      if (fp.length > 0 && confirmShort(this.st)) {
        out.push({ quote: quote === QUOTE_SINGLE ? 'single' : quote === QUOTE_DOUBLE ? 'double' : 'none', fingerprint: fp });
      }
      return false;
    }
    if (!this.table.hasKey(key, quote)) return false;
    // The string only on a hit: the short-fingerprint checks and the result read it.
    fingerprintString(this.st);
    return confirmShort(this.st);
  }

  private mysqlDiffers(): boolean {
    return this.st.statsCommentDdx > 0 || this.st.statsCommentHash > 0;
  }

  private hit(): SqliResult {
    return { isSqli: true, fingerprint: this.st.fingerprint };
  }
}
