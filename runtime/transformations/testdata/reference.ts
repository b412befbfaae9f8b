// Straightforward byte-loop versions of the transformations that have fast
// paths, for differential tests (fast-paths.test.ts). Each reads every byte
// in order, as the v3 C code does, builds its output as an array of byte
// values and takes no shortcut; they are the implementations as they were
// before the fast paths, minus their own early exits. Keep them naive: a
// clever reference could share a bug with the code it checks.
import { createHash } from 'node:crypto';
import { hexPair, isCSpace, isHex, unicodeLowByte } from '../bytes.ts';

function str(out: readonly number[]): string {
  let s = '';
  for (let i = 0; i < out.length; i += 4096) s += String.fromCharCode(...out.slice(i, i + 4096));
  return s;
}

function mapAscii(input: string, lo: number, hi: number, delta: number): string {
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    out.push(c >= lo && c <= hi ? c + delta : c);
  }
  return str(out);
}

export const lowercase = (input: string): string => mapAscii(input, 0x41, 0x5a, 0x20);
export const uppercase = (input: string): string => mapAscii(input, 0x61, 0x7a, -0x20);

export function urlDecode(input: string): string {
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x25 && i + 2 < input.length && isHex(input.charCodeAt(i + 1)) && isHex(input.charCodeAt(i + 2))) {
      out.push(hexPair(input.charCodeAt(i + 1), input.charCodeAt(i + 2)));
      i += 2;
    } else {
      out.push(c === 0x2b ? 0x20 : c);
    }
  }
  return str(out);
}

export function urlDecodeUni(input: string): string {
  const out: number[] = [];
  const len = input.length;
  let i = 0;
  while (i < len) {
    const c = input.charCodeAt(i);
    const n = i + 1 < len ? input.charCodeAt(i + 1) : -1;
    if (c === 0x25 && (n === 0x75 || n === 0x55)) {
      const h = [2, 3, 4, 5].map((k) => (i + k < len ? input.charCodeAt(i + k) : -1));
      if (h.every(isHex)) {
        out.push(unicodeLowByte(h[0]!, h[1]!, h[2]!, h[3]!));
        i += 6;
      } else {
        out.push(c, n);
        i += 2;
      }
    } else if (c === 0x25 && i + 2 < len && isHex(n) && isHex(input.charCodeAt(i + 2))) {
      out.push(hexPair(n, input.charCodeAt(i + 2)));
      i += 3;
    } else {
      out.push(c === 0x2b ? 0x20 : c);
      i++;
    }
  }
  return str(out);
}

export function utf8toUnicode(input: string): string {
  const len = input.length;
  const cont = (at: number): boolean => at < len && (input.charCodeAt(at) & 0xc0) === 0x80;
  const out: number[] = [];
  let i = 0;
  while (i < len) {
    const c = input.charCodeAt(i);
    if (c < 0x80) {
      if (c !== 0) out.push(c);
      i++;
      continue;
    }
    let size = 0;
    let code = 0;
    if ((c & 0xe0) === 0xc0 && cont(i + 1)) {
      size = 2;
      code = ((c & 0x1f) << 6) | (input.charCodeAt(i + 1) & 0x3f);
    } else if ((c & 0xf0) === 0xe0 && cont(i + 1) && cont(i + 2)) {
      size = 3;
      code = ((c & 0x0f) << 12) | ((input.charCodeAt(i + 1) & 0x3f) << 6) | (input.charCodeAt(i + 2) & 0x3f);
    } else if ((c & 0xf8) === 0xf0) {
      if (c >= 0xf5) out.push(c);
      if (cont(i + 1) && cont(i + 2) && cont(i + 3)) {
        size = 4;
        code =
          ((c & 0x07) << 18) |
          ((input.charCodeAt(i + 1) & 0x3f) << 12) |
          ((input.charCodeAt(i + 2) & 0x3f) << 6) |
          (input.charCodeAt(i + 3) & 0x3f);
      }
    } else if ((c & 0xe0) !== 0xc0 && (c & 0xf0) !== 0xe0) {
      out.push(c);
    }
    if (size === 0) {
      i++;
      continue;
    }
    for (const ch of '%u' + code.toString(16).padStart(4, '0')) out.push(ch.charCodeAt(0));
    if (code >= 0xd800 && code <= 0xdfff) out.push(c);
    if ((size === 4 && code < 0x10000) || (size === 3 && code < 0x800) || (size === 2 && code < 0x80)) out.push(c);
    i += size;
  }
  return str(out);
}

export function removeWhitespace(input: string): string {
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (!isCSpace(c) && c !== 0xa0 && c !== 0xc2) out.push(c);
  }
  return str(out);
}

export function compressWhitespace(input: string): string {
  const out: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (!isCSpace(c)) out.push(c);
    else if (i === 0 || !isCSpace(input.charCodeAt(i - 1))) out.push(0x20);
  }
  return str(out);
}

export function removeComments(input: string): string {
  const len = input.length;
  const at = (i: number): number => (i < len ? input.charCodeAt(i) : -1);
  const out: number[] = [];
  let inComment = false;
  let i = 0;
  while (i < len) {
    const c = input.charCodeAt(i);
    if (!inComment) {
      if (c === 0x2f && at(i + 1) === 0x2a) {
        inComment = true;
        i += 2;
      } else if (c === 0x3c && at(i + 1) === 0x21 && at(i + 2) === 0x2d && at(i + 3) === 0x2d) {
        inComment = true;
        i += 4;
      } else if ((c === 0x2d && at(i + 1) === 0x2d) || c === 0x23) {
        break;
      } else {
        out.push(c);
        i++;
      }
    } else if (c === 0x2a && at(i + 1) === 0x2f) {
      inComment = false;
      i += 2;
      out.push(i < len ? input.charCodeAt(i) : 0);
      i++;
    } else if (c === 0x2d && at(i + 1) === 0x2d && at(i + 2) === 0x3e) {
      inComment = false;
      i += 3;
      out.push(i < len ? input.charCodeAt(i) : 0);
      i++;
    } else {
      i++;
    }
  }
  if (inComment) out.push(0x20);
  return str(out);
}

export function cmdLine(input: string): string {
  const out: number[] = [];
  let space = false;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    switch (c) {
      case 0x22:
      case 0x27:
      case 0x5c:
      case 0x5e:
        break;
      case 0x20:
      case 0x2c:
      case 0x3b:
      case 0x09:
      case 0x0d:
      case 0x0a:
        if (!space) out.push(0x20);
        space = true;
        break;
      case 0x2f:
      case 0x28:
        if (space) out.pop();
        space = false;
        out.push(c);
        break;
      default:
        out.push(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
        space = false;
    }
  }
  return str(out);
}

/** NormalisePath::normalize_path_inplace, step for step, on every input. */
function normalize(input: string, win: boolean): string {
  const len = input.length;
  if (len === 0) return input;
  const buf: number[] = [];
  for (let k = 0; k < len; k++) buf.push(input.charCodeAt(k));
  const end = len - 1;
  const sep = (c: number | undefined): boolean => c === 0x2f || (win && c === 0x5c);
  const relative = !sep(buf[0]);
  const trailing = sep(buf[end]);
  let src = 0;
  let dst = 0;
  let hitRoot = false;
  let done = false;
  while (!done && src <= end && dst <= end) {
    // Backslashes become slashes only as the byte examined or the one after it.
    if (win && buf[src] === 0x5c) buf[src] = 0x2f;
    if (win && src < end && buf[src + 1] === 0x5c) buf[src + 1] = 0x2f;
    if (src === end) done = true;
    const segmentEnd = done || buf[src + 1] === 0x2f;
    if (segmentEnd && !(src !== end && buf[src] === 0x2f) && buf[src] === 0x2e) {
      if (dst > 0 && buf[dst - 1] === 0x2e) {
        if (relative && (hitRoot || dst - 2 <= 0)) {
          hitRoot = true;
        } else {
          dst -= 3;
          while (dst > 0 && buf[dst] !== 0x2f) dst--;
          if (dst <= 0) {
            hitRoot = true;
            dst = 0;
            if (!relative && src === end) dst++;
          }
          if (done) continue;
          src++;
        }
      } else if (dst === 0) {
        if (done) continue;
        src++;
      } else if (buf[dst - 1] === 0x2f) {
        if (done) continue;
        dst--;
        src++;
      }
    } else if (segmentEnd && !(src !== end && buf[src] === 0x2f) && dst > 0) {
      hitRoot = false;
    }
    if (buf[src] === 0x2f) {
      while (src < end && sep(buf[src + 1])) src++;
      if (relative && dst === 0) {
        src++;
        continue;
      }
    }
    buf[dst++] = buf[src++]!;
  }
  if (!trailing && dst > 0 && buf[dst - 1] === 0x2f) dst--;
  return str(buf.slice(0, dst));
}

export const normalizePath = (input: string): string => normalize(input, false);
export const normalizePathWin = (input: string): string => normalize(input, true);

/** mbedtls_base64_decode as base64.ts describes it: validate everything, then decode. */
export function base64Decode(input: string): string {
  const nul = input.indexOf('\0');
  const s = nul < 0 ? input : input.slice(0, nul);
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const symbols: number[] = [];
  let equals = 0;
  for (let i = 0; i < s.length; i++) {
    let spaces = 0;
    while (i < s.length && s[i] === ' ') {
      i++;
      spaces++;
    }
    if (i === s.length) break;
    if (s[i] === '\n' || (s[i] === '\r' && s[i + 1] === '\n')) continue;
    if (spaces !== 0) return '';
    if (s[i] === '=') {
      if (++equals > 2) return '';
      symbols.push(-1);
      continue;
    }
    const v = ALPHABET.indexOf(s[i]!);
    if (v < 0 || equals !== 0) return '';
    symbols.push(v);
  }
  const out: number[] = [];
  for (let g = 0; g + 4 <= symbols.length; g += 4) {
    const q = symbols.slice(g, g + 4);
    const pads = q.filter((v) => v < 0).length;
    const acc = q.reduce((a, v) => (a << 6) | Math.max(v, 0), 0);
    out.push(acc >> 16);
    if (pads <= 1) out.push((acc >> 8) & 0xff);
    if (pads === 0) out.push(acc & 0xff);
  }
  return str(out);
}

export function hexEncode(input: string): string {
  let s = '';
  for (let i = 0; i < input.length; i++) s += input.charCodeAt(i).toString(16).padStart(2, '0');
  return s;
}

export const md5 = (input: string): string => createHash('md5').update(input, 'latin1').digest().toString('latin1');
export const sha1 = (input: string): string => createHash('sha1').update(input, 'latin1').digest().toString('latin1');
