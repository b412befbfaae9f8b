/**
 * One crafted body per MULTIPART_* flag. Each case states every flag it expects to be set;
 * all other flags must be 0, so a case also proves the flag is not set by accident elsewhere.
 * MULTIPART_UNMATCHED_BOUNDARY is the exception: libmodsecurity v3 sets it to 2 whenever a
 * boundary matched after the first one (every well-formed body), so 2 is its clean value.
 */
import { describe, expect, it } from 'vitest';
import { parseMultipart } from './multipart.ts';
import type { MultipartFlagName, MultipartLimits } from './types.ts';

const CT = 'multipart/form-data; boundary=B';
const crlf = (...lines: string[]): string => lines.join('\r\n');
const part = (cd: string, value: string): string[] => ['--B', `Content-Disposition: ${cd}`, '', value];
const clean = crlf(...part('form-data; name="a"', '1'), '--B--', '');

interface FlagCase {
  flag: MultipartFlagName;
  body: string;
  contentType?: string;
  limits?: MultipartLimits;
  /** Every flag set, with its value; STRICT_ERROR is checked separately. */
  set: Partial<Record<MultipartFlagName, number>>;
  strict: 0 | 1;
  /** False when the body reaches no final boundary, so no part is handed on. */
  exported?: boolean;
}

const file = (name: string): string[] => part(`form-data; name="${name}"; filename="${name}.txt"`, 'data');

const cases: FlagCase[] = [
  { flag: 'MULTIPART_BOUNDARY_QUOTED', body: clean, contentType: 'multipart/form-data; boundary="B"', set: { MULTIPART_BOUNDARY_QUOTED: 1 }, strict: 1 },
  { flag: 'MULTIPART_BOUNDARY_WHITESPACE', body: clean, contentType: 'multipart/form-data; boundary =B', set: { MULTIPART_BOUNDARY_WHITESPACE: 1 }, strict: 1 },
  { flag: 'MULTIPART_MISSING_SEMICOLON', body: clean, contentType: 'multipart/form-data boundary=B', set: { MULTIPART_MISSING_SEMICOLON: 1 }, strict: 1 },
  { flag: 'MULTIPART_DATA_BEFORE', body: 'preamble\r\n' + clean, set: { MULTIPART_DATA_BEFORE: 1 }, strict: 1 },
  { flag: 'MULTIPART_DATA_AFTER', body: clean + 'epilogue\r\n', set: { MULTIPART_DATA_AFTER: 1 }, strict: 1 },
  {
    flag: 'MULTIPART_HEADER_FOLDING',
    body: crlf('--B', 'Content-Disposition: form-data;', ' name="a"', '', '1', '--B--', ''),
    set: { MULTIPART_HEADER_FOLDING: 1 }, strict: 1,
  },
  {
    flag: 'MULTIPART_INVALID_HEADER_FOLDING',
    body: crlf('--B', 'Content-Disposition: form-data;', '\x0bname="a"', '', '1', '--B--', ''),
    set: { MULTIPART_HEADER_FOLDING: 1, MULTIPART_INVALID_HEADER_FOLDING: 1 }, strict: 1,
  },
  { flag: 'MULTIPART_LF_LINE', body: clean.replace(/\r\n/g, '\n'), set: { MULTIPART_LF_LINE: 1 }, strict: 1 },
  {
    flag: 'MULTIPART_CRLF_LF_LINES',
    body: crlf('--B', 'Content-Disposition: form-data; name="a"\n', '1', '--B--', ''),
    set: { MULTIPART_LF_LINE: 1, MULTIPART_CRLF_LF_LINES: 1 }, strict: 1,
  },
  { flag: 'MULTIPART_INVALID_QUOTING', body: crlf(...part("form-data; name='a'", '1'), '--B--', ''), set: { MULTIPART_INVALID_QUOTING: 1 }, strict: 1 },
  {
    flag: 'MULTIPART_INVALID_PART',
    body: crlf('--B', ...part('form-data; name="a"', '1'), '--B--', ''),
    set: { MULTIPART_INVALID_PART: 1 }, strict: 1,
  },
  {
    flag: 'MULTIPART_FILE_LIMIT_EXCEEDED',
    body: crlf(...file('f1'), ...file('f2'), '--B--', ''),
    limits: { fileLimit: 1 },
    set: { MULTIPART_FILE_LIMIT_EXCEEDED: 1 }, strict: 1,
  },
  {
    // Not part of STRICT_ERROR, as in ModSecurity: it has its own rule (200004).
    // 1 lasts only if no boundary follows the look-alike: here the body ends without one.
    flag: 'MULTIPART_UNMATCHED_BOUNDARY',
    body: crlf(...part('form-data; name="a"', '1'), ...part('form-data; name="b"', 'x\r\n--C\r\ny')),
    set: { MULTIPART_UNMATCHED_BOUNDARY: 1 }, strict: 0,
    // Without its final boundary, v3 hands no part to ARGS.
    exported: false,
  },
];

const allFlags: MultipartFlagName[] = [
  'MULTIPART_BOUNDARY_QUOTED', 'MULTIPART_BOUNDARY_WHITESPACE', 'MULTIPART_DATA_BEFORE',
  'MULTIPART_DATA_AFTER', 'MULTIPART_HEADER_FOLDING', 'MULTIPART_LF_LINE', 'MULTIPART_CRLF_LF_LINES',
  'MULTIPART_MISSING_SEMICOLON', 'MULTIPART_INVALID_QUOTING', 'MULTIPART_INVALID_PART',
  'MULTIPART_INVALID_HEADER_FOLDING', 'MULTIPART_FILE_LIMIT_EXCEEDED', 'MULTIPART_UNMATCHED_BOUNDARY',
];

describe('MULTIPART_* flags', () => {
  it('a clean single-part body sets none', () => {
    const r = parseMultipart(clean, CT, {});
    for (const f of allFlags) expect(r[f], f).toBe(f === 'MULTIPART_UNMATCHED_BOUNDARY' ? 2 : 0);
    expect(r.MULTIPART_STRICT_ERROR).toBe(0);
    expect(r.error).toBeNull();
  });

  it('the cases cover every flag', () => {
    expect(new Set(cases.map((c) => c.flag))).toEqual(new Set(allFlags));
  });

  it.each(cases)('$flag', (c) => {
    const r = parseMultipart(c.body, c.contentType ?? CT, c.limits ?? {});
    for (const f of allFlags) expect(r[f], f).toBe(c.set[f] ?? (f === 'MULTIPART_UNMATCHED_BOUNDARY' ? 2 : 0));
    expect(r.MULTIPART_STRICT_ERROR).toBe(c.strict);
    if (c.exported !== false) expect(r.args.length + r.files.length).toBeGreaterThan(0);
  });

  it('a look-alike inside a line also counts as unmatched', () => {
    const r = parseMultipart(crlf(...part('form-data; name="a"', '1'), ...part('form-data; name="b"', 'x--B\r\ny')), CT, {});
    expect(r.MULTIPART_UNMATCHED_BOUNDARY).toBe(1);
  });

  it('a boundary after a look-alike sets 2, as v3 does: an uploaded PEM file passes "@eq 1"', () => {
    const pem = '-----BEGIN CERTIFICATE-----\r\nMIIB\r\n-----END CERTIFICATE-----';
    const r = parseMultipart(crlf(...part('form-data; name="a"; filename="c.pem"', pem), '--B--', ''), CT, {});
    expect(r.MULTIPART_UNMATCHED_BOUNDARY).toBe(2);
    expect(r.files[0].content).toBe(pem);
    expect(r.MULTIPART_STRICT_ERROR).toBe(0);
  });

  it('files over the limit are still listed', () => {
    const r = parseMultipart(crlf(...file('f1'), ...file('f2'), ...file('f3'), '--B--', ''), CT, { fileLimit: 2 });
    expect(r.files.map((f) => f.field)).toEqual(['f1', 'f2', 'f3']);
    expect(r.MULTIPART_FILE_LIMIT_EXCEEDED).toBe(1);
    expect(parseMultipart(crlf(...file('f1'), ...file('f2'), '--B--', ''), CT, { fileLimit: 2 }).MULTIPART_FILE_LIMIT_EXCEEDED).toBe(0);
  });

  it('a fatal error alone sets STRICT_ERROR', () => {
    const r = parseMultipart(crlf(...part('form-data; name="a"', '1'), '--B junk', '--B--', ''), CT, {});
    expect(r.MULTIPART_STRICT_ERROR).toBe(1);
    for (const f of allFlags) if (f !== 'MULTIPART_UNMATCHED_BOUNDARY') expect(r[f], f).toBe(0);
  });
});
