/**
 * The inner loop of AhoCorasick.collect for long inputs, as a small WebAssembly function that
 * walks four parts of the input at once.
 *
 * Why: a DFA walk is one dependent table load per char: the next read needs the state the last
 * one produced. On one stream the CPU waits for each load in turn (~4 ns/char in V8's code for
 * the JavaScript loop, ~2.6 in WebAssembly). Four independent walks overlap those waits: on a
 * 33 KB body the scan took ~130 µs in JavaScript and ~30 µs here. No library offers a scanner
 * over our automaton's own lazily built rows, and the loop is a few dozen instructions, so it is
 * written out below, byte by byte, with its text form alongside.
 *
 * Memory layout (one memory per automaton that uses a kernel):
 * - [0, 65536): char code (UTF-16 unit) → character class, one byte each; 0 past 0xFF;
 * - [SLOTS, SLOTS + 192): per stream its current row offset, its text base address, and the
 *   table entry it stopped on;
 * - [JUMP, …): the automaton's jump table (AhoCorasick.jump), as many rows as it may ever build,
 *   so that it never moves (pages never touched cost no memory);
 * - then the text window, UTF-16LE, `window` chars.
 */

/** How many parts of the input one call walks at once (4 measured fastest; 8 spills registers). */
export const STREAMS = 4;

const CLASSES = 0;
const SLOTS = 65536;
const JUMP = SLOTS + 256;

export class ScanKernel {
  private readonly run: (t: number, end: number) => number;
  /** The automaton's jump table, in the kernel's memory. */
  readonly jump: Int32Array;
  private readonly slots: Int32Array;
  private readonly bytes: Buffer;
  private readonly textAt: number;

  private constructor(
    memory: WebAssembly.Memory,
    run: (t: number, end: number) => number,
    classOf: Uint8Array,
    jumpSize: number,
    /** Chars of input one window holds. */
    readonly window: number,
  ) {
    this.run = run;
    new Uint8Array(memory.buffer, CLASSES, 256).set(classOf);
    this.slots = new Int32Array(memory.buffer, SLOTS, 48);
    this.jump = new Int32Array(memory.buffer, JUMP, jumpSize);
    this.textAt = JUMP + 4 * jumpSize;
    this.bytes = Buffer.from(memory.buffer, this.textAt, 2 * window);
  }

  /**
   * A kernel for an automaton with these character classes (a byte per char code below 256) and
   * a jump table of up to `jumpSize` entries; null where WebAssembly is not available.
   */
  static create(classOf: Uint8Array, jumpSize: number, window = 1 << 17): ScanKernel | null {
    if (typeof WebAssembly !== 'object') return null;
    const size = JUMP + 4 * jumpSize + 2 * window;
    try {
      const memory = new WebAssembly.Memory({ initial: Math.ceil(size / 65536) });
      const instance = new WebAssembly.Instance(new WebAssembly.Module(build(STREAMS)), { m: { memory } });
      return new ScanKernel(memory, instance.exports.run as (t: number, end: number) => number, classOf, jumpSize, window);
    } catch {
      return null;
    }
  }

  /**
   * Writes `count` chars of `input` from `from` into the window and points stream k at char
   * `k * stride` of it, in row `row` (the caller sets the other streams' rows).
   */
  load(input: string, from: number, count: number, stride: number): void {
    this.bytes.write(from === 0 && count === input.length ? input : input.slice(from, from + count), 0, 'utf16le');
    for (let k = 0; k < STREAMS; k++) this.slots[16 + k] = this.textAt + 2 * k * stride;
  }

  /**
   * Walks every stream from char `t` to char `end` of its part; returns where it stopped: `end`,
   * or the first char at which some stream's entry is negative (see AhoCorasick.jump). At a stop,
   * row(k) is each stream's row before that char and entry(k) the entry it read.
   */
  walk(t: number, end: number): number {
    return this.run(2 * t, 2 * end) >> 1;
  }

  row(k: number): number {
    return this.slots[k];
  }

  setRow(k: number, row: number): void {
    this.slots[k] = row;
  }

  entry(k: number): number {
    return this.slots[32 + k];
  }
}

/**
 * The kernel module for `w` streams. In WebAssembly's text form, with `…` for the same again per
 * stream:
 *
 *   (func (export "run") (param $t i32) (param $end i32) (result i32)
 *     (local $a0 i32) … (local $x0 i32) … (local $b0 i32) …   ;; row, entry, text base
 *     (local.set $a0 (i32.load offset=SLOTS (i32.const 0))) …
 *     (local.set $b0 (i32.load offset=SLOTS+64 (i32.const 0))) …
 *     (loop $char
 *       (if (i32.ge_u (local.get $t) (local.get $end))
 *         (then (i32.store offset=SLOTS (i32.const 0) (local.get $a0)) … (return (local.get $t))))
 *       (local.set $x0 (i32.load offset=JUMP (i32.shl (i32.add (local.get $a0)
 *         (i32.load8_u (i32.load16_u (i32.add (local.get $b0) (local.get $t))))) (i32.const 2)))) …
 *       (if (i32.lt_s (i32.or (local.get $x0) …) (i32.const 0))
 *         (then (i32.store offset=SLOTS …$a0) … (i32.store offset=SLOTS+128 …$x0) …
 *               (return (local.get $t))))
 *       (local.set $a0 (local.get $x0)) …
 *       (local.set $t (i32.add (local.get $t) (i32.const 2)))
 *       (br $char))
 *     unreachable)
 */
function build(w: number): Uint8Array<ArrayBuffer> {
  const a = (k: number) => 2 + k;
  const x = (k: number) => 2 + w + k;
  const b = (k: number) => 2 + 2 * w + k;
  const get = (l: number) => [0x20, l];
  const set = (l: number) => [0x21, l];
  const i32 = (n: number) => [0x41, ...sleb(n)];
  const load = (offset: number) => [0x28, 0x02, ...uleb(offset)];
  const store = (offset: number) => [0x36, 0x02, ...uleb(offset)];
  const keepRows = (): number[] => range(w).flatMap((k) => [...i32(0), ...get(a(k)), ...store(SLOTS + 4 * k)]);
  const keepEntries = (): number[] => range(w).flatMap((k) => [...i32(0), ...get(x(k)), ...store(SLOTS + 128 + 4 * k)]);
  const code = [
    0x01, ...uleb(3 * w), 0x7f,
    ...range(w).flatMap((k) => [...i32(0), ...load(SLOTS + 4 * k), ...set(a(k))]),
    ...range(w).flatMap((k) => [...i32(0), ...load(SLOTS + 64 + 4 * k), ...set(b(k))]),
    0x03, 0x40,
    ...get(0), ...get(1), 0x4f, 0x04, 0x40, ...keepRows(), ...get(0), 0x0f, 0x0b,
    ...range(w).flatMap((k) => [...get(a(k)), ...get(b(k)), ...get(0), 0x6a, 0x2f, 0x01, 0x00, 0x2d, 0x00, ...uleb(CLASSES), 0x6a, ...i32(2), 0x74, ...load(JUMP), ...set(x(k))]),
    ...get(x(0)), ...range(w - 1).flatMap((k) => [...get(x(k + 1)), 0x72]),
    ...i32(0), 0x48, 0x04, 0x40, ...keepRows(), ...keepEntries(), ...get(0), 0x0f, 0x0b,
    ...range(w).flatMap((k) => [...get(x(k)), ...set(a(k))]),
    ...get(0), ...i32(2), 0x6a, ...set(0), 0x0c, 0x00,
    0x0b, 0x00, 0x0b,
  ];
  const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
  const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f]),
    ...section(2, [0x01, ...name('m'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...name('run'), 0x00, 0x00]),
    ...section(10, [0x01, ...uleb(code.length), ...code]),
  ]);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
