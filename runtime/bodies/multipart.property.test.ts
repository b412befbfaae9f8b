import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMultipart } from './multipart.ts';
import type { Arg } from './types.ts';

const byteString = (max: number): fc.Arbitrary<string> =>
  fc.uint8Array({ maxLength: max }).map((u) => Buffer.from(u).toString('latin1'));

/** Field names and file names: printable ASCII a quoted C-D value can carry unescaped. */
const quotable = fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_.:;=/()[]{}!@#$%&*+,<>?'.split('')), minLength: 1, maxLength: 10 });

interface GenPart {
  name: string;
  value: string;
  filename: string | null;
}

const partArb: fc.Arbitrary<GenPart> = fc.record({
  name: quotable,
  value: byteString(60),
  filename: fc.option(quotable, { nil: null }),
});

/** A multipart encoder; `eol` is the line terminator used throughout. */
function encode(parts: GenPart[], boundary: string, eol: string): string {
  let out = '';
  for (const p of parts) {
    out += `--${boundary}${eol}Content-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== null) out += `; filename="${p.filename}"${eol}Content-Type: application/octet-stream`;
    out += `${eol}${eol}${p.value}${eol}`;
  }
  return out + `--${boundary}--${eol}`;
}

describe('parseMultipart properties', () => {
  it('parses encoded random parts back to the same args and files', () => {
    const boundary = fc.string({ unit: fc.constantFrom(...'abcdefXYZ0123456789-_'.split('')), minLength: 8, maxLength: 30 });
    fc.assert(fc.property(fc.array(partArb, { maxLength: 6 }), boundary, fc.constantFrom('\r\n', '\n'), (parts, b, eol) => {
      // A value may not contain a line that starts the boundary: the format cannot carry it.
      fc.pre(parts.every((p) => !(eol + p.value).includes('\n--' + b)));
      // With LF lines a value ending in CR reads as a CRLF line end, in ModSecurity too.
      fc.pre(eol === '\r\n' || parts.every((p) => !p.value.endsWith('\r')));
      const r = parseMultipart(encode(parts, b, eol), `multipart/form-data; boundary=${b}`, {});
      if (parts.length === 0) {
        // Only a final boundary: no part, no error.
        expect(r.args).toEqual([]);
        return;
      }
      expect(r.error).toBeNull();
      // A field loses its line breaks (libmodsecurity v3); a file keeps its bytes.
      const args: Arg[] = parts.filter((p) => p.filename === null).map((p) => [p.name, p.value.replace(/\r?\n/g, '')]);
      expect(r.args).toEqual(args);
      const files = parts.filter((p) => p.filename !== null);
      expect(r.files.map((f) => [f.field, f.filename, f.content, f.size])).toEqual(
        files.map((p) => [p.name, p.filename, p.value, p.value.length]));
      expect(r.filesCombinedSize).toBe(files.reduce((n, p) => n + p.value.length, 0));
      expect(r.MULTIPART_LF_LINE).toBe(eol === '\n' ? 1 : 0);
    }), { numRuns: 300 });
  });

  it('never throws on arbitrary bodies and content types', () => {
    const tokens = fc.constantFrom(
      '--B', '--B--', '\r\n', '\n', '\r', ' ', '\t', 'Content-Disposition: form-data; name="a"',
      'Content-Disposition: form-data; name="f"; filename="x"', "name='q'", 'Content-Type: x', ':', '"', '\0', 'data',
    );
    const body = fc.oneof(byteString(300), fc.array(tokens, { maxLength: 40 }).map((a) => a.join('')));
    const ct = fc.oneof(
      fc.constantFrom('multipart/form-data; boundary=B', 'multipart/form-data; boundary="B"', 'multipart/form-data boundary = B', ''),
      byteString(60),
      byteString(20).map((s) => 'multipart/form-data; boundary=' + s),
    );
    fc.assert(fc.property(body, ct, fc.integer({ min: -1, max: 3 }), (b, c, fileLimit) => {
      const r = parseMultipart(b, c, { fileLimit });
      expect(r.MULTIPART_STRICT_ERROR === 0 || r.MULTIPART_STRICT_ERROR === 1).toBe(true);
      for (const f of r.files) expect(f.size).toBe(f.content.length);
      for (const [k, v] of [...r.args, ...r.partHeaders]) expect(/^[\x00-\xff]*$/.test(k + v)).toBe(true);
    }), { numRuns: 1000 });
  });

  it('stays linear on many parts and look-alike-free long lines', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `--B\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('') + '--B--\r\n';
    const t0 = performance.now();
    const r = parseMultipart(many, 'multipart/form-data; boundary=B', {});
    expect(r.args.length).toBe(20_000);
    const long = parseMultipart(`--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n${'x\n'.repeat(500_000)}\r\n--B--\r\n`, 'multipart/form-data; boundary=B', {});
    expect(long.args[0][1].length).toBe(500_000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
