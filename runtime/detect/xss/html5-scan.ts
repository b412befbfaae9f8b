/**
 * Byte classes and terminator searches of the HTML5 tokenizer (libinjection_html5.c).
 * The searches use native indexOf and resume after a false candidate, so each is linear.
 */

export const CH_NUL = 0x00;
export const CH_BANG = 0x21;
export const CH_DASH = 0x2d;
export const CH_GT = 0x3e;
export const CH_RBRACKET = 0x5d;

/**
 * Whitespace as libinjection's h5_is_white tests it: `strchr(" \t\n\v\f\r", ch)`, which also
 * matches NUL (strchr finds the terminator), so NUL separates names and values too.
 */
export function isWhite(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === CH_NUL;
}

export function isAsciiAlpha(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** Case-insensitive ASCII compare of `s` at `pos` with an upper-case `word`. */
export function matchesUpper(s: string, pos: number, word: string): boolean {
  if (pos + word.length > s.length) return false;
  for (let i = 0; i < word.length; i++) {
    let c = s.charCodeAt(pos + i);
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    if (c !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Where a `<!--` comment body starting at `from` ends: the index of the dash that starts its
 * `--` + `>` or `-!` + `>` terminator (NULs allowed after that dash, as libinjection skips
 * them), or -1 when the comment runs to the end of input. With fewer than three bytes left
 * after a dash there is no room for a terminator.
 */
export function findCommentClose(s: string, from: number): number {
  const len = s.length;
  for (;;) {
    const dash = s.indexOf('-', from);
    if (dash < 0 || dash > len - 3) return -1;
    let q = dash + 1;
    while (q < len && s.charCodeAt(q) === CH_NUL) q++;
    if (q === len) return -1;
    const c = s.charCodeAt(q);
    if (c === CH_DASH || c === CH_BANG) {
      q += 1;
      if (q === len) return -1;
      if (s.charCodeAt(q) === CH_GT) return dash;
    }
    from = dash + 1;
  }
}

/** Index just past the terminator whose dash {@link findCommentClose} returned. */
export function afterCommentClose(s: string, dash: number): number {
  let q = dash + 1;
  while (s.charCodeAt(q) === CH_NUL) q++;
  return q + 2;
}

/** Index of the `]` starting `]]>` at or after `from`, or -1 (libinjection's h5_state_cdata). */
export function findCdataClose(s: string, from: number): number {
  const len = s.length;
  for (;;) {
    const rb = s.indexOf(']', from);
    if (rb < 0 || rb > len - 3) return -1;
    if (s.charCodeAt(rb + 1) === CH_RBRACKET && s.charCodeAt(rb + 2) === CH_GT) return rb;
    from = rb + 1;
  }
}

/** Index of the `%` starting `%>` at or after `from`, or -1 (the `<% … %>` comment). */
export function findPercentClose(s: string, from: number): number {
  const len = s.length;
  for (;;) {
    const pct = s.indexOf('%', from);
    if (pct < 0 || pct + 1 >= len) return -1;
    if (s.charCodeAt(pct + 1) === CH_GT) return pct;
    from = pct + 1;
  }
}
