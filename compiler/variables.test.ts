import { describe, expect, it } from 'vitest';
import { ids, run } from './testing.ts';

const ON = 'SecRuleEngine On\nSecRequestBodyAccess On\nSecResponseBodyAccess On\n';
/** A rule per variable that copies every value it sees into TX (setvar runs once per match). */
const probe = (vars: string[], phase = 2) =>
  ON + vars.map((v, i) => `SecRule ${v} "@unconditionalMatch" "id:${i + 1},phase:${phase},pass,setvar:'tx.seen %{MATCHED_VAR_NAME}=%{MATCHED_VAR}'"`).join('\n');
const seen = (tx: ReturnType<typeof run>) =>
  Object.fromEntries(tx.col('TX').all().filter((e) => e.key.startsWith('seen ')).map((e) => [e.key.slice(5), e.value]));

describe('request variables', () => {
  it('request line, URI decoding, filename, basename, query string, protocol', () => {
    const tx = run(probe(['REQUEST_LINE', 'REQUEST_URI', 'REQUEST_URI_RAW', 'REQUEST_FILENAME', 'REQUEST_BASENAME', 'QUERY_STRING', 'REQUEST_METHOD', 'REQUEST_PROTOCOL']), {
      method: 'GET',
      uri: '/a%20b/c.php?x=1+2&y=%41',
    });
    expect(seen(tx)).toMatchObject({
      REQUEST_LINE: 'GET /a%20b/c.php?x=1+2&y=%41 HTTP/1.1',
      REQUEST_URI: '/a b/c.php?x=1+2&y=A',
      REQUEST_URI_RAW: '/a%20b/c.php?x=1+2&y=%41',
      REQUEST_FILENAME: '/a b/c.php',
      REQUEST_BASENAME: 'c.php',
      QUERY_STRING: 'x=1+2&y=%41',
      REQUEST_METHOD: 'GET',
      REQUEST_PROTOCOL: 'HTTP/1.1',
    });
  });

  it('a fragment is cut from every variable but REQUEST_URI_RAW and REQUEST_LINE, as libmodsecurity 3.0.9 cuts it (measured)', () => {
    const vars = ['REQUEST_URI', 'REQUEST_URI_RAW', 'REQUEST_FILENAME', 'REQUEST_BASENAME', 'QUERY_STRING', 'ARGS_NAMES', 'REQUEST_LINE'];
    expect(seen(run(probe(vars), { uri: '/a/b.php#frag?x=1' }))).toEqual({
      REQUEST_URI: '/a/b.php', REQUEST_URI_RAW: '/a/b.php#frag?x=1', REQUEST_FILENAME: '/a/b.php', REQUEST_BASENAME: 'b.php',
      QUERY_STRING: '', REQUEST_LINE: 'GET /a/b.php#frag?x=1 HTTP/1.1',
    });
    expect(seen(run(probe(['ARGS', 'QUERY_STRING']), { uri: '/a?x=1&y=#2&z=3' }))).toEqual({ 'ARGS:x': '1', 'ARGS:y': '', QUERY_STRING: 'x=1&y=' });
    // %23 is no fragment.
    expect(seen(run(probe(['ARGS']), { uri: '/p%23q?x=1%232' }))).toEqual({ 'ARGS:x': '1#2' });
  });

  it('REQUEST_BASENAME is what follows the last slash, empty without one (OPTIONS *)', () => {
    expect(seen(run(probe(['REQUEST_BASENAME']), { uri: '*' }))).toEqual({ REQUEST_BASENAME: '' });
    expect(seen(run(probe(['REQUEST_BASENAME']), { uri: '/a\\b.txt' }))).toEqual({ REQUEST_BASENAME: 'b.txt' });
  });

  it('reads a repeated key newest first under its name, and a whole collection grouped by key, as libmodsecurity 3.0.9 does (measured)', () => {
    const targets = ['ARGS:a', 'ARGS', 'ARGS:/^[ab]$/', 'ARGS_NAMES', 'REQUEST_HEADERS:X-A'];
    const rules = ON + targets.map((t, i) => `SecRule ${t} "@unconditionalMatch" "id:${i + 1},phase:1,pass,setvar:'tx.o${i}=%{tx.o${i}}|%{MATCHED_VAR}'"`).join('\n');
    const tx = run(rules, { uri: '/?a=1&b=2&a=3&c=4', headers: [['Host', 'h'], ['X-A', '1'], ['X-B', 'b'], ['X-A', '2'], ['X-A', '3']] });
    expect(targets.map((_, i) => tx.col('TX').first(`o${i}`))).toEqual(['|3|1', '|1|3|2|4', '|1|3|2', '|a|a|b|c', '|3|2|1']);
  });

  it('ARGS_GET with + and %XX decoding; ARGS_NAMES; ARGS_COMBINED_SIZE', () => {
    const tx = run(probe(['ARGS_GET', 'ARGS_NAMES', 'ARGS_COMBINED_SIZE']), { uri: '/?na+me=v%41l' });
    expect(seen(tx)).toMatchObject({ 'ARGS_GET:na me': 'vAl', 'ARGS_NAMES:na me': 'na me', ARGS_COMBINED_SIZE: '8' });
  });

  it('a /regex/ key selector reads keys as ModSecurity v3 does: case-insensitive, line by line', () => {
    // v3 compiles key selectors like every regex, with PCRE_MULTILINE: '^id$' finds the line
    // "id" in a key that spans lines.
    const tx = run(probe(['ARGS:/^id$/']), { uri: '/?x%0AID=1&idx=2&ID=3' });
    expect(seen(tx)).toEqual({ 'ARGS:x\nID': '1', 'ARGS:ID': '3' });
  });

  it('cookies are split on ; with names and values', () => {
    const tx = run(probe(['REQUEST_COOKIES', 'REQUEST_COOKIES_NAMES'], 1), { headers: [['Cookie', 'a=1; b=two=2;c']] });
    expect(seen(tx)).toMatchObject({ 'REQUEST_COOKIES:a': '1', 'REQUEST_COOKIES:b': 'two=2', 'REQUEST_COOKIES:c': '', 'REQUEST_COOKIES_NAMES:b': 'b' });
  });

  it('cookies follow ModSecurity v3: a pair without a name is dropped, white space trimmed off names and the end', () => {
    const tx = run(probe(['REQUEST_COOKIES', 'REQUEST_COOKIES_NAMES'], 1), { headers: [['Cookie', '=hidden;  \t=also; \fa=1 ;;b= 2\t ']] });
    expect(seen(tx)).toEqual({ 'REQUEST_COOKIES:a': '1 ', 'REQUEST_COOKIES:b': ' 2', 'REQUEST_COOKIES_NAMES:a': 'a', 'REQUEST_COOKIES_NAMES:b': 'b' });
    // A final ';' leaves no empty piece: the pair before it is the last, and trimmed.
    expect(seen(run(probe(['REQUEST_COOKIES'], 1), { headers: [['Cookie', 'a=1 ;']] }))).toEqual({ 'REQUEST_COOKIES:a': '1' });
  });

  it('of two Content-Type headers the last one ModSecurity recognises picks the body processor, and the last one sent gives the boundary', () => {
    const headers: [string, string][] = [['Content-Type', 'application/x-www-form-urlencoded'], ['Content-Type', 'multipart/form-data; boundary=XX'], ['Content-Type', 'text/plain']];
    expect(seen(run(probe(['REQBODY_PROCESSOR'], 1), { method: 'POST', headers, body: 'a=1' }))).toEqual({ REQBODY_PROCESSOR: 'MULTIPART' });
    const body = ['--XX', 'Content-Disposition: form-data; name="a"', '', '1', '--XX--', ''].join('\r\n');
    const two: [string, string][] = [['Content-Type', 'application/x-www-form-urlencoded'], ['Content-Type', 'multipart/form-data; boundary=XX']];
    expect(seen(run(probe(['ARGS_POST', 'REQBODY_ERROR']), { method: 'POST', headers: two, body }))).toEqual({ 'ARGS_POST:a': '1', REQBODY_ERROR: '0' });
  });

  it('AUTH_TYPE and SERVER_NAME come from the Authorization and Host headers', () => {
    const tx = run(probe(['AUTH_TYPE', 'SERVER_NAME'], 1), { headers: [['Host', 'shop.example.com:8443'], ['Authorization', 'Bearer abc def']] });
    expect(seen(tx)).toEqual({ AUTH_TYPE: 'Bearer', SERVER_NAME: 'shop.example.com' });
  });

  it('urlencoded body to ARGS_POST and REQUEST_BODY', () => {
    const tx = run(probe(['ARGS_POST', 'REQUEST_BODY', 'REQBODY_PROCESSOR', 'REQUEST_BODY_LENGTH']), {
      method: 'POST',
      headers: [['Content-Type', 'application/x-www-form-urlencoded']],
      body: 'a=1&b=%3Cx%3E',
    });
    expect(seen(tx)).toMatchObject({ 'ARGS_POST:a': '1', 'ARGS_POST:b': '<x>', REQUEST_BODY: 'a=1&b=%3Cx%3E', REQBODY_PROCESSOR: 'URLENCODED', REQUEST_BODY_LENGTH: '13' });
  });

  it('FULL_REQUEST is the headers, two newlines and the body once the body is read, as v3 builds it', () => {
    // Measured on libmodsecurity 3.0.9 with these rules and requests.
    const rules = ON + 'SecRequestBodyAccess On\n' +
      'SecRule FULL_REQUEST_LENGTH "@eq 13" "id:1,phase:2,pass,log"\n' +
      'SecRule FULL_REQUEST "@rx ^Host: x\\n\\n\\na=1$" "id:2,phase:2,pass,log"\n' +
      'SecRule FULL_REQUEST "@rx ^$" "id:3,phase:1,pass,log"\n' +
      'SecRule FULL_REQUEST "@rx ^Host: x\\n\\n\\n$" "id:6,phase:2,pass,log"\n' +
      'SecRule FULL_REQUEST_LENGTH "@eq 10" "id:7,phase:2,pass,log"';
    expect(ids(run(rules, { method: 'POST', headers: [['Host', 'x']], body: 'a=1' }))).toEqual([3, 1, 2]);
    expect(ids(run(rules, { headers: [['Host', 'x']] }))).toEqual([3, 6, 7]);
  });

  it('multipart body: fields, files, sizes, part headers and strict flags', () => {
    const body = ['--XX', 'Content-Disposition: form-data; name="f"', '', 'val', '--XX', 'Content-Disposition: form-data; name="up"; filename="a.php"', 'Content-Type: text/plain', '', '<?php', '--XX--', ''].join('\r\n');
    const tx = run(probe(['ARGS_POST', 'FILES', 'FILES_NAMES', 'FILES_SIZES', 'MULTIPART_PART_HEADERS', 'MULTIPART_STRICT_ERROR', 'REQBODY_ERROR']), {
      method: 'POST',
      headers: [['Content-Type', 'multipart/form-data; boundary=XX']],
      body,
    });
    const s = seen(tx);
    expect(s).toMatchObject({ 'ARGS_POST:f': 'val', 'FILES:up': 'a.php', 'FILES_NAMES:up': 'up', 'FILES_SIZES:up': '5', MULTIPART_STRICT_ERROR: '0', REQBODY_ERROR: '0' });
    expect(s['MULTIPART_PART_HEADERS:up']).toBe('Content-Type: text/plain');
  });

  it('SecUploadFileLimit counts only when files are saved (SecTmpSaveUploadedFiles / SecUploadKeepFiles), as in v3', () => {
    const file = (n: string) => ['--XX', `Content-Disposition: form-data; name="${n}"; filename="${n}.txt"`, '', 'x'];
    const body = [...file('a'), ...file('b'), '--XX--', ''].join('\r\n');
    const request = { method: 'POST', headers: [['Content-Type', 'multipart/form-data; boundary=XX']] as [string, string][], body };
    const vars = ['MULTIPART_FILE_LIMIT_EXCEEDED', 'REQBODY_ERROR'];
    // Not hit: v3 leaves the flag empty (measured), where the other multipart flags say 0.
    expect(seen(run('SecUploadFileLimit 1\n' + probe(vars), request))).toMatchObject({ MULTIPART_FILE_LIMIT_EXCEEDED: '', REQBODY_ERROR: '0' });
    expect(seen(run('SecUploadFileLimit 1\nSecTmpSaveUploadedFiles On\n' + probe(vars), request))).toMatchObject({ MULTIPART_FILE_LIMIT_EXCEEDED: '1', REQBODY_ERROR: '1' });
    expect(seen(run('SecUploadFileLimit 1\nSecUploadKeepFiles On\nSecUploadKeepFiles Off\n' + probe(vars), request))).toMatchObject({ MULTIPART_FILE_LIMIT_EXCEEDED: '' });
  });

  it('a body over SecRequestBodyLimit with Reject is refused with 403, as v3 does; ProcessPartial inspects the start', () => {
    const limits = (action: string) => `SecRequestBodyLimit 8\nSecRequestBodyLimitAction ${action}\n`;
    const request = { method: 'POST', headers: [['Content-Type', 'application/x-www-form-urlencoded']] as [string, string][], body: 'a=123456789' };
    expect(run(limits('Reject') + probe(['INBOUND_DATA_ERROR']), request).interruption).toMatchObject({ status: 403, phase: 2 });
    const partial = run(limits('ProcessPartial') + probe(['INBOUND_DATA_ERROR', 'ARGS_POST']), request);
    expect(partial.interruption).toBeNull();
    expect(seen(partial)).toMatchObject({ INBOUND_DATA_ERROR: '1', 'ARGS_POST:a': '123456' });
  });

  it('JSON arguments go to ARGS only; over SecArgumentsLimit they end the parse with REQBODY_ERROR; multipart fields bypass the limit (v3)', () => {
    const json = (extra: string, body: string) =>
      run(
        extra + probe(['ARGS', 'ARGS_POST', 'REQBODY_ERROR']) + `\nSecRule REQUEST_HEADERS:Content-Type "@rx json" "id:90,phase:1,pass,nolog,ctl:requestBodyProcessor=JSON"`,
        { method: 'POST', headers: [['Content-Type', 'application/json']], body },
      );
    expect(seen(json('', '{"a":"v"}'))).toEqual({ 'ARGS:json.a': 'v', REQBODY_ERROR: '0' });
    expect(seen(json('SecArgumentsLimit 1\n', '{"a":"v","b":"w"}'))).toEqual({ 'ARGS:json.a': 'v', REQBODY_ERROR: '1' });
    const body = ['--XX', 'Content-Disposition: form-data; name="a"', '', '1', '--XX', 'Content-Disposition: form-data; name="b"', '', '2', '--XX--', ''].join('\r\n');
    const mp = run('SecArgumentsLimit 1\n' + probe(['ARGS_POST', 'REQBODY_ERROR']), { method: 'POST', headers: [['Content-Type', 'multipart/form-data; boundary=XX']], body });
    expect(seen(mp)).toEqual({ 'ARGS_POST:a': '1', 'ARGS_POST:b': '2', REQBODY_ERROR: '0' });
  });

  it('every argument is kept unless SecArgumentsLimit is set (v3 has no default limit)', () => {
    const uri = '/?' + Array.from({ length: 1500 }, (_, i) => `k${i}=${i}`).join('&');
    const count = (extra: string) => run(ON + extra + 'SecRule &ARGS "@gt 0" "id:1,phase:1,pass,setvar:tx.n=%{MATCHED_VAR}"', { uri }).col('TX').first('n');
    expect(count('')).toBe('1500');
    expect(count('SecArgumentsLimit 1000\n')).toBe('1000');
  });

  it('a malformed body sets REQBODY_ERROR and its message; nothing throws', () => {
    const rules = ON + `SecRule REQBODY_ERROR "!@eq 0" "id:1,phase:2,pass,msg:'%{REQBODY_ERROR_MSG}'"`;
    const tx = run(rules, { method: 'POST', headers: [['Content-Type', 'multipart/form-data']], body: 'garbage' });
    expect(ids(tx)).toEqual([1]);
    expect(tx.matches[0].msg.length).toBeGreaterThan(0);
  });

  it('XML bodies are exposed to XML:/* (text and attribute values)', () => {
    const rules =
      ON +
      `SecRule REQUEST_HEADERS:Content-Type "@rx xml" "id:1,phase:1,pass,nolog,ctl:requestBodyProcessor=XML"\n` +
      `SecRule XML:/* "@streq secret" "id:2,phase:2,pass"\nSecRule XML://@* "@streq attr" "id:3,phase:2,pass"`;
    const tx = run(rules, { method: 'POST', headers: [['Content-Type', 'text/xml']], body: '<a k="attr"><b>secret</b></a>' });
    expect(ids(tx)).toEqual([1, 2, 3]);
  });
});

describe('response variables', () => {
  // As measured on libmodsecurity 3.0.9 (scripts/modsec-oracle).
  it('RESPONSE_BODY only for listed MIME types; status and headers', () => {
    const rules = 'SecResponseBodyMimeType text/plain text/html\n' + probe(['RESPONSE_BODY', 'RESPONSE_STATUS', 'RESPONSE_HEADERS:Content-Type', 'RESPONSE_CONTENT_LENGTH', 'OUTBOUND_DATA_ERROR'], 4);
    const html = run(rules, { response: { status: 500, headers: [['Content-Type', 'text/html; charset=utf-8']], body: 'Stack trace' } });
    expect(seen(html)).toMatchObject({ RESPONSE_BODY: 'Stack trace', RESPONSE_STATUS: '500', 'RESPONSE_HEADERS:Content-Type': 'text/html; charset=utf-8', RESPONSE_CONTENT_LENGTH: '11', OUTBOUND_DATA_ERROR: '0' });
    // A type not listed: phase 4 does not run at all, so its rules see nothing.
    expect(seen(run(rules, { response: { headers: [['Content-Type', 'image/png']], body: 'PNG' } }))).toEqual({});
  });

  it('the MIME type is the Content-Type before its first `;`, as sent: not trimmed, case kept', () => {
    const rules = ON + 'SecResponseBodyMimeType text/html\n' +
      'SecRule RESPONSE_CONTENT_TYPE "@unconditionalMatch" "id:1,phase:3,pass,setvar:tx.ct=%{MATCHED_VAR}"\n' +
      'SecAction "id:2,phase:4,pass,setvar:tx.phase4=1"';
    const of = (ct: string | null) => {
      const tx = run(rules, { response: { headers: ct === null ? [] : [['Content-Type', ct]], body: 'x' } });
      return [tx.col('TX').first('ct'), tx.col('TX').first('phase4') ?? '-'];
    };
    expect(of('text/html; charset=utf-8')).toEqual(['text/html', '1']);
    expect(of('TEXT/HTML')).toEqual(['TEXT/HTML', '-']);
    expect(of('text/html ;x')).toEqual(['text/html ', '-']);
    expect(of(null)).toEqual(['', '-']);
  });

  it('every type without SecResponseBodyMimeType, none after SecResponseBodyMimeTypesClear, none with access off', () => {
    const body = 'SecRule RESPONSE_BODY "@contains secret" "id:1,phase:4,pass"';
    const res = { response: { headers: [['Content-Type', 'application/octet-stream']] as [string, string][], body: 'a secret' } };
    expect(ids(run(ON + body, res))).toEqual([1]);
    expect(ids(run(ON + 'SecResponseBodyMimeTypesClear\n' + body, res))).toEqual([]);
    expect(ids(run(ON + 'SecResponseBodyAccess Off\n' + body, res))).toEqual([]);
  });

  it('a response body over the limit: OUTBOUND_DATA_ERROR, the rest cut off, or a 403 with Reject', () => {
    const rules = ON + 'SecResponseBodyLimit 5\nSecRule OUTBOUND_DATA_ERROR "@eq 1" "id:1,phase:4,pass"\nSecRule RESPONSE_BODY "@contains secret" "id:2,phase:4,pass"';
    const res = { response: { headers: [['Content-Type', 'text/html']] as [string, string][], body: 'a secret here' } };
    expect(ids(run(rules, res))).toEqual([1]);
    const rejected = run(rules + '\nSecResponseBodyLimitAction Reject', res);
    expect(rejected.interruption?.status).toBe(403);
  });

  it('single-valued variables exist, empty, before they are set (v3 anchored variables)', () => {
    const rules = ON + `SecRule &QUERY_STRING "@eq 1" "id:1,phase:1,pass"\nSecRule QUERY_STRING "@rx ^$" "id:2,phase:1,pass"\nSecRule &REQUEST_BODY "@eq 1" "id:3,phase:2,pass"\nSecRule &TX:nothing "@eq 0" "id:4,phase:2,pass"`;
    expect(ids(run(rules, { uri: '/a' }))).toEqual([1, 2, 3, 4]);
    expect(ids(run(rules, { uri: '/a?x=1' }))).toEqual([1, 3, 4]);
  });
});
