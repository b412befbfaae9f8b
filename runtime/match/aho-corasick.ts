/**
 * Aho-Corasick multi-phrase matcher, case-insensitive over ASCII only (A-Z folds to a-z, every
 * other char code is compared as is), which is how ModSecurity's acmp folds with tolower() in the
 * C locale for @pm / @pmFromFile.
 *
 * Layout: the trie's edges are stored sparsely (per state a run in `edgeLabel` / `edgeTarget`,
 * linearly scanned: deep states nearly always have one child), plus one dense 256-entry row for
 * the root, where most transitions happen. Failure links make a search linear in the input
 * length (each char moves one edge down and at most that many fail links back up). Memory is
 * O(total phrase length); CRS's largest data file (php-errors.data, ~70 KB) stays well under a
 * megabyte, where a full DFA table would cost states x alphabet.
 *
 * Scanning walks a lazily built DFA on top: the first time a state is left, its row of
 * transitions (one per character class: the distinct folded characters of the phrases, plus one
 * class for every other character, which always leads back to the root) is computed from the
 * trie and fail links and kept. Benign text visits a few hundred states, so the rows stay small,
 * and a step is one array read instead of edge scans and fail-link chases (the program-wide
 * literal automaton over CRS has ~90,000 states: a full table would be ~37 MB). Past a row budget
 * the walk falls back to the trie. collect() walks a long input in four parts at once, in
 * WebAssembly (scan-kernel.ts), over the same rows.
 */

import { ScanKernel, STREAMS } from './scan-kernel.ts';

/** One occurrence: which phrase (index into `phrases`) and where it sits in the input. */
export interface AcMatch {
  readonly index: number;
  /** Offset of the phrase's first char in the input. */
  readonly start: number;
  /** Offset just past the phrase's last char. */
  readonly end: number;
}

const ROOT = 0;
const NONE = -1;
/** At most this many cached DFA rows per automaton (about 7 MB for 100 character classes). */
const MAX_ROWS = 16384;
/**
 * collect() hands inputs at least this long to the interleaved kernel (scan-kernel.ts). Alone,
 * the kernel wins from ~64 chars on; on the benchmark's requests, values of 64 to 1,000 chars
 * (headers, form fields) came out no faster, as writing the input into the kernel's memory and
 * joining its parts eat the gain.
 */
const KERNEL_FROM = 1024;

function fold(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

/** ASCII-only lower-casing, as the automaton compares. */
export function asciiLower(s: string): string {
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return upper || hasUpper(s, i) ? foldAscii(s) : s;
    if (c >= 0x41 && c <= 0x5a) upper = true;
  }
  // Pure ASCII: the native lower-casing folds exactly A-Z, and gives a flat string.
  return upper ? s.toLowerCase() : s;
}

function hasUpper(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return true;
  }
  return false;
}

/** asciiLower for a string with non-ASCII chars, which must keep their case. */
function foldAscii(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) {
      out += s.slice(from, i) + String.fromCharCode(c | 0x20);
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

export class AhoCorasick {
  /** The phrases as given; match indices point here. */
  readonly phrases: readonly string[];
  private readonly rootNext: Int32Array;
  private readonly edgeStart: Int32Array;
  private readonly edgeCount: Int32Array;
  private readonly edgeLabel: Uint16Array;
  private readonly edgeTarget: Int32Array;
  private readonly fail: Int32Array;
  /** Phrase index ending exactly at this state (the longest one ending here), or NONE. */
  private readonly term: Int32Array;
  /** Nearest proper suffix state (along fail links) that ends a phrase, or NONE. */
  private readonly outLink: Int32Array;
  private readonly depth: Int32Array;
  /** The state whose phrase (or nearest phrase-ending suffix) is reported on reaching a state. */
  private readonly emit: Int32Array;
  /** Folded char code (< 256) → character class; class 0: no phrase has the char. */
  private readonly classOf: Uint8Array | null;
  private readonly classCount: number;
  /** A representative char per class, to compute rows. */
  private readonly classChar: number[];
  /** Per state, where its cached row starts in `table`, or NONE. */
  private readonly rowAt: Int32Array;
  /** Cached rows, back to back: `table[rowAt[s] + class]` is the next state. */
  private table: Int32Array;
  /**
   * The same rows for collect()'s loop: the next state's own row offset when that state has a
   * row and reports nothing, else -1 - the state (the loop then reports, builds the row, and
   * patches the entry so that the next pass goes straight through). One read per char.
   */
  private jump: Int32Array;
  private rowCount = 0;
  /** Per cached row (its offset / classCount), the depth of its state. */
  private readonly rowDepth: number[] = [];
  /**
   * Entries collect() pointed past a reporting state for the rest of one scan (its phrases are
   * reported once per scan), as (index, entry to put back) pairs.
   */
  private readonly undo: number[] = [];
  /** Where a row-budget stop happened: the state to finish on the trie from, after `haltAt`. */
  private haltState = ROOT;
  private haltAt = 0;
  /** The interleaved kernel, once a long input asked for it (null: not available). */
  private kernel: ScanKernel | null | undefined = undefined;

  /**
   * Builds the automaton. Phrases equal after ASCII folding share one state; the match reports
   * the first of them. An empty phrase matches at every position, as `includes('')` does.
   */
  constructor(phrases: readonly string[], private readonly maxRows = MAX_ROWS) {
    this.phrases = phrases.slice();
    // Build-time trie with per-node child lists; flattened into typed arrays below.
    const kids: Array<Array<number>> = [[]]; // pairs [label, target, label, target, ...]
    const termB: number[] = [NONE];
    const depthB: number[] = [0];
    for (let p = 0; p < phrases.length; p++) {
      const s = phrases[p];
      let node = ROOT;
      for (let i = 0; i < s.length; i++) {
        const c = fold(s.charCodeAt(i));
        const list = kids[node];
        let next = NONE;
        for (let k = 0; k < list.length; k += 2) {
          if (list[k] === c) {
            next = list[k + 1];
            break;
          }
        }
        if (next === NONE) {
          next = kids.length;
          kids.push([]);
          termB.push(NONE);
          depthB.push(i + 1);
          list.push(c, next);
        }
        node = next;
      }
      if (termB[node] === NONE) termB[node] = p;
    }

    const n = kids.length;
    this.edgeStart = new Int32Array(n);
    this.edgeCount = new Int32Array(n);
    let total = 0;
    for (let s = 0; s < n; s++) total += kids[s].length >> 1;
    this.edgeLabel = new Uint16Array(total);
    this.edgeTarget = new Int32Array(total);
    let at = 0;
    for (let s = 0; s < n; s++) {
      const list = kids[s];
      this.edgeStart[s] = at;
      this.edgeCount[s] = list.length >> 1;
      for (let k = 0; k < list.length; k += 2) {
        this.edgeLabel[at] = list[k];
        this.edgeTarget[at] = list[k + 1];
        at++;
      }
    }
    this.term = Int32Array.from(termB);
    this.depth = Int32Array.from(depthB);
    this.rootNext = new Int32Array(256).fill(NONE);
    for (let k = 0; k < kids[ROOT].length; k += 2) {
      if (kids[ROOT][k] < 256) this.rootNext[kids[ROOT][k]] = kids[ROOT][k + 1];
    }
    this.fail = new Int32Array(n);
    this.outLink = new Int32Array(n).fill(NONE);
    this.linkFailures(n);
    this.emit = new Int32Array(n);
    for (let st = 0; st < n; st++) this.emit[st] = this.term[st] !== NONE ? st : this.outLink[st];
    const labels = new Set<number>(this.edgeLabel);
    this.rowAt = new Int32Array(n).fill(NONE);
    this.table = new Int32Array(0);
    this.jump = new Int32Array(0);
    this.classChar = [NONE];
    if ([...labels].some((c) => c >= 256)) {
      // Phrases beyond one byte per char do not occur in rules (values are byte strings); such
      // an automaton just walks the trie.
      this.classOf = null;
      this.classCount = 0;
    } else {
      this.classOf = new Uint8Array(256);
      for (const c of [...labels].sort((a, b) => a - b)) {
        this.classOf[c] = this.classChar.length;
        this.classChar.push(c);
      }
      for (let c = 0x41; c <= 0x5a; c++) this.classOf[c] = this.classOf[c | 0x20];
      this.classCount = this.classChar.length;
    }
  }

  /** The DFA transition from `s` on `c`: a cached row when possible. */
  private next(s: number, c: number): number {
    const classOf = this.classOf;
    if (classOf === null) return this.step(s, fold(c));
    if (c >= 256) return ROOT;
    let at = this.rowAt[s];
    if (at === NONE) {
      at = this.addRow(s);
      if (at === NONE) return this.step(s, fold(c));
    }
    return this.table[at + classOf[c]];
  }

  /** Computes and caches the row of `s`; NONE once the row budget is spent. */
  private addRow(s: number): number {
    if (this.rowCount >= this.maxRows) return NONE;
    const width = this.classCount;
    const at = this.rowCount * width;
    if (at + width > this.table.length) {
      const grown = new Int32Array(Math.max(width * 64, this.table.length * 2));
      grown.set(this.table);
      this.table = grown;
    }
    // A kernel's jump table is sized for every row at once and never moves.
    if (at + width > this.jump.length) {
      const grown = new Int32Array(this.table.length);
      grown.set(this.jump);
      this.jump = grown;
    }
    for (let k = 0; k < width; k++) {
      const t = k === 0 ? ROOT : this.step(s, this.classChar[k]);
      this.table[at + k] = t;
      this.jump[at + k] = this.emit[t] === NONE && this.rowAt[t] !== NONE ? this.rowAt[t] : -1 - t;
    }
    this.rowAt[s] = at;
    this.rowDepth[this.rowCount] = this.depth[s];
    this.rowCount++;
    return at;
  }

  /** Breadth-first so that every state's fail target is finished before its children need it. */
  private linkFailures(n: number): void {
    const queue = new Int32Array(n);
    let head = 0;
    let tail = 0;
    const rootTerminal = this.term[ROOT] !== NONE;
    for (let e = this.edgeStart[ROOT], end = e + this.edgeCount[ROOT]; e < end; e++) {
      const child = this.edgeTarget[e];
      this.fail[child] = ROOT;
      this.outLink[child] = rootTerminal ? ROOT : NONE;
      queue[tail++] = child;
    }
    while (head < tail) {
      const s = queue[head++];
      for (let e = this.edgeStart[s], end = e + this.edgeCount[s]; e < end; e++) {
        const child = this.edgeTarget[e];
        const c = this.edgeLabel[e];
        let f = this.fail[s];
        let g = this.child(f, c);
        while (g === NONE && f !== ROOT) {
          f = this.fail[f];
          g = this.child(f, c);
        }
        const target = g === NONE ? ROOT : g;
        this.fail[child] = target;
        this.outLink[child] = this.term[target] !== NONE ? target : this.outLink[target];
        queue[tail++] = child;
      }
    }
  }

  private child(s: number, c: number): number {
    if (s === ROOT && c < 256) return this.rootNext[c];
    const start = this.edgeStart[s];
    for (let e = start, end = start + this.edgeCount[s]; e < end; e++) {
      if (this.edgeLabel[e] === c) return this.edgeTarget[e];
    }
    return NONE;
  }

  private step(s: number, c: number): number {
    for (;;) {
      const g = this.child(s, c);
      if (g !== NONE) return g;
      if (s === ROOT) return ROOT;
      s = this.fail[s];
    }
  }

  /**
   * The occurrence that ends first; among those ending at the same offset, the longest phrase.
   * That is the phrase acmp reports for @pm (it stops at the first end position).
   */
  search(input: string): AcMatch | null {
    if (this.term[ROOT] !== NONE) return { index: this.term[ROOT], start: 0, end: 0 };
    let s = ROOT;
    for (let i = 0; i < input.length; i++) {
      s = this.next(s, input.charCodeAt(i));
      const hit = this.emit[s];
      if (hit !== NONE) {
        const end = i + 1;
        return { index: this.term[hit], start: end - this.depth[hit], end };
      }
    }
    return null;
  }

  /** Like search(), but only the phrase index (-1 when none): no allocation on the hot path. */
  searchIndex(input: string): number {
    if (this.term[ROOT] !== NONE) return this.term[ROOT];
    let s = ROOT;
    for (let i = 0; i < input.length; i++) {
      s = this.next(s, input.charCodeAt(i));
      const hit = this.emit[s];
      if (hit !== NONE) return this.term[hit];
    }
    return NONE;
  }

  /** Whether any phrase occurs in the input. */
  test(input: string): boolean {
    return this.searchIndex(input) !== NONE;
  }

  /**
   * Every occurrence, ordered by end offset and, at one end offset, longest first. An empty
   * phrase is reported at every offset 0..input.length.
   */
  searchAll(input: string): AcMatch[] {
    const out: AcMatch[] = [];
    if (this.term[ROOT] !== NONE) out.push({ index: this.term[ROOT], start: 0, end: 0 });
    let s = ROOT;
    for (let i = 0; i < input.length; i++) {
      s = this.next(s, input.charCodeAt(i));
      const end = i + 1;
      for (let h = this.emit[s]; h !== NONE; h = this.outLink[h]) {
        out.push({ index: this.term[h], start: end - this.depth[h], end });
      }
    }
    return out;
  }

  /**
   * Pushes to `ids` each phrase that occurs, once. `seen` is scratch space of one byte per
   * phrase, all zero on entry; the caller clears the entries listed in `ids` afterwards.
   */
  collect(input: string, seen: Uint8Array, ids: number[]): void {
    if (this.term[ROOT] !== NONE && seen[this.term[ROOT]] === 0) {
      seen[this.term[ROOT]] = 1;
      ids.push(this.term[ROOT]);
    }
    const root = this.classOf === null ? NONE : this.rowAt[ROOT] !== NONE ? this.rowAt[ROOT] : this.addRow(ROOT);
    if (root === NONE) {
      this.collectFrom(input, 0, ROOT, seen, ids);
      return;
    }
    const kernel = input.length < KERNEL_FROM ? null : this.kernel === undefined ? this.attachKernel() : this.kernel;
    if (kernel !== null) {
      const done = this.collectLong(input, root, kernel, seen, ids);
      this.putBack();
      // Row budget spent (only once ~16,000 states have rows): finish on the trie, from the
      // start, as reports are idempotent.
      if (!done) this.collectFrom(input, 0, ROOT, seen, ids);
      return;
    }
    const end = this.walk(input, 0, input.length, root, seen, ids);
    this.putBack();
    if (end === NONE) this.collectFrom(input, this.haltAt + 1, this.haltState, seen, ids);
  }

  /**
   * The hot loop of the prefilter (every transformed value goes through it): from row `at`, one
   * read of the jump table per char of input[from, to) while nothing is to be reported. Returns
   * the row reached, or NONE at a row-budget stop (haltAt, haltState).
   */
  private walk(input: string, from: number, to: number, at: number, seen: Uint8Array, ids: number[]): number {
    const classOf = this.classOf!;
    let jump = this.jump;
    for (let i = from; i < to; i++) {
      const c = input.charCodeAt(i);
      const k = c < 256 ? classOf[c] : 0;
      const e = jump[at + k];
      if (e >= 0) {
        at = e;
        continue;
      }
      at = this.leave(at + k, e, seen, ids);
      if (at === NONE) {
        this.haltAt = i;
        return NONE;
      }
      // Adding a row may have moved the table.
      jump = this.jump;
    }
    return at;
  }

  /**
   * The step off the fast path, for jump entry `index` holding `entry` (-1 - the next state):
   * reports what the state ends, builds its row if it has none, and points the entry at the row,
   * so that the next pass goes straight through. For a reporting state only until the scan
   * ends (putBack): its phrases are reported once per scan, and a state that reports is left
   * again and again on ordinary text (~1,700 times in a 33 KB English body).
   */
  private leave(index: number, entry: number, seen: Uint8Array, ids: number[]): number {
    const s = -1 - entry;
    const reports = this.emit[s] !== NONE;
    if (reports) this.report(s, seen, ids);
    let next = this.rowAt[s];
    if (next === NONE) {
      next = this.addRow(s);
      if (next === NONE) {
        this.haltState = s;
        return NONE;
      }
    }
    if (reports) this.undo.push(index, entry);
    this.jump[index] = next;
    return next;
  }

  /** Restores the entries leave() pointed past reporting states during one scan. */
  private putBack(): void {
    const undo = this.undo;
    for (let u = undo.length - 2; u >= 0; u -= 2) this.jump[undo[u]] = undo[u + 1];
    undo.length = 0;
  }

  /** Moves the jump table into a kernel's memory; null, for good, where no kernel can be made. */
  private attachKernel(): ScanKernel | null {
    const kernel = ScanKernel.create(this.classOf!, this.maxRows * this.classCount);
    if (kernel !== null) {
      kernel.jump.set(this.jump.subarray(0, this.rowCount * this.classCount));
      this.jump = kernel.jump;
    }
    this.kernel = kernel;
    return kernel;
  }

  /**
   * collect() for a long input, window by window of the kernel's memory, each window cut into
   * STREAMS parts walked at once. Every part but the first starts at the root, as if the input
   * began there, so it may miss an occurrence that crosses into it from the part before; it
   * never reports one that is not there. The part before is therefore walked on past its end
   * until its state is no deeper than the chars the next part has seen: from there both are in
   * the same state (an automaton state is the longest suffix of the text read that starts a
   * phrase). On ordinary text that is a few chars. False at a row-budget stop.
   */
  private collectLong(input: string, root: number, kernel: ScanKernel, seen: Uint8Array, ids: number[]): boolean {
    let carry = root;
    for (let from = 0; from < input.length; from += kernel.window) {
      const count = Math.min(kernel.window, input.length - from);
      carry = count < KERNEL_FROM ? this.walk(input, from, from + count, carry, seen, ids) : this.walkWindow(input, from, count, carry, root, kernel, seen, ids);
      if (carry === NONE) return false;
    }
    return true;
  }

  /** One window of collectLong, entered in row `start`; returns the row it leaves in. */
  private walkWindow(input: string, from: number, count: number, start: number, root: number, kernel: ScanKernel, seen: Uint8Array, ids: number[]): number {
    const classOf = this.classOf!;
    const stride = Math.ceil(count / STREAMS);
    // Every part is `stride` chars but the last, which is shorter by less than STREAMS: the
    // kernel walks all of them `last` chars, the others finish below.
    const last = count - (STREAMS - 1) * stride;
    kernel.load(input, from, count, stride);
    kernel.setRow(0, start);
    for (let k = 1; k < STREAMS; k++) kernel.setRow(k, root);
    for (let t = kernel.walk(0, last); t < last; t = kernel.walk(t + 1, last)) {
      for (let k = 0; k < STREAMS; k++) {
        const e = kernel.entry(k);
        let row = e;
        if (e < 0) {
          const c = input.charCodeAt(from + k * stride + t);
          row = this.leave(kernel.row(k) + (c < 256 ? classOf[c] : 0), e, seen, ids);
          if (row === NONE) return NONE;
        }
        kernel.setRow(k, row);
      }
    }
    const ends: number[] = new Array(STREAMS);
    for (let k = 0; k < STREAMS; k++) {
      const begin = from + k * stride;
      ends[k] = k === STREAMS - 1 ? kernel.row(k) : this.walk(input, begin + last, begin + stride, kernel.row(k), seen, ids);
      if (ends[k] === NONE) return NONE;
    }
    let carry = ends[0];
    for (let k = 1; k < STREAMS; k++) {
      const begin = from + k * stride;
      const end = Math.min(from + count, begin + stride);
      let row = carry;
      let i = begin;
      while (this.rowDepth[row / this.classCount] > i - begin && i < end) {
        row = this.walk(input, i, i + 1, row, seen, ids);
        if (row === NONE) return NONE;
        i++;
      }
      carry = this.rowDepth[row / this.classCount] <= i - begin ? ends[k] : row;
    }
    return carry;
  }

  private report(s: number, seen: Uint8Array, ids: number[]): void {
    for (let h = this.emit[s]; h !== NONE; h = this.outLink[h]) {
      const t = this.term[h];
      if (seen[t] === 0) {
        seen[t] = 1;
        ids.push(t);
      }
    }
  }

  /** collect() on the trie from state `s` at offset `from`. */
  private collectFrom(input: string, from: number, s: number, seen: Uint8Array, ids: number[]): void {
    for (let i = from; i < input.length; i++) {
      s = this.step(s, fold(input.charCodeAt(i)));
      if (this.emit[s] !== NONE) this.report(s, seen, ids);
    }
  }

  /** Indices of the distinct phrases that occur, ascending. */
  matchedIndices(input: string): number[] {
    const seen = new Set<number>();
    for (const m of this.searchAll(input)) seen.add(m.index);
    return [...seen].sort((a, b) => a - b);
  }
}
