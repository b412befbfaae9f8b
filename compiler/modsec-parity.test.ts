/**
 * Our engine against libmodsecurity itself (Debian's libmodsecurity3, run by
 * scripts/modsec-oracle), on every request of CRS's regression suite: CRS at paranoia level 4 in
 * DetectionOnly, so that every rule that can match does, and each request compared by the ids
 * of the rules logged and the blocking anomaly score. .ci/run installs the library; outside CI
 * the test is skipped where it is missing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasShared, inCI, sharedPath } from '../core/testing.ts';
import { loadFtwDir } from '../corpus/ftw/loader.ts';
import { buildFtwRequest } from '../corpus/ftw/request.ts';
import type { Program } from '../runtime/program.ts';
import { Transaction } from '../runtime/transaction.ts';
import { oracleAvailable, runOracle, type OracleRequest } from '../scripts/modsec-oracle/oracle.ts';
import { compileRules } from './index.ts';
import { VARIABLES } from '../runtime/variables/catalog.ts';
import { seededRandom } from '../core/random.ts';

function modsecReady(): boolean {
  if (oracleAvailable()) return true;
  if (inCI) throw new Error('libmodsecurity (libmodsecurity-dev) and g++ are missing in CI: .ci/run installs them');
  console.warn('skipping: libmodsecurity-dev or g++ is not installed (the parity test runs in CI)');
  return false;
}

const ENGINE = `SecRuleEngine DetectionOnly
SecRequestBodyAccess On
SecRequestBodyLimit 13107200
SecRequestBodyNoFilesLimit 131072
SecRequestBodyLimitAction ProcessPartial
SecResponseBodyAccess Off
SecRule REQUEST_HEADERS:Content-Type "@rx ^(?:application(?:/soap\\+|/)|text/)xml" "id:200000,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=XML"
SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" "id:200001,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=JSON"
`;
const LEVEL = 'SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=4,setvar:tx.detection_paranoia_level=4"';

/** Our engine on what the oracle was given: every phase, as oracle.cc runs them (no interruption stops it in DetectionOnly). */
function ours(program: Program, req: OracleRequest): Transaction {
  const tx = new Transaction(program);
  tx.processConnection('198.51.100.7', 51000, '10.0.0.1', 80);
  tx.processUri(req.uri, req.method, req.version);
  for (const [k, v] of req.headers) tx.addRequestHeader(k, v);
  tx.processRequestHeaders();
  if (req.body) tx.appendRequestBody(req.body);
  tx.processRequestBody();
  if (req.response) {
    for (const [k, v] of req.response.headers) tx.addResponseHeader(k, v);
    tx.processResponseHeaders(req.response.status, 'HTTP/1.1');
    tx.appendResponseBody(req.response.body);
    tx.processResponseBody();
  }
  tx.processLogging();
  return tx;
}

describe.skipIf(!hasShared('coreruleset') || !modsecReady())('parity with libmodsecurity on CRS regression requests', () => {
  it('logs the same rules and scores the same, but for the differences we know of', { timeout: 300_000 }, () => {
    const crs = sharedPath('coreruleset');
    const requests: { id: string; req: OracleRequest }[] = [];
    for (const f of loadFtwDir(join(crs, 'tests', 'regression', 'tests')).files) {
      for (const t of f.tests) {
        for (const s of t.stages) {
          const built = buildFtwRequest(s.input);
          if (!built.ok || built.request.serverRejects) continue;
          const r = built.request;
          requests.push({ id: t.id, req: { method: r.method, uri: r.uri, version: r.version.replace(/^HTTP\//, '') || '1.1', headers: r.headers, body: r.body } });
        }
      }
    }
    const rules = `${ENGINE}\nInclude ${join(crs, 'crs-setup.conf.example')}\n${LEVEL}\nInclude ${join(crs, 'rules')}/*.conf\n`;
    const theirs = runOracle(rules, requests.map((r) => r.req), 'blocking_inbound_anomaly_score');
    const program = compileRules([{ path: '<engine>', text: ENGINE }, join(crs, 'crs-setup.conf.example'), { path: '<pl>', text: LEVEL }, join(crs, 'rules')], { paranoiaLevel: 4 }).program;

    const key = (logged: readonly number[], score: string | null) => `${[...new Set(logged)].sort((a, b) => a - b).join(',')} ${score ?? ''}`;
    const differing: string[] = [];
    const known: string[] = [];
    requests.forEach(({ id, req }, i) => {
      const tx = ours(program, req);
      const score = tx.col('TX').first('blocking_inbound_anomaly_score') ?? null;
      const mine = key(tx.matches.filter((m) => m.logged).map((m) => m.ruleId), score);
      const modsec = key(theirs[i].logged, theirs[i].tx);
      if (mine === modsec) return;
      // The 3.0.9 bug we keep out on purpose: part headers that keep their CRLF (922110, fixed
      // in 3.0.10; MEASUREMENTS.md counts it as the reference's failure).
      if (id.startsWith('922110-')) known.push(id);
      else differing.push(`${id}: libmodsecurity ${modsec}, ours ${mine}`);
    });
    console.log(`parity with libmodsecurity on ${requests.length} CRS regression requests: ${requests.length - differing.length - known.length} identical, ${known.length} known 3.0.9 bug cases, ${differing.length} other`);
    expect(requests.length).toBeGreaterThan(5000);
    // What is left: one absolute-form request line (920100-16). A rise means a regression.
    expect(differing.length, differing.slice(0, 20).join('\n')).toBeLessThanOrEqual(1);
  });
});

/**
 * The response phases: CRS's data-leakage rules on responses built from its own data files
 * (error messages, web-shell markers) and benign pages, under several Content-Types, some of
 * which SecResponseBodyMimeType leaves out or spells otherwise (`TEXT/HTML`: v3 matches the type
 * exactly and then runs no phase 4 rule at all).
 */
describe.skipIf(!hasShared('coreruleset') || !modsecReady())('parity with libmodsecurity on responses', () => {
  it('logs the same rules and scores the same outbound', { timeout: 300_000 }, () => {
    const crs = sharedPath('coreruleset');
    const engine = 'SecRuleEngine DetectionOnly\nSecRequestBodyAccess On\nSecResponseBodyAccess On\nSecResponseBodyMimeType text/plain text/html text/xml application/json\nSecResponseBodyLimit 4096\nSecResponseBodyLimitAction ProcessPartial\n';
    const lines: string[] = [];
    for (const f of readdirSync(join(crs, 'rules')).filter((n) => /errors\.data$|web-shells/.test(n)).sort()) {
      const data = readFileSync(join(crs, 'rules', f), 'latin1').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
      for (let i = 0; i < data.length; i += 7) lines.push(data[i]);
    }
    const benign = ['<!DOCTYPE html><html><head><title>Shop</title></head><body><h1>Welcome</h1><p>Fresh coffee, every day.</p></body></html>', '{"items":[{"id":1,"name":"Mug"}],"page":2}', 'OK'];
    const types = ['text/html; charset=utf-8', 'TEXT/HTML', 'application/json', 'text/plain', 'image/png', 'text/html ;charset=utf-8'];
    const requests: OracleRequest[] = [];
    [...lines, ...benign].forEach((text, i) => {
      const status = [200, 500, 404, 302][i % 4];
      const body = i % 5 === 0 ? `<html><body><p>${text}</p>${'<!-- padding -->'.repeat(i % 3 === 0 ? 300 : 0)}</body></html>` : text;
      requests.push({
        method: 'GET', uri: '/index.php?id=1', version: '1.1', headers: [['Host', 'shop.example.com'], ['Accept', '*/*']], body: '',
        response: { status, protocol: 'HTTP 1.1', headers: [['Content-Type', types[i % types.length]], ['Server', 'Apache/2.4.57']], body },
      });
    });
    const rules = `${engine}Include ${join(crs, 'crs-setup.conf.example')}\n${LEVEL}\nInclude ${join(crs, 'rules')}/*.conf\n`;
    const theirs = runOracle(rules, requests, 'blocking_outbound_anomaly_score');
    const program = compileRules([{ path: '<engine>', text: engine }, join(crs, 'crs-setup.conf.example'), { path: '<pl>', text: LEVEL }, join(crs, 'rules')], { paranoiaLevel: 4 }).program;
    const key = (logged: readonly number[], score: string | null) => `${[...new Set(logged)].sort((a, b) => a - b).join(',')} ${score ?? ''}`;
    const differing: string[] = [];
    let outbound = 0;
    requests.forEach((req, i) => {
      const tx = ours(program, req);
      const res = req.response!;
      const mine = key(tx.matches.filter((m) => m.logged).map((m) => m.ruleId), tx.col('TX').first('blocking_outbound_anomaly_score') ?? null);
      const modsec = key(theirs[i].logged, theirs[i].tx);
      if (Number(theirs[i].tx ?? 0) > 0) outbound++;
      if (mine !== modsec) differing.push(`${i} ${res.headers[0][1]} ${JSON.stringify(res.body.slice(0, 60))}: libmodsecurity ${modsec}, ours ${mine}`);
    });
    console.log(`parity with libmodsecurity on ${requests.length} responses (${outbound} with an outbound score there): ${requests.length - differing.length} identical`);
    expect(outbound).toBeGreaterThan(50);
    expect(differing, differing.slice(0, 10).join('\n')).toEqual([]);
  });
});

/**
 * Single-valued variables: in every phase, whether each exists (`&V @eq 0`) and whether it is
 * empty (`!@rx .`), on a few kinds of request, against libmodsecurity. v3's variables exist,
 * empty, before they are set; some stay empty where one would expect 0.
 */
describe.skipIf(!modsecReady())('parity with libmodsecurity on single-valued variables', () => {
  it('exist and are empty in the same phases', { timeout: 120_000 }, () => {
    // Ours but not libmodsecurity 3.0.9's (its parser refuses them), and values that change by the second.
    const unknown = /^(SCRIPT_.*|SDBM_DELETE_ERROR|STREAM_(INPUT|OUTPUT)_BODY|USERAGENT_IP|WEBSERVER_ERROR_LOG|DURATION|TIME.*|UNIQUE_ID|MODSEC_BUILD|HIGHEST_SEVERITY|MSC_PCRE_.*)$/;
    const names = Object.entries(VARIABLES).filter(([n, v]) => v.shape === 'scalar' && !unknown.test(n)).map(([n]) => n);
    const lines = ['SecRuleEngine DetectionOnly', 'SecRequestBodyAccess On', 'SecResponseBodyAccess On', 'SecResponseBodyMimeType text/html'];
    const meaning = new Map<number, string>();
    let id = 1000;
    for (const phase of [1, 2, 3, 4, 5]) {
      for (const n of names) {
        meaning.set(++id, `${n} absent in phase ${phase}`);
        lines.push(`SecRule &${n} "@eq 0" "id:${id},phase:${phase},log,pass"`);
        meaning.set(++id, `${n} empty in phase ${phase}`);
        lines.push(`SecRule ${n} "!@rx ." "id:${id},phase:${phase},log,pass"`);
      }
    }
    const rules = lines.join('\n') + '\n';
    const response = { status: 200, protocol: 'HTTP 1.1', headers: [['Content-Type', 'text/html']] as [string, string][], body: '<p>hi</p>' };
    const headers = (extra: [string, string][] = []): [string, string][] => [['Host', 'x.example'], ['User-Agent', 'curl/8'], ...extra];
    const multipart = '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--B\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\n\r\nhello\r\n--B--\r\n';
    const requests: OracleRequest[] = [
      { method: 'GET', uri: '/', version: '1.1', headers: headers(), body: '', response },
      { method: 'GET', uri: '/a/b.php?x=1', version: '1.1', headers: headers(), body: '' },
      { method: 'POST', uri: '/f', version: '1.1', headers: headers([['Content-Type', 'application/x-www-form-urlencoded']]), body: 'a=1', response },
      { method: 'POST', uri: '/u', version: '1.1', headers: headers([['Content-Type', 'multipart/form-data; boundary=B']]), body: multipart, response },
      { method: 'POST', uri: '/t', version: '1.1', headers: headers([['Content-Type', 'text/plain']]), body: 'abc', response },
    ];
    const theirs = runOracle(rules, requests);
    const program = compileRules([{ path: '<variables>', text: rules }]).program;
    const differing: string[] = [];
    requests.forEach((req, i) => {
      const mine = new Set(ours(program, req).matches.map((m) => m.ruleId));
      const modsec = new Set(theirs[i].logged);
      for (const [rule, what] of meaning) if (mine.has(rule) !== modsec.has(rule)) differing.push(`${req.method} ${req.uri}: ${what}: libmodsecurity ${modsec.has(rule)}, ours ${mine.has(rule)}`);
    });
    expect(names.length).toBeGreaterThan(50);
    expect(differing).toEqual([]);
  });
});

/**
 * The order collections are read in (runtime/collections/hash-order.ts): every value of ARGS,
 * ARGS_NAMES, REQUEST_HEADERS_NAMES, REQUEST_COOKIES, a /regex/ key, ARGS_GET, ARGS_POST_NAMES,
 * FILES, a chained MATCHED_VARS and TX keys made from the argument names, appended to a TX variable one match at a time, on generated
 * requests with repeated names, names that share buckets, bytes from 0x80 and collections past
 * the first rehash. The order decides MATCHED_VAR, captures and logdata wherever several values
 * match.
 */
describe.skipIf(!modsecReady())('parity with libmodsecurity on collection order', () => {
  it('reads every collection in the same order', { timeout: 120_000 }, () => {
    const targets = ['ARGS', 'ARGS_NAMES', 'REQUEST_HEADERS_NAMES', 'REQUEST_COOKIES', 'ARGS:/^[a-m]/', 'ARGS_GET', 'ARGS_POST_NAMES', 'FILES', 'MATCHED_VARS', 'TX:/^n_/'];
    // TX keys made from the argument names, for TX's own table.
    const lines = ['SecRuleEngine DetectionOnly', 'SecRequestBodyAccess On', `SecRule ARGS_NAMES "@rx ^(.*)$" "id:90,phase:2,pass,nolog,capture,setvar:'tx.n_%{tx.1}=1'"`];
    targets.forEach((t, k) => {
      lines.push(`SecAction "id:${100 + k},phase:1,pass,nolog,setvar:tx.d${k}=^"`);
      if (t === 'MATCHED_VARS') lines.push(`SecRule ARGS "@rx ^" "id:${200 + k},phase:2,pass,nolog,chain"`, `  SecRule MATCHED_VARS "@rx ^" "setvar:'tx.d${k}=%{tx.d${k}}|%{MATCHED_VAR_NAME}'"`);
      else lines.push(`SecRule ${t} "@rx ^" "id:${200 + k},phase:2,pass,nolog,setvar:'tx.d${k}=%{tx.d${k}}|%{MATCHED_VAR_NAME}:%{MATCHED_VAR}'"`);
    });
    lines.push(`SecAction "id:900,phase:2,pass,nolog,setvar:'tx.all=${targets.map((_, k) => `%{tx.d${k}}`).join('#')}'"`);
    const rules = lines.join('\n') + '\n';
    const random = seededRandom(29112026);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const names = ['a', 'b', 'id', 'di', 'q', 'page', 'x', 'ab', 'ba', 'k', 'n', 'foo', 'user_name', 'Email', 'EMAIL', 'c[]', 'z9', 'caf\xc3\xa9', '\xff', '\xfe', 'k.l', 'sort', 'limit'];
    const headerNames = ['User-Agent', 'Accept', 'Accept-Language', 'Accept-Encoding', 'Referer', 'X-Forwarded-For', 'Origin', 'DNT', 'Sec-Fetch-Site', 'Sec-Fetch-Mode', 'Sec-Fetch-Dest', 'Cache-Control', 'Connection', 'X-A', 'x-a', 'Authorization', 'Priority'];
    const escape = (s: string) => [...s].map((c) => (/[A-Za-z0-9._-]/.test(c) ? c : `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)).join('');
    const requests: OracleRequest[] = [];
    for (let r = 0; r < 250; r++) {
      const name = (i: number) => `${pick(names)}${random() < 0.3 ? i : ''}`;
      const query = Array.from({ length: Math.floor(random() * (random() < 0.5 ? 8 : 40)) }, (_, i) => `${escape(name(i))}=${i}`).join('&');
      const headers: [string, string][] = [['Host', 'x']];
      for (let i = Math.floor(random() * 20); i >= 0; i--) headers.push([pick(headerNames), `v${i}`]);
      const cookies = Math.floor(random() * 15);
      if (cookies > 0) headers.push(['Cookie', Array.from({ length: cookies }, (_, i) => `${pick(names)}=${i}`).join('; ')]);
      let body = '';
      const kind = pick(['none', 'form', 'multipart']);
      if (kind === 'form') {
        body = Array.from({ length: Math.floor(random() * 30) }, (_, i) => `${escape(name(i))}=p${i}`).join('&');
        headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
      } else if (kind === 'multipart') {
        const parts = Array.from({ length: 1 + Math.floor(random() * 16) }, (_, i) => `--B\r\nContent-Disposition: form-data; name="${pick(names)}"${random() < 0.4 ? `; filename="f${i}.txt"` : ''}\r\n\r\nv${i}\r\n`);
        body = parts.join('') + '--B--\r\n';
        headers.push(['Content-Type', 'multipart/form-data; boundary=B']);
      }
      if (body) headers.push(['Content-Length', String(body.length)]);
      requests.push({ method: body ? 'POST' : 'GET', uri: query ? `/p?${query}` : '/p', version: '1.1', headers, body });
    }
    const theirs = runOracle(rules, requests, 'all');
    const program = compileRules([{ path: '<order>', text: rules }]).program;
    const differing: string[] = [];
    let longest = 0;
    requests.forEach((req, i) => {
      const mine = (ours(program, req).col('TX').first('all') ?? '').split('#');
      const modsec = (theirs[i].tx ?? '').split('#');
      targets.forEach((t, k) => {
        longest = Math.max(longest, modsec[k].split('|').length - 1);
        if (mine[k] !== modsec[k]) differing.push(`${req.uri.slice(0, 60)} ${t}: libmodsecurity ${modsec[k].slice(0, 120)}, ours ${mine[k].slice(0, 120)}`);
      });
    });
    // Collections past the first rehash (12 elements) and the second (24) were read.
    expect(longest).toBeGreaterThan(24);
    expect(differing.slice(0, 10)).toEqual([]);
  });
});
