/**
 * Part header lines of a multipart body, handled as libmodsecurity v3's
 * Multipart::process_part_header does: header folding, duplicate and malformed headers, and
 * the blank line that ends the headers, where Content-Disposition decides the part's name and
 * whether it is a file. Only a Content-Disposition that does not parse or names no field stops
 * the parser (see multipart.ts).
 */
import { isSpace, parseDisposition } from './multipart-headers.ts';
import type { MultipartFlags } from './types.ts';

/** v3's line buffer size: header lines and folded header values must fit in it. */
export const BUF_SIZE = 4096;
const LF = 0x0a;
const CR = 0x0d;

/** What the header routines read and update in the parser. */
export interface HeaderContext {
  readonly body: string;
  readonly flags: MultipartFlags;
  readonly out: { names: string[]; filenames: string[] };
  crlfLine: boolean;
  lfLine: boolean;
  fail(message: string, fatal: boolean): void;
  /** Ends parsing after the current line: v3's header routine returned -1. */
  stop(): void;
}

/** A part being built. Data of a part is one contiguous range of the body. */
export class Part {
  name = '';
  filename = '';
  isFile = false;
  inData = false;
  headers = new Map<string, string>();
  headerLines: string[] = [];
  lastHeader = '';
  dataStart = -1;
  dataEnd = -1;
  /** Length of the line terminator ending the data, dropped as v3's "reserve" drops it. */
  dataTermLen = 0;
}

/** One line of part headers, `body[start, end)` with its terminator. */
export function headerLine(ctx: HeaderContext, part: Part, start: number, end: number): void {
  const body = ctx.body;
  const len = end - start;
  if (hasNul(body, start, end)) {
    ctx.fail('Multipart: Nul byte in part headers.', false);
    return;
  }
  if (len > 1 && body.charCodeAt(end - 2) === CR) ctx.crlfLine = true;
  else ctx.lfLine = true;
  if (len === 1 || (len === 2 && body.charCodeAt(start) === CR)) {
    endOfHeaders(ctx, part);
  } else if (isSpace(body.charCodeAt(start))) {
    foldedHeader(ctx, part, start, end);
  } else {
    newHeader(ctx, part, start, end);
  }
}

function foldedHeader(ctx: HeaderContext, part: Part, start: number, end: number): void {
  const body = ctx.body;
  ctx.flags.MULTIPART_HEADER_FOLDING = 1;
  let p = start;
  while (p < end && isSpace(body.charCodeAt(p))) {
    // RFC 2557 folding is SP / HTAB; PHP accepts any whitespace, so accept but flag.
    const c = body.charCodeAt(p);
    if (c !== 0x20 && c !== 0x09) ctx.flags.MULTIPART_INVALID_HEADER_FOLDING = 1;
    p++;
  }
  if (part.lastHeader === '') {
    ctx.fail('Multipart: Invalid part header (folding error).', false);
    return;
  }
  const more = chomp(body.slice(p, end));
  const value = (part.headers.get(part.lastHeader) ?? '') + ' ' + more;
  part.headers.set(part.lastHeader, value);
  const last = part.headerLines.length - 1;
  if (last >= 0) part.headerLines[last] += ' ' + more;
  if (value.length > BUF_SIZE) ctx.fail('Multipart: Part header too long.', false);
}

function newHeader(ctx: HeaderContext, part: Part, start: number, end: number): void {
  const body = ctx.body;
  let colon = start;
  while (colon < end && body.charCodeAt(colon) !== 0x3a) colon++;
  const line = body.slice(start, end);
  if (colon >= end) {
    ctx.fail('Multipart: Invalid part header (colon missing): ' + line, false);
    return;
  }
  if (colon === start) {
    ctx.fail('Multipart: Invalid part header (header name missing).', false);
    return;
  }
  // Any bytes in the name: ModSecurity as CRS tests it stores such a header (CRS 922130 looks
  // for it), though later v3 code refuses it.
  const name = body.slice(start, colon);
  let v = colon + 1;
  while (v < end && (body.charCodeAt(v) === 0x20 || body.charCodeAt(v) === 0x09)) v++;
  const key = name.toLowerCase();
  // A repeated header: v3 logs it, keeps the first and goes on, with no error.
  if (part.headers.has(key)) return;
  part.lastHeader = key;
  part.headers.set(key, chomp(body.slice(v, end)));
  // MULTIPART_PART_HEADERS without the line terminator, as fixed in libmodsecurity 3.0.10.
  part.headerLines.push(chomp(line));
}

function endOfHeaders(ctx: HeaderContext, part: Part): void {
  const cd = part.headers.get('content-disposition');
  if (cd === undefined) {
    ctx.fail('Multipart: Part missing Content-Disposition header.', false);
    return;
  }
  const d = parseDisposition(cd);
  if (d.invalidQuoting) ctx.flags.MULTIPART_INVALID_QUOTING = 1;
  ctx.out.names.push(...d.seenNames);
  ctx.out.filenames.push(...d.seenFilenames);
  if (d.name !== null && part.name === '') part.name = d.name;
  if (d.filename !== null && part.filename === '') part.filename = d.filename;
  // A Content-Disposition that does not parse, or names no field, ends the parse (measured on
  // libmodsecurity 3.0.9: with `attachment`, a repeated name or `name=""` in one part, no part
  // of the body reaches ARGS, and MULTIPART_INVALID_PART is set).
  if (d.rc < 0) {
    ctx.flags.MULTIPART_INVALID_PART = 1;
    ctx.fail(`Multipart: Invalid Content-Disposition header (${d.rc}): ${cd}`, true);
    ctx.stop();
    return;
  }
  if (part.name === '') {
    ctx.flags.MULTIPART_INVALID_PART = 1;
    ctx.fail('Multipart: Content-Disposition header missing name field.', true);
    ctx.stop();
    return;
  }
  if (part.filename !== '') {
    // A crude parser that finds no "filename=" would not see a file where we do.
    if (!cd.includes('filename=')) {
      ctx.fail('Multipart: Invalid Content-Disposition header (filename).', false);
      return;
    }
    part.isFile = true;
  }
  part.inData = true;
  part.lastHeader = '';
}

/** Whether `s[start, end)` holds a NUL byte; header lines are short, so a plain loop. */
function hasNul(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (s.charCodeAt(i) === 0) return true;
  return false;
}

/** Drops trailing CR and LF bytes (ModSecurity's chomp). */
export function chomp(s: string): string {
  let end = s.length;
  while (end > 0 && (s.charCodeAt(end - 1) === LF || s.charCodeAt(end - 1) === CR)) end--;
  return end === s.length ? s : s.slice(0, end);
}
