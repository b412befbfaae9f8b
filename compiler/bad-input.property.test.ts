import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../core/testing.ts';
import { compileRules } from './index.ts';
import { Transaction } from '../runtime/transaction.ts';

/**
 * Any request, however malformed (invalid percent-encoding, broken multipart, deep JSON, NUL
 * bytes, huge headers, invalid UTF-8), goes through the full CRS at paranoia level 4 without an
 * exception: it can only yield flags and matches.
 */
const bytes = (max: number) => fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: max }).map((a) => String.fromCharCode(...a));
const nasty = fc.oneof(
  bytes(64),
  fc.constantFrom('%', '%zz', '%u12', '%00', '\u00ff\u00fe', '\u00c3\u0028', '{"a":[[[[', '<a><b>', '--B\r\nContent-Disposition: form-data; name="x"\r\n\r\nv', "' or 1=1--", '<script>'),
  fc.string({ maxLength: 40 }).map((s) => Buffer.from(s, 'utf8').toString('latin1')),
);
const contentType = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=B',
  'multipart/form-data',
  'application/json',
  'text/xml',
  'text/plain',
  '',
);
const request = fc.record({
  method: fc.oneof(fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS'), bytes(8)),
  uri: fc.tuple(nasty, nasty).map(([a, b]) => `/${a}?${b}=${a}`),
  headers: fc.array(fc.tuple(fc.oneof(fc.constantFrom('Host', 'Cookie', 'User-Agent', 'Referer', 'Content-Type'), bytes(10)), nasty), { maxLength: 8 }),
  contentType,
  body: fc.oneof(nasty, fc.nat({ max: 3000 }).map((n) => '['.repeat(n)), fc.array(nasty, { maxLength: 6 }).map((p) => p.join('&'))),
});

describe.skipIf(!hasShared('coreruleset'))('bad input through CRS at PL4', () => {
  const crs = sharedPath('coreruleset');
  const { program, diagnostics } = compileRules([
    { path: '<engine>', text: 'SecRuleEngine On\nSecRequestBodyAccess On\nSecResponseBodyAccess On' },
    `${crs}/crs-setup.conf.example`,
    { path: '<pl>', text: 'SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=4,setvar:tx.detection_paranoia_level=4"' },
    `${crs}/rules`,
  ]);

  it('compiles without errors', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('never throws on any request', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(request, (r) => {
        const tx = new Transaction(program);
        tx.processConnection('192.0.2.1', 1, '127.0.0.1', 80);
        tx.processUri(r.uri, r.method, '1.1');
        for (const [k, v] of r.headers) tx.addRequestHeader(k, v);
        if (r.contentType) tx.addRequestHeader('Content-Type', r.contentType);
        tx.processRequestHeaders();
        tx.appendRequestBody(r.body);
        tx.processRequestBody();
        tx.addResponseHeader('Content-Type', 'text/html');
        tx.processResponseHeaders(200);
        tx.appendResponseBody(r.body);
        tx.processResponseBody();
        tx.processLogging();
        expect(Array.isArray(tx.matches)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
