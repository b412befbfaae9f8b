// Comment transformations, following libmodsecurity v3's remove_comments.cc,
// replace_comments.cc and remove_comments_char.cc.

const SLASH = 0x2f;
const STAR = 0x2a;
const DASH = 0x2d;

function at(input: string, i: number): number {
  return i < input.length ? input.charCodeAt(i) : -1;
}

/** Lowest of two indexOf results, -1 meaning absent. */
function earliest(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

/**
 * Where removeComments first has something to do: the first "#", "/*", "--"
 * or "<!--". Four indexOf calls (native memchr-based searches) cost less than
 * one charCodeAt loop over a value of a few dozen bytes, and most values
 * contain none of them.
 */
function firstCommentMarker(input: string): number {
  const dashes = input.indexOf('--');
  // "<!--" contains "--", so it can only come first when "--" occurs.
  const html = dashes < 0 ? -1 : input.indexOf('<!--');
  return earliest(earliest(input.indexOf('#'), input.indexOf('/*')), earliest(dashes, html));
}

/**
 * t:removeComments: drops /* ... *\/ and <!-- ... --> (either opener may be
 * closed by either closer, as v3 shares one in-comment flag), and truncates
 * the value at the first "--" or "#" outside a comment. An unterminated
 * comment becomes one space.
 *
 * Two v3 quirks are kept on purpose: the byte right after a closer is copied
 * without being examined (so "/**\/--x" keeps "--x"), and a closer that ends
 * the value copies the string's NUL terminator, leaving a trailing 0x00
 * ("a/**\/" becomes "a\0").
 */
export function removeComments(input: string): string {
  const len = input.length;
  const first = firstCommentMarker(input);
  if (first < 0) return input;
  let out = input.slice(0, first);
  let inComment = false;
  let i = first;
  while (i < len) {
    const c = input.charCodeAt(i);
    if (!inComment) {
      if (c === SLASH && at(input, i + 1) === STAR) {
        inComment = true;
        i += 2;
      } else if (c === 0x3c && at(input, i + 1) === 0x21 && at(input, i + 2) === DASH && at(input, i + 3) === DASH) {
        inComment = true;
        i += 4;
      } else if ((c === DASH && at(input, i + 1) === DASH) || c === 0x23) {
        break;
      } else {
        out += input[i];
        i++;
      }
    } else if (c === STAR && at(input, i + 1) === SLASH) {
      inComment = false;
      i += 2;
      out += i < len ? input[i] : '\0';
      i++;
    } else if (c === DASH && at(input, i + 1) === DASH && at(input, i + 2) === 0x3e) {
      inComment = false;
      i += 3;
      out += i < len ? input[i] : '\0';
      i++;
    } else {
      i++;
    }
  }
  if (inComment) out += ' ';
  return out;
}

/**
 * t:replaceComments: each /* ... *\/ becomes one space; an unterminated
 * comment also becomes one space. Nothing else is touched.
 */
export function replaceComments(input: string): string {
  let i = input.indexOf('/*');
  if (i < 0) return input;
  let out = '';
  let start = 0;
  while (i >= 0) {
    out += input.slice(start, i) + ' ';
    const close = input.indexOf('*/', i + 2);
    if (close < 0) return out;
    start = close + 2;
    i = input.indexOf('/*', start);
  }
  return out + input.slice(start);
}

/**
 * t:removeCommentsChar: deletes the comment markers themselves ("/*", "*\/",
 * "<!--", "-->", "--", "#"), scanning left to right, keeping the text between.
 */
export function removeCommentsChar(input: string): string {
  const len = input.length;
  let out = '';
  let start = 0;
  let i = 0;
  while (i < len) {
    const c = input.charCodeAt(i);
    let skip = 0;
    if (c === SLASH && at(input, i + 1) === STAR) skip = 2;
    else if (c === STAR && at(input, i + 1) === SLASH) skip = 2;
    else if (c === 0x3c && at(input, i + 1) === 0x21 && at(input, i + 2) === DASH && at(input, i + 3) === DASH) skip = 4;
    else if (c === DASH && at(input, i + 1) === DASH) skip = at(input, i + 2) === 0x3e ? 3 : 2;
    else if (c === 0x23) skip = 1;
    if (skip === 0) {
      i++;
      continue;
    }
    out += input.slice(start, i);
    i += skip;
    start = i;
  }
  if (start === 0) return input;
  return out + input.slice(start);
}
