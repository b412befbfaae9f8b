/**
 * Runs the body processors over every request body in the CRS go-ftw regression tests that
 * declares a multipart or JSON Content-Type, checking what the CRS rules rely on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hasShared, sharedPath } from '../../core/testing.ts';
import { parseJson } from './json.ts';
import { parseMultipart } from './multipart.ts';

interface Body {
  file: string;
  contentType: string;
  data: string;
}

interface FtwInput {
  headers?: Record<string, string>;
  data?: unknown;
}

function* yamlFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* yamlFiles(p);
    else if (/\.ya?ml$/.test(e.name)) yield p;
  }
}

function collectBodies(dir: string): Body[] {
  const out: Body[] = [];
  for (const file of yamlFiles(dir)) {
    const doc = parse(readFileSync(file, 'utf8')) as { tests?: Array<{ stages?: Array<{ input?: FtwInput }> }> } | null;
    for (const t of doc?.tests ?? []) {
      for (const s of t.stages ?? []) {
        const headers = s.input?.headers ?? {};
        const ctKey = Object.keys(headers).find((k) => k.toLowerCase() === 'content-type');
        const data = s.input?.data;
        if (ctKey === undefined || typeof data !== 'string') continue;
        // ftw sends the YAML text as UTF-8 bytes.
        out.push({ file, contentType: String(headers[ctKey]), data: Buffer.from(data, 'utf8').toString('latin1') });
      }
    }
  }
  return out;
}

describe.skipIf(!hasShared('coreruleset'))('body processors on CRS regression bodies', () => {
  const bodies = hasShared('coreruleset') ? collectBodies(sharedPath('coreruleset', 'tests', 'regression', 'tests')) : [];
  const multipart = bodies.filter((b) => b.contentType.toLowerCase().startsWith('multipart/form-data'));
  const json = bodies.filter((b) => b.contentType.toLowerCase().startsWith('application/json'));

  it('finds multipart and JSON bodies', () => {
    expect(multipart.length).toBeGreaterThan(5);
    expect(json.length).toBeGreaterThan(5);
  });

  it('exposes every part Content-Type header of the 922 tests to MULTIPART_PART_HEADERS', () => {
    for (const b of multipart.filter((x) => x.file.includes('REQUEST-922'))) {
      const r = parseMultipart(b.data, b.contentType, {});
      const declared = b.data.split(/\r?\n/).filter((l) => /^content-type\s*:/i.test(l));
      const seen = r.partHeaders.filter(([, line]) => /^content-type\s*:/i.test(line)).map(([, line]) => line);
      // Headers of a part without a usable name are dropped, as in ModSecurity.
      expect(seen.length, b.file).toBeLessThanOrEqual(declared.length);
      for (const line of seen) {
        expect(declared, b.file).toContain(line);
        expect(line).not.toMatch(/[\r\n]$/);
      }
      if (r.error === null && r.MULTIPART_INVALID_PART === 0) expect(seen, b.file).toEqual(declared);
    }
  });

  it('parses every multipart body to byte strings without throwing', () => {
    for (const b of multipart) {
      const r = parseMultipart(b.data, b.contentType, { fileLimit: 100 });
      for (const [k, v] of r.args) expect(/^[\x00-\xff]*$/.test(k + v), b.file).toBe(true);
    }
  });

  it('names JSON arguments with the json. prefix CRS rules expect', () => {
    let named = 0;
    for (const b of json) {
      const r = parseJson(b.data, { depthLimit: 1024 });
      for (const [k] of r.args) expect(k === 'json' || k.startsWith('json.'), b.file).toBe(true);
      named += r.args.length;
    }
    expect(named).toBeGreaterThan(0);
  });
});
