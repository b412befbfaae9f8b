import { describe, expect, it } from 'vitest';
import { hasShared, sharedPath } from '../../core/testing.ts';
import { dechunk, parseHttpRequest } from './http-parse.ts';
import { loadFtwDir } from './loader.ts';
import { buildFtwRequest } from './request.ts';

const CRLF = '\r\n';
const req = (lines: string[], body = ''): string => lines.join(CRLF) + CRLF + CRLF + body;

describe('parseHttpRequest, tolerant', () => {
  it('reads a plain request', () => {
    const p = parseHttpRequest(req(['POST /a?b=c HTTP/1.1', 'Host: x', 'Content-Length: 3'], 'abcdef'));
    expect(p).toMatchObject({ method: 'POST', uri: '/a?b=c', version: 'HTTP/1.1', body: 'abc', requestLine: 'POST /a?b=c HTTP/1.1' });
    expect(p.headers).toEqual([['Host', 'x'], ['Content-Length', '3']]);
    expect(p.anomalies.map((a) => a.kind)).toEqual(['trailing-bytes']);
    expect(p.serverRejects).toBeUndefined();
  });

  it('accepts bare LF line ends, leading empty lines, blanks around values and folded headers', () => {
    const p = parseHttpRequest('\r\n\nGET / HTTP/1.0\nA:   one  \n  two\nB:\n\n');
    expect(p.requestLine).toBe('GET / HTTP/1.0');
    expect(p.headers).toEqual([['A', 'one two'], ['B', '']]);
    expect(p.anomalies.map((a) => a.kind)).toEqual(['obs-fold']);
  });

  it('keeps odd request lines as sent', () => {
    const odd = parseHttpRequest(req(['|GET / HTTP/1.1', 'Host: a']));
    expect(odd.method).toBe('|GET');
    expect(odd.serverRejects).toBeUndefined();
    const spaced = parseHttpRequest(req(['GET /a b c HTTP/1.1', 'Host: a']));
    expect(spaced).toMatchObject({ uri: '/a b c', version: 'HTTP/1.1' });
    expect(spaced.serverRejects).toMatch(/^400: /);
  });

  it('keeps the body of a request with no framing headers empty', () => {
    expect(parseHttpRequest(req(['POST / HTTP/1.1', 'Host: a'], 'x=1')).body).toBe('');
  });

  it('de-chunks and reports malformed chunked bodies', () => {
    expect(dechunk(`A${CRLF}0123456789${CRLF}0${CRLF}${CRLF}`)).toEqual({ body: '0123456789', ok: true, used: 20 });
    expect(dechunk(`zz${CRLF}`).ok).toBe(false);
    expect(dechunk(`5${CRLF}ab`).ok).toBe(false);
    const p = parseHttpRequest(req(['POST / HTTP/1.1', 'Host: a', 'Transfer-Encoding: chunked'], `3${CRLF}abcX`));
    expect(p.serverRejects).toBe('400: malformed chunked body');
  });
});

describe('server verdicts (Apache httpd 2.4 defaults)', () => {
  const cases: Array<[string, string | undefined]> = [
    [req(['GET / HTTP/1.1', 'Host: localhost']), undefined],
    [req(['     GET / HTTP/1.1', 'Host: a']), '400'],
    [req(['GET / HTTP\\1.0', 'Host: a']), '400'],
    [req(['GET / HTTP/0.9', 'Host: a']), '400'],
    [req(['GET / HTTP/4.0', 'Host: a']), undefined],
    [req(['GET /#frag HTTP/1.1', 'Host: a']), '400'],
    [req(['GET \\ HTTP/1.1', 'Host: a']), '400'],
    [req(['CONNECT 1.2.3.4:80 HTTP/1.1', 'Host: a']), undefined],
    [req(['CONNECT example.org HTTP/1.1', 'Host: a']), '400'],
    [req(['OPTIONS * HTTP/1.1', 'Host: a']), undefined],
    [req(['GET http://a/ HTTP/1.1', 'Host: a']), undefined],
    [req(['GET / HTTP/1.1']), '400'],
    [req(['GET / HTTP/1.0']), undefined],
    [req(['GET / HTTP/1.1', 'Host: localhost%00']), '400'],
    [req(['GET / HTTP/1.1', 'Host: a', 'X: a\rb']), '400'],
    [req(['GET / HTTP/1.1', 'Host: a', 'NoColon']), '400'],
    [req(['GET / HTTP/1.1', 'Host: a', 'Content-Length: 3;']), '400'],
    [req(['POST / HTTP/1.1', 'Host: a', 'Transfer-Encoding: gzip']), '501'],
  ];
  it.each(cases)('%j -> %s', (raw, status) => {
    const p = parseHttpRequest(raw);
    expect(p.serverRejects?.slice(0, 3)).toBe(status);
  });

  it('passes a request without a protocol to ModSecurity as HTTP/0.9', () => {
    const p = parseHttpRequest(req(['GET / ', 'Host: a']));
    expect(p).toMatchObject({ version: '', http09: true });
    expect(p.serverRejects).toBeUndefined();
    expect(parseHttpRequest(req(['POST /', 'Host: a'])).serverRejects).toMatch(/^400/);
  });
});

describe.skipIf(!hasShared('coreruleset'))('server verdicts on the CRS suite', () => {
  it('match every CRS test that expects the server to answer, and reject no test expecting rule ids', () => {
    const { files } = loadFtwDir(sharedPath('coreruleset', 'tests', 'regression', 'tests'));
    const mismatches: string[] = [];
    let rejected = 0;
    for (const t of files.flatMap((f) => f.tests)) {
      for (const s of t.stages) {
        const built = buildFtwRequest(s.input);
        if (!built.ok) {
          mismatches.push(`${t.id}: ${built.error}`);
          continue;
        }
        const r = built.request;
        const status = typeof s.output.status === 'number' ? s.output.status : undefined;
        const code = r.serverRejects ? Number(r.serverRejects.slice(0, 3)) : undefined;
        if (code !== undefined) rejected++;
        if (status !== undefined && status >= 400 && code !== status) mismatches.push(`${t.id}: expects ${status}, got ${r.serverRejects}`);
        if (code !== undefined && (s.output.log.expectIds?.length || s.output.log.matchRegex)) {
          mismatches.push(`${t.id}: rejected (${r.serverRejects}) but expects rules to match`);
        }
        if (s.output.expectError && !r.http09) mismatches.push(`${t.id}: expects an error`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(rejected).toBeGreaterThan(20);
  });
});
