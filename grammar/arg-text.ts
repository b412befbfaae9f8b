import type { Span } from '../core/span.ts';

/**
 * The text of one directive argument as ModSecurity sees it (quotes removed, `\"` unescaped,
 * line continuations joined), with a map from each character back to its source offset so
 * that the argument parsers can point diagnostics at the exact character.
 */
export class ArgText {
  constructor(
    readonly text: string,
    /** map[i] is the source offset of text[i]; map[text.length] is where the content ends. */
    private readonly map: Int32Array,
    readonly fileId: number,
    /** The whole token, quotes included. */
    readonly span: Span,
    readonly quote: '"' | "'" | null,
  ) {}

  spanOf(from: number, to: number): Span {
    const len = this.text.length;
    const a = Math.max(0, Math.min(from, len));
    const b = Math.max(a, Math.min(to, len));
    const start = this.map[a];
    return { fileId: this.fileId, start, end: b > a ? this.map[b - 1] + 1 : start };
  }

  /**
   * The text between a pair of single quotes inside this argument (an action value such as
   * `msg:'it\'s'`), with `\'` unescaped, as a new ArgText that still maps to the source.
   */
  unquoted(from: number, to: number): ArgText {
    const out: string[] = [];
    const map: number[] = [];
    for (let i = from; i < to; i++) {
      if (this.text.charCodeAt(i) === BACKSLASH && this.text[i + 1] === "'" && i + 1 < to) i++;
      out.push(this.text[i]);
      map.push(this.map[i]);
    }
    map.push(this.map[to]);
    return new ArgText(out.join(''), Int32Array.from(map), this.fileId, this.spanOf(from - 1, to + 1), "'");
  }

  /** A slice of this argument as an ArgText of its own. */
  slice(from: number, to: number): ArgText {
    return new ArgText(this.text.slice(from, to), this.map.slice(from, to + 1), this.fileId, this.spanOf(from, to), null);
  }
}

const BACKSLASH = 92;

/**
 * Builds an ArgText from a token image at `offset`. Inside quotes, a backslash before the
 * quote character yields the quote and a backslash before a line end joins the lines; any
 * other backslash stays, so that `\d` reaches the regex engine intact (as in Apache's and
 * ModSecurity's configuration readers).
 */
export function argText(image: string, offset: number, fileId: number): ArgText {
  const first = image.charCodeAt(0);
  const quote = first === 34 ? '"' : first === 39 ? "'" : null;
  const span: Span = { fileId, start: offset, end: offset + image.length };
  const from = quote ? 1 : 0;
  const to = quote && image.length > 1 && image[image.length - 1] === quote ? image.length - 1 : image.length;
  if (image.indexOf('\\', from) < 0) {
    const text = image.slice(from, to);
    const map = new Int32Array(text.length + 1);
    for (let i = 0; i <= text.length; i++) map[i] = offset + from + i;
    return new ArgText(text, map, fileId, span, quote);
  }
  const out: string[] = [];
  const map: number[] = [];
  const q = quote ? quote.charCodeAt(0) : -1;
  for (let i = from; i < to; i++) {
    const c = image.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < to) {
      let j = i + 1;
      while (j < to && (image.charCodeAt(j) === 32 || image.charCodeAt(j) === 9)) j++;
      if (j < to && (image.charCodeAt(j) === 10 || (image.charCodeAt(j) === 13 && image.charCodeAt(j + 1) === 10))) {
        i = image.charCodeAt(j) === 13 ? j + 1 : j;
        continue;
      }
      if (image.charCodeAt(i + 1) === q) {
        out.push(image[i + 1]);
        map.push(offset + i);
        i++;
        continue;
      }
      out.push(image[i], image[i + 1]);
      map.push(offset + i, offset + i + 1);
      i++;
      continue;
    }
    out.push(image[i]);
    map.push(offset + i);
  }
  map.push(offset + to);
  return new ArgText(out.join(''), Int32Array.from(map), fileId, span, quote);
}
