import { describe, expect, it } from 'vitest';
import { parseMultipart } from './multipart.ts';
import { parseBoundary, parseDisposition } from './multipart-headers.ts';

const CT = 'multipart/form-data; boundary=B';
const crlf = (...lines: string[]): string => lines.join('\r\n');

const field = (name: string, value: string): string[] => [
  '--B', `Content-Disposition: form-data; name="${name}"`, '', value,
];

describe('parseMultipart: parts', () => {
  const body = crlf(
    ...field('a', '1'),
    '--B', 'Content-Disposition: form-data; name="f"; filename="x.txt"', 'Content-Type: text/plain', '', 'hello',
    '--B--', '',
  );
  const r = parseMultipart(body, CT, {});

  it('splits fields and files', () => {
    expect(r.error).toBeNull();
    expect(r.args).toEqual([['a', '1']]);
    expect(r.files).toEqual([{ field: 'f', filename: 'x.txt', size: 5, content: 'hello', contentType: 'text/plain' }]);
    expect(r.filesCombinedSize).toBe(5);
    expect(r.names).toEqual(['a', 'f']);
    expect(r.filenames).toEqual(['x.txt']);
  });

  it('exposes part headers without the line terminator (the 3.0.9 bug fixed in 3.0.10)', () => {
    expect(r.partHeaders).toEqual([
      ['a', 'Content-Disposition: form-data; name="a"'],
      ['f', 'Content-Disposition: form-data; name="f"; filename="x.txt"'],
      ['f', 'Content-Type: text/plain'],
    ]);
    for (const [, line] of r.partHeaders) expect(line).not.toMatch(/[\r\n]/);
  });

  it('sets no strict flag for a clean body; UNMATCHED_BOUNDARY is 2 once a second boundary matched', () => {
    expect(r.MULTIPART_STRICT_ERROR).toBe(0);
    expect(r.MULTIPART_UNMATCHED_BOUNDARY).toBe(2);
    // Only boundary lines seen by the line loop count: v3 does not set 2 for a final boundary
    // found unterminated at the very end of the body.
    expect(parseMultipart(crlf(...field('a', '1'), '--B--', ''), CT, {}).MULTIPART_UNMATCHED_BOUNDARY).toBe(2);
    expect(parseMultipart(crlf(...field('a', '1'), '--B--'), CT, {}).MULTIPART_UNMATCHED_BOUNDARY).toBe(0);
  });

  it('drops the line breaks of a field value, as libmodsecurity v3 does, and keeps lone CRs and file data', () => {
    const m = parseMultipart(crlf(...field('a', 'x\r\ny\n'), ...field('b', 'l1\n\nl2\r\r\nl3\rl4'), '--B', 'Content-Disposition: form-data; name="f"; filename="t.txt"', '', 'f1\r\nf2', '--B--'), CT, {});
    expect(m.args).toEqual([['a', 'xy'], ['b', 'l1l2\rl3\rl4']]);
    expect(m.files.map((f) => f.content)).toEqual(['f1\r\nf2']);
  });

  it('handles empty values and files', () => {
    const m = parseMultipart(crlf(
      ...field('a', ''),
      '--B', 'Content-Disposition: form-data; name="f"; filename="e.bin"', '',
      '--B--'), CT, {});
    expect(m.args).toEqual([['a', '']]);
    expect(m.files.map((f) => [f.filename, f.size])).toEqual([['e.bin', 0]]);
  });

  it('treats filename="" as a plain field, as ModSecurity does', () => {
    const m = parseMultipart(crlf(
      '--B', 'Content-Disposition: form-data; name="f"; filename=""', '', 'v', '--B--'), CT, {});
    expect(m.files).toEqual([]);
    expect(m.args).toEqual([['f', 'v']]);
  });

  it('keeps bytes 0-255 other than LF as they are', () => {
    const bytes = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('').replace('\n', '');
    const m = parseMultipart(crlf(...field('a', bytes), '--B--'), CT, {});
    expect(m.args[0][1]).toBe(bytes);
  });

  it('accepts a final boundary without a line terminator at the very end', () => {
    const m = parseMultipart(crlf(...field('a', '1'), '--B--'), CT, {});
    expect(m.error).toBeNull();
    expect(m.args).toEqual([['a', '1']]);
  });

  it('an empty body is not an error', () => {
    const m = parseMultipart('', CT, {});
    expect(m.error).toBeNull();
    expect(m.args).toEqual([]);
  });
});

describe('parseMultipart: errors', () => {
  const ok = crlf(...field('a', '1'), '--B--', '');
  it.each([
    ['', 'Multipart: Content-Type header not available.'],
    ['text/plain; boundary=B', 'Multipart: Invalid MIME type.'],
    ['multipart/form-data', 'Multipart: Boundary not found in C-T.'],
    ['multipart/form-data; Boundary=B', 'Multipart: Invalid boundary in C-T (case sensitivity).'],
    ['multipart/form-data; boundary=B; boundary=C', 'Multipart: Multiple boundary parameters in C-T.'],
    ['multipart/form-data; boundary="B', 'Multipart: Invalid boundary in C-T (quote).'],
    ['multipart/form-data; boundary=;', 'Multipart: Invalid boundary in C-T (empty).'],
    ['multipart/form-data; boundary=B<; charset=utf-8', 'Multipart: Invalid boundary in C-T (characters).'],
    ['multipart/form-data; x; boundary=B', 'Multipart: Invalid boundary in C-T (malformed).'],
    ['multipart/form-data; boundaryx=B', 'Multipart: Invalid boundary in C-T (parameter name).'],
    ['multipart/form-data; boundary=B' + 'x'.repeat(1024), 'Multipart: Invalid boundary in C-T (length).'],
  ])('Content-Type %j is rejected', (ct, message) => {
    const r = parseMultipart(ok, ct, {});
    expect(r.error).toBe(message);
    expect(r.MULTIPART_STRICT_ERROR).toBe(1);
    expect(r.args).toEqual([]);
  });

  it('tolerates a parameter after the boundary, as v3 does since 3.0.10', () => {
    const r = parseMultipart(ok, 'multipart/form-data; boundary=B; charset=utf-8', {});
    expect(r.error).toBeNull();
    expect(r.args).toEqual([['a', '1']]);
    expect(r.MULTIPART_STRICT_ERROR).toBe(0);
  });

  it('gives up on an unquoted empty boundary without an error but with its flags, as v3 does; a quoted one is an error', () => {
    const r = parseMultipart(ok, 'multipart/form-data; boundary=', {});
    expect(r.error).toBeNull();
    expect(r.args).toEqual([]);
    expect(r.MULTIPART_STRICT_ERROR).toBe(0);
    const noSemicolon = parseMultipart(ok, 'multipart/form-data boundary =', {});
    expect(noSemicolon.error).toBeNull();
    expect([noSemicolon.MULTIPART_MISSING_SEMICOLON, noSemicolon.MULTIPART_BOUNDARY_WHITESPACE, noSemicolon.MULTIPART_STRICT_ERROR]).toEqual([1, 1, 1]);
    const quoted = parseMultipart(ok, 'multipart/form-data; boundary=""', {});
    expect(quoted.error).toBe('Multipart: Invalid boundary in C-T (empty).');
    expect(quoted.MULTIPART_STRICT_ERROR).toBe(1);
  });

  it('reports a missing final boundary, not as a strict error, and hands no part on (libmodsecurity 3.0.9)', () => {
    const r = parseMultipart(crlf(...field('a', '1'), ...field('b', '2')), CT, {});
    expect(r.error).toBe('Multipart: Final boundary missing.');
    expect(r.args).toEqual([]);
    expect(r.partHeaders.map(([n]) => n)).toEqual(['a']);
    expect(r.MULTIPART_STRICT_ERROR).toBe(0);
  });

  it('ends the parse on a Content-Disposition that does not parse or names no field, handing no part on (3.0.9)', () => {
    for (const cd of ['attachment; name="x"', 'form-data; name="x"; name="y"', 'form-data; name=""', 'form-data; filename="x.txt"']) {
      const r = parseMultipart(crlf(...field('a', '1'), '--B', `Content-Disposition: ${cd}`, '', 'v', ...field('b', '2'), '--B--', ''), CT, {});
      expect(r.args, cd).toEqual([]);
      expect(r.files, cd).toEqual([]);
      expect(r.MULTIPART_INVALID_PART, cd).toBe(1);
      expect(r.MULTIPART_STRICT_ERROR, cd).toBe(1);
      expect(r.error, cd).toMatch(/Content-Disposition/);
    }
    // A part without Content-Disposition is only reported: the others still count.
    const r = parseMultipart(crlf(...field('a', '1'), '--B', 'X-Other: 1', '', 'v', ...field('b', '2'), '--B--'), CT, {});
    expect(r.args).toEqual([['a', '1'], ['b', '2']]);
  });

  it('after such a Content-Disposition, hands on the parts read so far when the body ends on the final boundary with no line break (3.0.9)', () => {
    const body = (cd: string, end: string) => crlf(...field('a', '1'), '--B', `Content-Disposition: ${cd}`, '', 'v', ...field('b', '2'), '--B--') + end;
    // The broken part counts if it got its name before the error; nothing after it is read.
    expect(parseMultipart(body('form-data; name=t[]', ''), CT, {}).args).toEqual([['a', '1'], ['t', '']]);
    expect(parseMultipart(body('form-data; filename="x.txt"', ''), CT, {}).args).toEqual([['a', '1']]);
    expect(parseMultipart(body('attachment; name="x"', ''), CT, {}).args).toEqual([['a', '1']]);
    const stopped = parseMultipart(body('form-data; name=t[]', ''), CT, {});
    expect([stopped.MULTIPART_INVALID_PART, stopped.error === null]).toEqual([1, false]);
    // With a line break after the final boundary, nothing.
    expect(parseMultipart(body('form-data; name=t[]', '\r\n'), CT, {}).args).toEqual([]);
  });

  it('reports a body without any boundary', () => {
    const r = parseMultipart('just text\r\n', CT, {});
    expect(r.error).toBe('Multipart: No boundaries found in payload.');
    expect(r.MULTIPART_DATA_BEFORE).toBe(1);
  });

  it('stops at a malformed boundary line', () => {
    const r = parseMultipart(crlf(...field('a', '1'), '--Bjunk', ...field('b', '2'), '--B--'), CT, {});
    expect(r.error).toBe('Multipart: Invalid boundary: --Bjunk\r\n');
    expect(r.MULTIPART_STRICT_ERROR).toBe(1);
    expect(r.args).toEqual([]);
  });

  it.each([
    ['quoted boundary in the body', 'multipart/form-data; boundary="B"', '--"B"', 'Multipart: Invalid boundary (quotes).'],
    ['whitespace before the boundary', CT, '-- B', 'Multipart: Invalid boundary (whitespace).'],
  ])('rejects %s', (_what, ct, line, message) => {
    const r = parseMultipart(crlf(...field('a', '1'), line, '--B--'), ct, {});
    expect(r.error).toBe(message);
    expect(r.MULTIPART_STRICT_ERROR).toBe(1);
  });

  it('reports a part without Content-Disposition and drops it', () => {
    const r = parseMultipart(crlf('--B', 'Content-Type: text/plain', '', 'v', ...field('b', '2'), '--B--'), CT, {});
    expect(r.error).toBe('Multipart: Part missing Content-Disposition header.');
    expect(r.args).toEqual([['b', '2']]);
    expect(r.MULTIPART_INVALID_PART).toBe(1);
  });

  it.each([
    ['attachment; name="a"', -1],
    ['form-data; name="a"; size=3', -11],
    ['form-data; name="a" x', -12],
    ['form-data; name="a"; name="b"', -14],
  ])('rejects Content-Disposition %j with its v3 code', (cd, rc) => {
    const r = parseMultipart(crlf('--B', `Content-Disposition: ${cd}`, '', 'v', '--B--'), CT, {});
    expect(r.error).toBe(`Multipart: Invalid Content-Disposition header (${rc}): ${cd}`);
  });

  it('reports a missing name and a filename a crude parser would not see', () => {
    const noName = parseMultipart(crlf('--B', 'Content-Disposition: form-data', '', 'v', '--B--'), CT, {});
    expect(noName.error).toBe('Multipart: Content-Disposition header missing name field.');
    expect(noName.MULTIPART_INVALID_PART).toBe(1);
    const spaced = parseMultipart(crlf('--B', 'Content-Disposition: form-data; name="f"; filename ="x"', '', 'v', '--B--'), CT, {});
    expect(spaced.error).toBe('Multipart: Invalid Content-Disposition header (filename).');
  });

  it('keeps the first of duplicate part headers without an error (v3); reports header lines without a colon, NUL bytes and over-long lines', () => {
    const dup = parseMultipart(crlf('--B', 'Content-Disposition: form-data; name="a"', 'content-disposition: form-data; name="b"', '', 'v', '--B--'), CT, {});
    expect(dup.error).toBeNull();
    expect(dup.args).toEqual([['a', 'v']]);
    expect(dup.partHeaders).toEqual([['a', 'Content-Disposition: form-data; name="a"']]);
    // A header name with bytes outside 33-126 is stored, for CRS 922130 to find.
    const odd = parseMultipart(crlf('--B', 'X Foo: bar', 'Content-Disposition: form-data; name="a"', '', 'v', '--B--'), CT, {});
    expect(odd.error).toBeNull();
    expect(odd.partHeaders).toEqual([['a', 'X Foo: bar'], ['a', 'Content-Disposition: form-data; name="a"']]);
    const colon = parseMultipart(crlf('--B', 'no colon here', ...field('b', '2'), '--B--'), CT, {});
    expect(colon.error).toBe('Multipart: Invalid part header (colon missing): no colon here\r\n');
    const nul = parseMultipart(crlf('--B', 'X-A: \0', ...field('b', '2'), '--B--'), CT, {});
    expect(nul.error).toBe('Multipart: Nul byte in part headers.');
    const long = parseMultipart(crlf('--B', 'X-A: ' + 'a'.repeat(4096), ...field('b', '2'), '--B--'), CT, {});
    expect(long.error).toBe('Multipart: Part header line over 4096 bytes long');
    expect(long.MULTIPART_STRICT_ERROR).toBe(1);
  });
});

describe('multipart header grammars', () => {
  it('parseBoundary reads quoted and plain boundaries', () => {
    expect(parseBoundary('multipart/form-data; boundary=----x')).toEqual({
      ok: true, info: { boundary: '----x', quoted: false, whitespace: false, missingSemicolon: false },
    });
    expect(parseBoundary('MULTIPART/FORM-DATA;boundary="a b"')).toMatchObject({ ok: true, info: { boundary: 'a b', quoted: true } });
  });

  it('parseDisposition handles escapes, single quotes and unquoted tokens', () => {
    expect(parseDisposition('form-data; name="a\\"b"; filename=c.txt')).toMatchObject({ rc: 1, name: 'a"b', filename: 'c.txt' });
    expect(parseDisposition("form-data; name='a'")).toMatchObject({ rc: 1, name: 'a', invalidQuoting: true });
    // An apostrophe inside double quotes is an ordinary file name (v3 since 3.0.10); unquoted it is not.
    expect(parseDisposition(`form-data; name="f"; filename="O'Brien.txt"`)).toMatchObject({ rc: 1, filename: "O'Brien.txt", invalidQuoting: false });
    expect(parseDisposition(`form-data; name=it's`)).toMatchObject({ rc: 1, name: "it's", invalidQuoting: true });
  });

  it("parseDisposition reads RFC 5987's filename* next to filename, as v3 does", () => {
    expect(parseDisposition(`form-data; name="f"; filename="a.txt"; filename*=UTF-8''%C3%A9t%C3%A9.txt`)).toMatchObject({ rc: 1, filename: 'a.txt', filenameStar: '%C3%A9t%C3%A9.txt' });
    expect(parseDisposition(`form-data; name="f"; filename*=utf-8'en'a.txt; filename="a.txt"`)).toMatchObject({ rc: 1, filename: 'a.txt' });
    expect(parseDisposition(`form-data; name="f"; filename*=utf-8''a.txt`).rc).toBe(-21);
    expect(parseDisposition(`form-data; name="f"; filename="a"; filename*=a.txt`).rc).toBe(-16);
    expect(parseDisposition(`form-data; name="f"; filename="a"; filename*=utf-8'en`).rc).toBe(-17);
    expect(parseDisposition(`form-data; name="f"; filename="a"; filename*=utf-8''a%4`).rc).toBe(-18);
    expect(parseDisposition(`form-data; name="f"; filename="a"; filename*=utf-8''a b`).rc).toBe(-19);
    expect(parseDisposition(`form-data; name="f"; filename="a"; filename*=x''a; filename*=x''b`).rc).toBe(-20);
    expect(parseDisposition('form-data; name="C:\\dir\\f"')).toMatchObject({ name: 'C:\\dir\\f' });
    expect(parseDisposition('form-data; name="a"; filename="b"; filename="c"')).toMatchObject({ rc: -15, filename: 'b' });
  });
});
