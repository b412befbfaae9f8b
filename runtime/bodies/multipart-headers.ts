/**
 * The two header grammars the multipart processor needs: the request's Content-Type (to find
 * the boundary) and each part's Content-Disposition. Both follow libmodsecurity v3's
 * Multipart::init and Multipart::parse_content_disposition, including what they flag and what
 * they reject.
 */
import { isAlnum, isHex } from '../transformations/bytes.ts';

export interface BoundaryInfo {
  boundary: string;
  quoted: boolean;
  whitespace: boolean;
  missingSemicolon: boolean;
}

/**
 * `silent` (an unquoted empty boundary): v3 gives up parsing without an error, though the flags
 * it had set on the way (`info`) still count.
 */
export type BoundaryResult =
  | { ok: true; info: BoundaryInfo }
  | { ok: false; error: string; missingSemicolon: boolean; silent?: { whitespace: boolean; missingSemicolon: boolean } };

const fail = (error: string, missingSemicolon = false): BoundaryResult => ({ ok: false, error, missingSemicolon });

/** C isspace(): SP, HT, LF, VT, FF, CR. */
export function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** How many times "boundary" occurs (case-insensitively) with an '=' somewhere after it. */
function countBoundaryParams(s: string): number {
  const lower = s.toLowerCase();
  let count = 0;
  let at = lower.indexOf('boundary');
  while (at !== -1) {
    if (lower.indexOf('=', at + 8) !== -1) count++;
    at = lower.indexOf('boundary', at + 8);
  }
  return count;
}

/** RFC 2046 bchars, as ModSecurity checks them (a space is fine but not last). */
function boundaryCharsValid(b: string): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b.charCodeAt(i);
    const alnum = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
    if (alnum || "'()+_,-./:=?".includes(b[i])) continue;
    if (c === 0x20 && i + 1 < b.length) continue;
    return false;
  }
  return true;
}

/** Extracts the boundary from a request Content-Type, as Multipart::init does. */
export function parseBoundary(contentType: string): BoundaryResult {
  if (contentType.length === 0) return fail('Multipart: Content-Type header not available.');
  if (contentType.length > 1024) return fail('Multipart: Invalid boundary in C-T (length).');
  if (contentType.slice(0, 19).toLowerCase() !== 'multipart/form-data') {
    return fail('Multipart: Invalid MIME type.');
  }
  if (countBoundaryParams(contentType) > 1) return fail('Multipart: Multiple boundary parameters in C-T.');
  // The parameter name itself is matched case-sensitively, as ModSecurity does (strstr).
  const at = contentType.indexOf('boundary');
  if (at === -1) {
    return countBoundaryParams(contentType) > 0
      ? fail('Multipart: Invalid boundary in C-T (case sensitivity).')
      : fail('Multipart: Boundary not found in C-T.');
  }
  let seenSemicolon = false;
  for (let i = 19; i < at; i++) {
    const c = contentType.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === 0x3b && !seenSemicolon) seenSemicolon = true;
    else return fail('Multipart: Invalid boundary in C-T (malformed).');
  }
  const missingSemicolon = !seenSemicolon;
  const eq = contentType.indexOf('=', at + 8);
  if (eq === -1) return fail('Multipart: Invalid boundary in C-T (malformed).', missingSemicolon);
  let whitespace = false;
  for (let i = at + 8; i < eq; i++) {
    if (!isSpace(contentType.charCodeAt(i))) {
      return fail('Multipart: Invalid boundary in C-T (parameter name).', missingSemicolon);
    }
    whitespace = true;
  }
  // The value is the whole rest of the header: ModSecurity does not stop at ';' (but see below).
  const b = contentType.slice(eq + 1);
  if (b.length > 0 && isSpace(b.charCodeAt(0))) whitespace = true;
  let boundary: string;
  let quoted = false;
  if (b.length >= 2 && b[0] === '"' && b[b.length - 1] === '"') {
    boundary = b.slice(1, -1);
    quoted = true;
  } else {
    if (b[0] === '"' || (b.length >= 2 && b[b.length - 1] === '"')) {
      return fail('Multipart: Invalid boundary in C-T (quote).', missingSemicolon);
    }
    boundary = b;
  }
  // Empty and unquoted: v3 returns false from init and parses nothing, without an error. Empty in
  // quotes, it goes on with an empty boundary that the first "--" line breaks: an error here.
  if (boundary.length === 0 && !quoted) return { ok: false, error: '', missingSemicolon, silent: { whitespace, missingSemicolon } };
  if (boundary.length === 0) return fail('Multipart: Invalid boundary in C-T (empty).', missingSemicolon);
  if (countBoundaryParams(boundary) !== 0) return fail('Multipart: Invalid boundary in C-T (content).', missingSemicolon);
  // Some frameworks put a parameter after the boundary (`boundary=x; charset=UTF-8`); v3
  // tolerates it by cutting an otherwise invalid boundary at the first ';'.
  if (!boundaryCharsValid(boundary) && boundary.includes(';')) boundary = boundary.slice(0, boundary.indexOf(';'));
  if (!boundaryCharsValid(boundary)) return fail('Multipart: Invalid boundary in C-T (characters).', missingSemicolon);
  if (boundary.length === 0) return fail('Multipart: Invalid boundary in C-T (empty).', missingSemicolon);
  return { ok: true, info: { boundary, quoted, whitespace, missingSemicolon } };
}

/** RFC 2616 token characters. */
function isTokenChar(c: number): boolean {
  if (c <= 32 || c >= 127) return false;
  return !'()<>@,;:\\"/[]?='.includes(String.fromCharCode(c));
}

export interface Disposition {
  /** ModSecurity's negative return code on rejection (it appears in the error message), else 1. */
  rc: number;
  name: string | null;
  filename: string | null;
  /** RFC 5987's `filename*=charset'lang'name`, checked but otherwise unused, as in v3. */
  filenameStar: string | null;
  invalidQuoting: boolean;
  /** Every name / filename value parsed, for MULTIPART_NAME / MULTIPART_FILENAME. */
  seenNames: string[];
  seenFilenames: string[];
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/** RFC 5987's mime-charset and attr-char punctuation, as v3 lists them. */
const CHARSET_SPECIAL = "!#$%&+-^_`{}~";
const ATTR_SPECIAL = "!#$&+-.^_`~";

/**
 * Reads `filename*`'s value from `p`: a charset of at least one char, `'`, a language up to the
 * next `'`, then attr-chars and %HH up to ';' or the end. Returns [value, index after] or v3's
 * code for what is wrong.
 */
function readExtValue(v: string, p: number): [string, number] | number {
  const charsetStart = p;
  while (p < v.length && (isAlnum(v.charCodeAt(p)) || CHARSET_SPECIAL.includes(v[p]))) p++;
  if (p >= v.length || v[p] !== "'" || p === charsetStart) return -16;
  p++;
  while (p < v.length && v[p] !== "'") p++;
  if (p >= v.length) return -17;
  p++;
  const start = p;
  while (p < v.length && v[p] !== ';') {
    if (v[p] === '%') {
      if (p + 2 >= v.length || !isHex(v.charCodeAt(p + 1)) || !isHex(v.charCodeAt(p + 2))) return -18;
      p += 3;
    } else if (isAlnum(v.charCodeAt(p)) || ATTR_SPECIAL.includes(v[p])) {
      p++;
    } else {
      return -19;
    }
  }
  return [v.slice(start, p), p];
}

/** Reads one quoted value starting after the opening quote; returns [value, index after]. */
function readQuoted(v: string, p: number, quote: number): [string, number] | number {
  if (p >= v.length) return -7;
  let value = '';
  let runStart = p;
  while (p < v.length) {
    const c = v.charCodeAt(p);
    if (c === 0x5c) {
      if (p + 1 >= v.length) return -8;
      const n = v.charCodeAt(p + 1);
      // Only the quote and backslash are escapes; other backslashes stay, as IE sends them.
      if (n === quote || n === 0x5c) {
        value += v.slice(runStart, p);
        runStart = p + 1;
        p += 2;
        continue;
      }
    } else if (c === quote) {
      break;
    }
    p++;
  }
  value += v.slice(runStart, p);
  return [value, p + 1];
}

/** Parses a part's Content-Disposition value, as parse_content_disposition does. */
export function parseDisposition(v: string): Disposition {
  const d: Disposition = { rc: 1, name: null, filename: null, filenameStar: null, invalidQuoting: false, seenNames: [], seenFilenames: [] };
  const done = (rc: number): Disposition => ((d.rc = rc), d);
  if (!v.startsWith('form-data')) return done(-1);
  let p = 9;
  while (p < v.length && isBlank(v.charCodeAt(p))) p++;
  if (p >= v.length) return d;
  if (v.charCodeAt(p) !== 0x3b) return done(-2);
  p++;
  while (p < v.length) {
    while (p < v.length && isBlank(v.charCodeAt(p))) p++;
    if (p >= v.length) return done(-3);
    const start = p;
    while (p < v.length && v[p] !== '=' && !isBlank(v.charCodeAt(p))) p++;
    if (p >= v.length) return done(-4);
    const key = v.slice(start, p);
    while (p < v.length && isBlank(v.charCodeAt(p))) p++;
    if (p >= v.length) return done(-5);
    if (v[p] !== '=') return done(-13);
    p++;
    while (p < v.length && isBlank(v.charCodeAt(p))) p++;
    if (p >= v.length) return done(-6);
    let value: string;
    const q = v.charCodeAt(p);
    if (key === 'filename*') {
      const r = readExtValue(v, p);
      if (typeof r === 'number') return done(r);
      [value, p] = r;
    } else if (q === 0x22 || q === 0x27) {
      // A single quote is accepted, as some backends do, but flagged.
      if (q === 0x27) d.invalidQuoting = true;
      const r = readQuoted(v, p + 1, q);
      if (typeof r === 'number') return done(r);
      [value, p] = r;
    } else {
      const s = p;
      while (p < v.length && isTokenChar(v.charCodeAt(p))) p++;
      value = v.slice(s, p);
    }
    // An apostrophe in a value is suspicious unless the value was in double quotes
    // (`filename="O'Brien.txt"` is ordinary), as v3 and v2.9.6 have it (ModSecurity issue 2352).
    const apostrophe = key !== 'filename*' && q !== 0x22 && value.includes("'");
    if (key === 'name') {
      if (apostrophe) d.invalidQuoting = true;
      d.seenNames.push(value);
      if (d.name) return done(-14);
      d.name = value;
    } else if (key === 'filename') {
      if (apostrophe) d.invalidQuoting = true;
      d.seenFilenames.push(value);
      if (d.filename) return done(-15);
      d.filename = value;
    } else if (key === 'filename*') {
      if (d.filenameStar !== null) return done(-20);
      d.filenameStar = value;
    } else {
      return done(-11);
    }
    if (p < v.length) {
      while (p < v.length && isBlank(v.charCodeAt(p))) p++;
      if (p >= v.length) break;
      if (v.charCodeAt(p) !== 0x3b) {
        const prev = v.charCodeAt(p - 1);
        if (prev === 0x27 || prev === 0x22) d.invalidQuoting = true;
        return done(-12);
      }
      p++;
    }
  }
  // filename* alone: a client that does not send the plain filename is not one v3 trusts.
  if (d.filenameStar !== null && d.filename === null) return done(-21);
  return d;
}
