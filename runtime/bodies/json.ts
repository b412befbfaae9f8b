/**
 * application/json bodies flattened into ARGS the way libmodsecurity v3 names them:
 * - the root is "json"; an object member is `<parent>.<key>` (an empty key is "empty-key");
 *   an array element is `<parent>.array_<index>` (so `{"a":[{"b":1}]}` gives
 *   `json.a.array_0.b`); a scalar root is "json". Coraza writes `json.a.0.b` instead; v3 is
 *   the reference here;
 * - only scalars become arguments: strings decoded to UTF-8 bytes, numbers as their source
 *   text, true / false as "true" / "false", null as "" (as v3's yajl callbacks do);
 * - arguments found before a syntax error are kept, as v3's streaming parser has already
 *   added them when yajl reports the error.
 * Like yajl with ModSecurity's settings, strings must be valid UTF-8 (structurally), control
 * characters must be escaped and comments are errors. An empty body is not an error (v3 issue
 * #1822). The parser is iterative: nesting depth costs heap, never stack.
 */
import type { Arg, JsonOptions, JsonResult } from './types.ts';
import { codePointToBytes, utf8SequenceLength } from './utf8.ts';

/** Parser states (plain numbers: no enum emit needed). */
const S = { Value: 0, ArrayFirst: 1, ObjectFirst: 2, Key: 3, After: 4 } as const;
type S = (typeof S)[keyof typeof S];

class JsonError {
  constructor(readonly message: string) {}
}

class JsonParser {
  pos = 0;
  readonly args: Arg[] = [];
  readonly paths: string[] = [];
  readonly isArray: boolean[] = [];
  readonly counts: number[] = [];
  readonly keys: string[] = [];
  depth = 0;

  constructor(
    readonly s: string,
    readonly depthLimit: number,
    readonly arrayLengths: boolean,
  ) {}

  fail(what: string): never {
    throw new JsonError(`JSON parsing error at byte ${this.pos}: ${what}`);
  }

  skipWs(): void {
    const s = this.s;
    let p = this.pos;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  /** Name for the value about to be read in the current container. */
  name(): string {
    const d = this.depth - 1;
    if (d < 0) return 'json';
    if (this.isArray[d]) return this.paths[d] + '.array_' + this.counts[d];
    return this.paths[d] + '.' + (this.keys[d] === '' ? 'empty-key' : this.keys[d]);
  }

  open(array: boolean): void {
    const path = this.name();
    if (this.depth + 1 > this.depthLimit) {
      throw new JsonError(`JSON depth limit exceeded (${this.depthLimit})`);
    }
    const d = this.depth++;
    this.paths[d] = path;
    this.isArray[d] = array;
    this.counts[d] = 0;
    this.keys[d] = '';
    this.pos++;
  }

  close(nonEmpty: boolean): void {
    const d = --this.depth;
    if (this.arrayLengths && this.isArray[d] && nonEmpty) {
      this.args.push([this.paths[d], String(this.counts[d] + 1)]);
    }
    this.pos++;
  }

  run(): void {
    const s = this.s;
    let state: S = S.Value;
    this.skipWs();
    if (this.pos >= s.length) this.fail('premature EOF');
    for (;;) {
      this.skipWs();
      const c = s.charCodeAt(this.pos);
      switch (state) {
        case S.Value:
          state = this.value(c);
          break;
        case S.ArrayFirst:
          if (c === 0x5d) { this.close(false); state = S.After; } else state = S.Value;
          break;
        case S.ObjectFirst:
          if (c === 0x7d) { this.close(false); state = S.After; } else state = S.Key;
          break;
        case S.Key:
          if (Number.isNaN(c)) this.fail('premature EOF');
          if (c !== 0x22) this.fail('object key must be a string');
          this.keys[this.depth - 1] = this.string();
          this.skipWs();
          if (s.charCodeAt(this.pos) !== 0x3a) this.fail("expected ':' after object key");
          this.pos++;
          state = S.Value;
          break;
        case S.After:
          if (this.depth === 0) {
            if (this.pos < s.length) this.fail('trailing garbage');
            return;
          }
          state = this.after(c);
          break;
      }
    }
  }

  after(c: number): S {
    const d = this.depth - 1;
    if (c === 0x2c) {
      this.pos++;
      if (this.isArray[d]) {
        this.counts[d]++;
        return S.Value;
      }
      return S.Key;
    }
    if (c === (this.isArray[d] ? 0x5d : 0x7d)) {
      this.close(true);
      return S.After;
    }
    if (Number.isNaN(c)) this.fail('premature EOF');
    return this.fail(this.isArray[d] ? "expected ',' or ']'" : "expected ',' or '}'");
  }

  value(c: number): S {
    if (c === 0x7b) { this.open(false); return S.ObjectFirst; }
    if (c === 0x5b) { this.open(true); return S.ArrayFirst; }
    const name = this.name();
    if (c === 0x22) this.args.push([name, this.string()]);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) this.args.push([name, this.number()]);
    else if (this.s.startsWith('true', this.pos)) { this.pos += 4; this.args.push([name, 'true']); }
    else if (this.s.startsWith('false', this.pos)) { this.pos += 5; this.args.push([name, 'false']); }
    else if (this.s.startsWith('null', this.pos)) { this.pos += 4; this.args.push([name, '']); }
    else if (Number.isNaN(c)) this.fail('premature EOF');
    else this.fail('invalid char in json text');
    return S.After;
  }

  number(): string {
    const s = this.s;
    const start = this.pos;
    let p = start;
    const digits = (): void => {
      const from = p;
      while (s.charCodeAt(p) >= 0x30 && s.charCodeAt(p) <= 0x39) p++;
      if (p === from) { this.pos = p; this.fail('malformed number'); }
    };
    if (s.charCodeAt(p) === 0x2d) p++;
    if (s.charCodeAt(p) === 0x30) p++;
    else digits();
    if (s.charCodeAt(p) === 0x2e) { p++; digits(); }
    if ((s.charCodeAt(p) | 0x20) === 0x65) {
      p++;
      if (s.charCodeAt(p) === 0x2b || s.charCodeAt(p) === 0x2d) p++;
      digits();
    }
    this.pos = p;
    return s.slice(start, p);
  }

  /** Reads a string at `pos` (on the opening quote); returns its bytes, escapes decoded. */
  string(): string {
    const s = this.s;
    let p = this.pos + 1;
    let out = '';
    let run = p;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 0x22) break;
      if (c === 0x5c) {
        out += s.slice(run, p);
        this.pos = p;
        const [bytes, next] = this.escape(p);
        out += bytes;
        p = run = next;
      } else if (c < 0x20 || Number.isNaN(c)) {
        this.pos = p;
        this.fail(Number.isNaN(c) ? 'premature EOF in string' : 'invalid char in string');
      } else if (c < 0x80) {
        p++;
      } else {
        const n = utf8SequenceLength(s, p);
        if (n === 0) { this.pos = p; this.fail('invalid bytes in UTF8 string'); }
        p += n;
      }
    }
    this.pos = p + 1;
    return out + s.slice(run, p);
  }

  /** Decodes the escape at `p` (on the backslash): [bytes, index after]. */
  escape(p: number): [string, number] {
    const e = this.s[p + 1];
    switch (e) {
      case '"': case '\\': case '/': return [e, p + 2];
      case 'b': return ['\b', p + 2];
      case 'f': return ['\f', p + 2];
      case 'n': return ['\n', p + 2];
      case 'r': return ['\r', p + 2];
      case 't': return ['\t', p + 2];
      case 'u': return this.unicodeEscape(p);
      default: return this.fail('invalid escape in string');
    }
  }

  unicodeEscape(p: number): [string, number] {
    const hi = this.hex4(p + 2);
    if (hi >= 0xd800 && hi <= 0xdbff && this.s[p + 6] === '\\' && this.s[p + 7] === 'u') {
      const lo = this.hex4(p + 8);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        return [codePointToBytes(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)), p + 12];
      }
    }
    // A lone surrogate has no UTF-8 form; yajl writes '?' for it.
    if (hi >= 0xd800 && hi <= 0xdfff) return ['?', p + 6];
    return [codePointToBytes(hi), p + 6];
  }

  hex4(at: number): number {
    let v = 0;
    for (let i = at; i < at + 4; i++) {
      const c = this.s.charCodeAt(i);
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
      else { this.pos = i; return this.fail('invalid hex digit in \\u escape'); }
      v = (v << 4) | d;
    }
    return v;
  }
}

/**
 * Flattens a JSON byte-string body into ARGS. `depthLimit` is SecRequestBodyJsonDepthLimit:
 * more than that many nested objects/arrays is an error. Never throws.
 */
export function parseJson(body: string, opts: JsonOptions): JsonResult {
  if (body.length === 0) return { args: [], error: null };
  const parser = new JsonParser(body, opts.depthLimit, opts.arrayLengths === true);
  try {
    parser.run();
    return { args: parser.args, error: null };
  } catch (e) {
    if (e instanceof JsonError) return { args: parser.args, error: e.message };
    // Only an engine failure (e.g. out of memory) lands here; report it rather than throw.
    return { args: parser.args, error: `JSON parsing error: ${String(e)}` };
  }
}
