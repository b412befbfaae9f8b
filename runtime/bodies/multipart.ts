/**
 * multipart/form-data bodies, parsed line by line as libmodsecurity v3's Multipart processor
 * does, with the same MULTIPART_* flags and the same notion of what is fatal:
 * - a malformed boundary line stops parsing (REQBODY_ERROR, MULTIPART_STRICT_ERROR);
 * - so does a Content-Disposition that does not parse or names no field, with
 *   MULTIPART_INVALID_PART (libmodsecurity 3.0.9, measured; later sources compare the header
 *   routine's `false` with `< 0` and go on);
 * - other malformed part headers are reported and parsing goes on;
 * - a missing final boundary is an error but not a strict error;
 * - parts reach ARGS and FILES only once the final boundary was read: a body cut short, or
 *   whose parse stopped, hands none on (3.0.9, measured).
 * Lines are handled as v3's 4096-byte line buffer sees them: a part header line must be
 * shorter than that, and boundary look-alikes are searched in the first 4096 bytes of a line.
 * Deviations from v3 (each safer or more useful) are listed on parseMultipart.
 */
import { isSpace, parseBoundary } from './multipart-headers.ts';
import { BUF_SIZE, headerLine, Part, type HeaderContext } from './multipart-part.ts';
import type { MultipartFile, MultipartFlags, MultipartLimits, MultipartResult } from './types.ts';

const CR = 0x0d;
const DASH = 0x2d;

function emptyFlags(): MultipartFlags {
  return {
    MULTIPART_STRICT_ERROR: 0, MULTIPART_BOUNDARY_QUOTED: 0, MULTIPART_BOUNDARY_WHITESPACE: 0,
    MULTIPART_DATA_BEFORE: 0, MULTIPART_DATA_AFTER: 0, MULTIPART_HEADER_FOLDING: 0,
    MULTIPART_LF_LINE: 0, MULTIPART_CRLF_LF_LINES: 0, MULTIPART_MISSING_SEMICOLON: 0,
    MULTIPART_INVALID_QUOTING: 0, MULTIPART_INVALID_PART: 0, MULTIPART_INVALID_HEADER_FOLDING: 0,
    MULTIPART_FILE_LIMIT_EXCEEDED: 0, MULTIPART_UNMATCHED_BOUNDARY: 0,
  };
}

class MultipartParser implements HeaderContext {
  readonly flags = emptyFlags();
  readonly out: Omit<MultipartResult, keyof MultipartFlags | 'error'> = { args: [], files: [], partHeaders: [], filesCombinedSize: 0, names: [], filenames: [] };
  error: string | null = null;
  /** m_flag_error: fatal errors, part of MULTIPART_STRICT_ERROR. */
  fatal = false;
  crlfLine = false;
  lfLine = false;
  boundary = '';
  marker = '';
  boundaryCount = 0;
  complete = false;
  part: Part | null = null;
  nFiles = 0;
  /** Cached next index of "--boundary", to keep the look-alike search linear. */
  nextMarker = -1;

  constructor(
    readonly body: string,
    readonly contentType: string,
    readonly fileLimit: number,
  ) {}

  /** Records an error; the first one is kept, as the most specific. */
  fail(message: string, fatal: boolean): void {
    if (this.error === null) this.error = message;
    if (fatal) this.fatal = true;
  }

  /** Set by a part header that ends the parse (HeaderContext.stop). */
  stopped = false;

  stop(): void {
    this.stopped = true;
  }

  run(): MultipartResult {
    const b = parseBoundary(this.contentType);
    // v3's init gives up on an unquoted empty boundary without an error: nothing is parsed, but
    // the flags it set on the way are reported.
    if (!b.ok && b.silent) {
      this.flags.MULTIPART_BOUNDARY_WHITESPACE = b.silent.whitespace ? 1 : 0;
      this.flags.MULTIPART_MISSING_SEMICOLON = b.silent.missingSemicolon ? 1 : 0;
      return this.finish();
    }
    if (!b.ok) {
      this.flags.MULTIPART_MISSING_SEMICOLON = b.missingSemicolon ? 1 : 0;
      this.fail(b.error, true);
      return this.finish();
    }
    this.boundary = b.info.boundary;
    this.marker = '--' + this.boundary;
    this.flags.MULTIPART_BOUNDARY_QUOTED = b.info.quoted ? 1 : 0;
    this.flags.MULTIPART_BOUNDARY_WHITESPACE = b.info.whitespace ? 1 : 0;
    this.flags.MULTIPART_MISSING_SEMICOLON = b.info.missingSemicolon ? 1 : 0;
    if (this.body.length === 0) return this.finish();
    const tail = this.processLines();
    if (this.stopped) this.endAfterStop();
    else if (!this.complete) this.checkEnd(tail);
    return this.finish();
  }

  /** Walks the complete lines; returns the unterminated tail, or null when parsing stopped. */
  processLines(): string | null {
    const body = this.body;
    let pos = 0;
    while (pos < body.length) {
      const nl = body.indexOf('\n', pos);
      if (nl === -1) return body.slice(pos);
      const end = nl + 1;
      if (!this.processLine(pos, end)) return null;
      if (this.complete) {
        if (end < body.length) this.flags.MULTIPART_DATA_AFTER = 1;
        return null;
      }
      pos = end;
    }
    return '';
  }

  /** One line `body[start, end)`, newline included. Returns false when parsing must stop. */
  processLine(start: number, end: number): boolean {
    const body = this.body;
    const len = end - start;
    if (len > 3 && body.charCodeAt(start) === DASH && body.charCodeAt(start + 1) === DASH) {
      if (body.startsWith(this.boundary, start + 2)) return this.boundaryLine(start, end);
      if (!this.checkLookAlike(start, end)) return false;
    } else {
      this.searchMarker(start, Math.min(end, start + BUF_SIZE));
    }
    const part = this.part;
    if (part === null) {
      this.flags.MULTIPART_DATA_BEFORE = 1;
    } else if (!part.inData) {
      if (len >= BUF_SIZE) {
        this.fail(`Multipart: Part header line over ${BUF_SIZE} bytes long`, true);
        return false;
      }
      headerLine(this, part, start, end);
      if (this.stopped) return false;
    } else {
      this.dataLine(part, start, end);
    }
    return true;
  }

  /** A line starting with "--" that is not our boundary: quoting or whitespace tricks are fatal. */
  checkLookAlike(start: number, end: number): boolean {
    const body = this.body;
    if (this.flags.MULTIPART_BOUNDARY_QUOTED && body.charCodeAt(start + 2) === 0x22 &&
      body.startsWith(this.boundary, start + 3)) {
      this.fail('Multipart: Invalid boundary (quotes).', true);
      return false;
    }
    let p = start + 2;
    while (p < end && isSpace(body.charCodeAt(p))) p++;
    if (p !== start + 2 && body.startsWith(this.boundary, p)) {
      this.fail('Multipart: Invalid boundary (whitespace).', true);
      return false;
    }
    this.markUnmatched();
    return true;
  }

  markUnmatched(): void {
    this.flags.MULTIPART_UNMATCHED_BOUNDARY = 1;
  }

  /** Flags "--boundary" appearing inside a line's first buffer, as v3 does. */
  searchMarker(start: number, limit: number): void {
    if (this.nextMarker !== -1 && this.nextMarker < start) this.nextMarker = -1;
    if (this.nextMarker === -1) {
      this.nextMarker = this.body.indexOf(this.marker, start);
      if (this.nextMarker === -1) this.nextMarker = this.body.length;
    }
    if (this.nextMarker + this.marker.length <= limit) this.markUnmatched();
  }

  boundaryLine(start: number, end: number): boolean {
    const body = this.body;
    // As v3: 2 once a boundary follows another, even after a look-alike set 1. So 1 survives only
    // a look-alike after the last boundary, and `MULTIPART_UNMATCHED_BOUNDARY "@eq 1"` (rule
    // 200004) passes an uploaded PEM file or SQL dump, whose lines start with "--".
    if (this.boundaryCount > 0) this.flags.MULTIPART_UNMATCHED_BOUNDARY = 2;
    let p = start + 2 + this.boundary.length;
    const isFinal = body.charCodeAt(p) === DASH && body.charCodeAt(p + 1) === DASH;
    if (isFinal) p += 2;
    const rest = end - p;
    if (rest === 2 && body.charCodeAt(p) === CR) this.crlfLine = true;
    else if (rest === 1) this.lfLine = true;
    else {
      this.fail('Multipart: Invalid boundary: ' + body.slice(start, end), true);
      return false;
    }
    this.finishPart(isFinal);
    if (isFinal) this.complete = true;
    this.boundaryCount++;
    return true;
  }

  dataLine(part: Part, start: number, end: number): void {
    if (part.dataStart === -1) {
      part.dataStart = start;
      if (part.isFile) this.countFile();
    }
    part.dataEnd = end;
    part.dataTermLen = end - start >= 2 && this.body.charCodeAt(end - 2) === CR ? 2 : 1;
  }

  countFile(): void {
    if (this.fileLimit > 0 && this.nFiles >= this.fileLimit) {
      if (this.flags.MULTIPART_FILE_LIMIT_EXCEEDED === 0) {
        this.fail(`Multipart: Upload file limit exceeded ${this.fileLimit}. Use SecUploadFileLimit to change the limit.`, false);
      }
      this.flags.MULTIPART_FILE_LIMIT_EXCEEDED = 1;
      return;
    }
    this.nFiles++;
  }

  /** process_boundary: keep the part being built when it has a name, start a new one. */
  finishPart(isFinal: boolean): void {
    const part = this.part;
    if (part !== null) {
      if (part.name !== '') this.keepPart(part);
      else this.flags.MULTIPART_INVALID_PART = 1;
    }
    this.part = isFinal ? null : new Part();
  }

  keepPart(part: Part): void {
    const content = part.dataStart === -1 ? '' : this.body.slice(part.dataStart, part.dataEnd - part.dataTermLen);
    if (part.isFile) {
      const file: MultipartFile = { field: part.name, filename: part.filename, size: content.length, content };
      const ct = part.headers.get('content-type');
      if (ct !== undefined) file.contentType = ct;
      this.out.files.push(file);
      this.out.filesCombinedSize += content.length;
    } else {
      // A field keeps its lines but not what ends them: libmodsecurity v3 holds each line's CRLF
      // or LF back (its "reserve", which may belong to the next boundary) and never puts it back
      // into a field's value. Measured on 3.0.9: `l1\r\nl2\n\nl3` arrives as `l1l2l3`, a lone CR
      // stays. A textarea's lines therefore reach the rules run together.
      this.out.args.push([part.name, content.includes('\n') ? content.replace(LINE_BREAKS, '') : content]);
    }
    for (const line of part.headerLines) this.out.partHeaders.push([part.name, line]);
  }

  /**
   * After a part header ended the parse (a Content-Disposition v3 cannot read): measured on
   * 3.0.9, when the body's last line is the final boundary with no line break after it, the
   * parts read so far still reach ARGS and FILES, the broken one too if it got a name before
   * the error; the error stands. With a line break after it, nothing does.
   */
  endAfterStop(): void {
    const body = this.body;
    if (body.slice(body.lastIndexOf('\n') + 1) !== this.marker + '--') return;
    this.finishPart(true);
    this.complete = true;
  }

  /** multipart_complete: the body ended without the final boundary having been processed. */
  checkEnd(tail: string | null): void {
    if (this.boundaryCount === 0) {
      this.fail('Multipart: No boundaries found in payload.', false);
      return;
    }
    // A final boundary without a line terminator at the very end of the body is accepted.
    if (tail === this.marker + '--') {
      this.finishPart(true);
      this.complete = true;
      return;
    }
    this.fail('Multipart: Final boundary missing.', false);
  }

  finish(): MultipartResult {
    const f = this.flags;
    f.MULTIPART_LF_LINE = this.lfLine ? 1 : 0;
    f.MULTIPART_CRLF_LF_LINES = this.lfLine && this.crlfLine ? 1 : 0;
    const strict = this.fatal || f.MULTIPART_BOUNDARY_QUOTED || f.MULTIPART_BOUNDARY_WHITESPACE ||
      f.MULTIPART_DATA_BEFORE || f.MULTIPART_DATA_AFTER || f.MULTIPART_HEADER_FOLDING ||
      f.MULTIPART_LF_LINE || f.MULTIPART_MISSING_SEMICOLON || f.MULTIPART_INVALID_QUOTING ||
      f.MULTIPART_INVALID_PART || f.MULTIPART_INVALID_HEADER_FOLDING || f.MULTIPART_FILE_LIMIT_EXCEEDED;
    f.MULTIPART_STRICT_ERROR = strict ? 1 : 0;
    // Listed out rather than spread: V8 copies spread properties one lookup at a time, which
    // cost more than the rest of parsing an ordinary upload.
    const o = this.out;
    // v3 hands the parts to ARGS and FILES only once the final boundary was read (measured on
    // 3.0.9: a body that stops after a complete part, or whose parse ended on an error, gives
    // no argument at all); part headers, names and file names are recorded as they are read.
    const parts = this.complete ? o : NO_PARTS;
    return {
      MULTIPART_STRICT_ERROR: f.MULTIPART_STRICT_ERROR, MULTIPART_BOUNDARY_QUOTED: f.MULTIPART_BOUNDARY_QUOTED,
      MULTIPART_BOUNDARY_WHITESPACE: f.MULTIPART_BOUNDARY_WHITESPACE, MULTIPART_DATA_BEFORE: f.MULTIPART_DATA_BEFORE,
      MULTIPART_DATA_AFTER: f.MULTIPART_DATA_AFTER, MULTIPART_HEADER_FOLDING: f.MULTIPART_HEADER_FOLDING,
      MULTIPART_LF_LINE: f.MULTIPART_LF_LINE, MULTIPART_CRLF_LF_LINES: f.MULTIPART_CRLF_LF_LINES,
      MULTIPART_MISSING_SEMICOLON: f.MULTIPART_MISSING_SEMICOLON, MULTIPART_INVALID_QUOTING: f.MULTIPART_INVALID_QUOTING,
      MULTIPART_INVALID_PART: f.MULTIPART_INVALID_PART, MULTIPART_INVALID_HEADER_FOLDING: f.MULTIPART_INVALID_HEADER_FOLDING,
      MULTIPART_FILE_LIMIT_EXCEEDED: f.MULTIPART_FILE_LIMIT_EXCEEDED, MULTIPART_UNMATCHED_BOUNDARY: f.MULTIPART_UNMATCHED_BOUNDARY,
      args: parts.args, files: parts.files, partHeaders: o.partHeaders, filesCombinedSize: parts.filesCombinedSize,
      names: o.names, filenames: o.filenames, error: this.error,
    };
  }
}


const LINE_BREAKS = /\r?\n/g;

const NO_PARTS: { readonly args: [string, string][]; readonly files: MultipartFile[]; readonly filesCombinedSize: number } = { args: [], files: [], filesCombinedSize: 0 };

/**
 * Parses a multipart/form-data byte-string body. `contentType` is the request's full
 * Content-Type header value. Never throws.
 *
 * Deviations from libmodsecurity v3, all deliberate:
 * - `error` holds the first error, where v3 keeps the last (often "Final boundary missing");
 * - MULTIPART_STRICT_ERROR is computed after a final boundary found at the very end of the
 *   body was processed (v3 computes it just before).
 */
export function parseMultipart(body: string, contentType: string, limits: MultipartLimits = {}): MultipartResult {
  const fileLimit = limits.fileLimit !== undefined && limits.fileLimit > 0 ? limits.fileLimit : 0;
  return new MultipartParser(body, contentType, fileLimit).run();
}
