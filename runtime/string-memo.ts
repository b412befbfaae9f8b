import type { Program } from './program.ts';
import type { Captures } from './operators/types.ts';
import type { Transformation } from './transformations/types.ts';

/**
 * What the optimized program has worked out about one string (shared-work.ts): its transformed
 * forms when it is a value a rule reads, and the literal scan, UTF-8 bytes and regex answers
 * when it is a transformed value an operator reads. Each is a pure function of the string and
 * the program, which is what lets one record serve every rule of a transaction and, through
 * StringMemo, every later transaction that sees the same string.
 */
export class StringWork {
  /** Per chain-prefix id (RuleLink.transformPrefixIds): the work of the string after that prefix. */
  forms: (StringWork | undefined)[] | undefined = undefined;
  /**
   * Transformations applied to the string so far and the work of what each gave (itself when
   * it changed nothing), side by side: chains that differ only in steps that changed nothing
   * (t:urlDecodeUni on a value without %) then share the steps that follow.
   */
  afterFns: Transformation[] | undefined = undefined;
  afterWorks: StringWork[] | undefined = undefined;
  /** Per chain (the id of its full prefix): the distinct forms a multiMatch link tests, itself first. */
  steps: (readonly StringWork[])[] | undefined = undefined;
  /** The literal prefilters it satisfies (Prefilter.index), as a bit set. */
  hits: Int32Array | undefined = undefined;
  /** The work of a string differing from it by ASCII case only, whose hits it shares (shared-work.ts). */
  literalSource: StringWork | undefined = undefined;
  utf8: Buffer | undefined = undefined;
  /** Per RE2 set or compiled @rx: the set's answer (null: not run) or the regex's yes/no. */
  answers: Map<object, Uint8Array | boolean | null> | undefined = undefined;
  /** Per operator that matched it with `capture`: what it captured (null: it did not match). */
  captures: Map<object, Captures | null> | undefined = undefined;

  constructor(
    /** The string itself; in a StringMemo a copy that holds no request text alive. */
    readonly text: string,
    /** Whether a StringMemo keeps it (then what it holds counts against the memo's budget). */
    readonly kept = false,
  ) {}
}

/**
 * StringWork kept across transactions for short strings, bounded in entries and in characters.
 *
 * Real traffic repeats most header values (a browser sends the same User-Agent, Accept and
 * Accept-Language with every request, and a few browsers send most requests) and many argument
 * values; CRS transforms and scans each of them under a dozen chains and runs the regexes
 * whose literals they hold, the User-Agent alone a dozen times per request. Results depend only
 * on the string, so a repeated string reuses them.
 *
 * Two generations of Maps rather than an LRU list: a lookup is one or two Map reads, and when
 * the young generation is full the old one is dropped whole. Strings are copied before they are
 * kept: V8 represents a value cut from a request as a slice of the whole request text, and
 * keeping the slice would keep the text.
 *
 * A string is kept from its second sighting on, as TinyLFU's doorkeeper admits: the first one
 * only leaves its hash in a fixed table. Session ids, nonces and an attacker's random values
 * are seen once; kept, they would all outlive V8's young generation and die in the old one,
 * whose collections then stall requests (measured on all-unique traffic at PL2: p99 5.1 ms
 * kept from the first sighting, against 1.7 ms without any memo).
 */
export class StringMemo {
  private young = new Map<string, StringWork>();
  private old = new Map<string, StringWork>();
  private chars = 0;
  /** Hashes of strings seen once, by their low bits: the doorkeeper. */
  private readonly seen = new Int32Array(1 << 16);

  constructor(
    /** Entries per generation. */
    readonly capacity = 8192,
    /** Characters per generation: strings, forms and bytes charged to it. */
    readonly charBudget = 1 << 22,
    /** Longer strings are worked on per transaction only (see workOf). */
    readonly maxLength = 256,
  ) {}

  /** The kept work of `s`; undefined the first time `s` is seen (lately), which keeps nothing. */
  get(s: string): StringWork | undefined {
    let w = this.young.get(s);
    if (w !== undefined) return w;
    w = this.old.get(s);
    if (w === undefined) {
      const h = hash(s);
      const slot = h & (this.seen.length - 1);
      if (this.seen[slot] !== h) {
        this.seen[slot] = h;
        return undefined;
      }
      w = new StringWork(detach(s), true);
      this.chars += s.length;
    }
    if (this.young.size >= this.capacity || this.chars >= this.charBudget) this.rotate();
    this.young.set(w.text, w);
    return w;
  }

  /** Counts characters kept on behalf of an entry (a transformed form, UTF-8 bytes). */
  charge(n: number): void {
    this.chars += n;
  }

  /** Entries now held, both generations. */
  get size(): number {
    return this.young.size + this.old.size;
  }

  private rotate(): void {
    this.old = this.young;
    this.young = new Map();
    this.chars = 0;
  }
}

/** FNV-1a over the string's char codes: cheap, and only the doorkeeper relies on it. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * A copy of `s` that does not point into the string it was cut from. Prepending a character
 * forces V8 to build a new flat string; the slice of it keeps only that copy. (Strings under 13
 * characters are always copied when sliced.)
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

const memos = new WeakMap<Program, StringMemo>();

/** The memo of an optimized program, shared by its transactions; none for the naive program. */
export function memoOf(program: Program): StringMemo | null {
  if (!program.optimized) return null;
  let m = memos.get(program);
  if (m === undefined) memos.set(program, (m = new StringMemo()));
  return m;
}
