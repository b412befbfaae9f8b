// t:normalizePath / t:normalizePathWin (also spelled normalise*), following
// libmodsecurity v3's NormalisePath::normalize_path_inplace. The algorithm
// is kept step for step (a single pass with read and write heads) because its
// corner cases are what the engine is compared on, e.g. "/.." -> "" and
// "/a../b" -> "/b" (a segment ending in ".." counts as a back-reference).
import { scratchBuffer } from './bytes.ts';

const SLASH = 0x2f;
const DOT = 0x2e;
const BACKSLASH = 0x5c;

/**
 * Can the algorithm below leave `input` unchanged? Until it first drops or
 * moves a byte its write head equals its read head, so it only ever changes
 * a value at: a slash followed by a slash; a '.' ending a segment (followed
 * by '/' or the end) whose previous byte is '/' or '.' or that starts the
 * value; and, for the Win variant, a backslash. Without any of these every
 * byte is copied in place and the trailing-slash rule keeps the last one.
 * Checked with indexOf, since most values (User-Agents, file names, URLs
 * without dot segments, sentences) contain '/' or '.' and used to run the
 * whole algorithm: about 5 µs for 500 bytes of text, against 0.1 µs now.
 */
function isNormal(input: string, win: boolean): boolean {
  if (win && input.indexOf('\\') >= 0) return false;
  if (input.indexOf('//') >= 0) return false;
  for (let k = input.indexOf('./'); k >= 0; k = input.indexOf('./', k + 1)) {
    if (k === 0) return false;
    const p = input.charCodeAt(k - 1);
    if (p === SLASH || p === DOT) return false;
  }
  const last = input.length - 1;
  if (input.charCodeAt(last) === DOT) {
    if (last === 0) return false;
    const p = input.charCodeAt(last - 1);
    if (p === SLASH || p === DOT) return false;
  }
  return true;
}

function normalize(input: string, win: boolean): string {
  const len = input.length;
  if (len === 0 || isNormal(input, win)) return input;

  const buf = scratchBuffer(len);
  for (let k = 0; k < len; k++) buf[k] = input.charCodeAt(k);
  const end = len - 1;
  const relative = !(buf[0] === SLASH || (win && buf[0] === BACKSLASH));
  const trailing = buf[end] === SLASH || (win && buf[end] === BACKSLASH);
  let src = 0;
  let dst = 0;
  let hitRoot = false;
  let done = false;

  while (!done && src <= end && dst <= end) {
    if (win) {
      // v3 converts a backslash only when it is the byte examined or the one after it; a run
      // of separators is then skipped up to its last byte, which is copied as it is. So
      // `a\\\b` gives `a\b`: the skipped run ends in a backslash never converted.
      if (buf[src] === BACKSLASH) buf[src] = SLASH;
      if (src < end && buf[src + 1] === BACKSLASH) buf[src + 1] = SLASH;
    }
    if (src === end) done = true;
    const segmentEnd = done || buf[src + 1] === SLASH;
    if (segmentEnd && !(src !== end && buf[src] === SLASH) && buf[src] === DOT) {
      if (dst > 0 && buf[dst - 1] === DOT) {
        // Back-reference.
        if (relative && (hitRoot || dst - 2 <= 0)) {
          // Nothing to climb out of in a relative path: keep the "..".
          hitRoot = true;
        } else {
          dst -= 3;
          while (dst > 0 && buf[dst] !== SLASH) dst--;
          if (dst <= 0) {
            hitRoot = true;
            dst = 0;
            if (!relative && src === end) dst++;
          }
          if (done) continue;
          src++;
        }
      } else if (dst === 0) {
        // Relative self-reference "./".
        if (done) continue;
        src++;
      } else if (buf[dst - 1] === SLASH) {
        // Self-reference "/./".
        if (done) continue;
        dst--;
        src++;
      }
    } else if (segmentEnd && !(src !== end && buf[src] === SLASH) && dst > 0) {
      hitRoot = false;
    }

    if (buf[src] === SLASH) {
      while (src < end && (buf[src + 1] === SLASH || (win && buf[src + 1] === BACKSLASH))) src++;
      // A relative path never gains a leading slash.
      if (relative && dst === 0) {
        src++;
        continue;
      }
    }
    buf[dst++] = buf[src++]!;
  }
  if (!trailing && dst > 0 && buf[dst - 1] === SLASH) dst--;

  const out = buf.toString('latin1', 0, dst);
  // isNormal is conservative: e.g. a relative "../x" reaches here unchanged.
  return out === input ? input : out;
}

/** Removes "./" segments, resolves "../" and collapses "//", keeping a trailing slash. */
export function normalizePath(input: string): string {
  return normalize(input, false);
}

/** normalizePath with backslashes as separators too (converted as v3 converts them, see normalize). */
export function normalizePathWin(input: string): string {
  return normalize(input, true);
}
