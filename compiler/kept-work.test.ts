import { describe, expect, it } from 'vitest';
import { ids, programs, run, txVar } from './testing.ts';

/**
 * Work kept across transactions (runtime/string-memo.ts): a later transaction that sees a string
 * again reuses its forms, scans and answers, and must come to exactly what the naive program,
 * which keeps nothing, comes to.
 */
describe('work kept across transactions', () => {
  it('a kept yes of @detectSQLi still captures the fingerprint', () => {
    const { naive, optimized } = programs('SecRule ARGS "@detectSQLi" "id:1,phase:2,pass,capture,setvar:tx.fp=%{tx.0}"');
    const req = { uri: "/?q=1'%20or%20'1'='1" };
    const expected = txVar(run(naive, req), 'fp');
    expect(expected).toMatch(/^s/);
    for (let i = 0; i < 3; i++) {
      const tx = run(optimized, req);
      expect(ids(tx)).toEqual([1]);
      expect(txVar(tx, 'fp')).toBe(expected);
    }
  });

  it('a kept yes of @rx still captures its groups, and answers stay with their strings', () => {
    const { naive, optimized } = programs('SecRule REQUEST_HEADERS:User-Agent "@rx (curl)/(\\d+)" "id:2,phase:1,pass,capture,t:lowercase,setvar:tx.v=%{tx.2}"');
    const uas = ['curl/8', 'Mozilla/5.0', 'curl/8', 'CURL/7', 'Mozilla/5.0', 'curl/8'];
    for (const ua of uas) {
      const req = { headers: [['Host', 'a'], ['User-Agent', ua]] as [string, string][] };
      const want = run(naive, req);
      const got = run(optimized, req);
      expect(ids(got), ua).toEqual(ids(want));
      expect(txVar(got, 'v'), ua).toBe(txVar(want, 'v'));
    }
  });

  it('kept captures belong to their regex: two capturing rules on one value, the value seen again', () => {
    const { naive, optimized } = programs(
      [
        'SecRule REQUEST_HEADERS:Content-Type "@rx ^([^;\\s]+)" "id:7,phase:1,pass,capture,setvar:tx.mime=%{tx.1}"',
        'SecRule REQUEST_HEADERS:Content-Type "@rx (?:charset|boundary)=(\\S+)" "id:8,phase:1,pass,capture,setvar:tx.param=%{tx.1}"',
      ].join('\n'),
    );
    const types = ['text/html; charset=utf-8', 'multipart/form-data; boundary=x1', 'text/html; charset=utf-8', 'application/json'];
    for (const type of [...types, ...types]) {
      const req = { headers: [['Host', 'a'], ['Content-Type', type]] as [string, string][] };
      const want = run(naive, req);
      const got = run(optimized, req);
      expect(ids(got), type).toEqual(ids(want));
      expect([txVar(got, 'mime'), txVar(got, 'param'), txVar(got, '0')], type).toEqual([txVar(want, 'mime'), txVar(want, 'param'), txVar(want, '0')]);
    }
    // A repeated value's record, with both regexes' captures, is the one earlier transactions left.
    const seen = (req: { headers: [string, string][] }) => run(optimized, req).work.get(types[0])!;
    const first = seen({ headers: [['Host', 'a'], ['Content-Type', types[0]]] });
    const again = seen({ headers: [['Host', 'b'], ['Content-Type', types[0]]] });
    expect(again).toBe(first);
    expect(again.kept).toBe(true);
    expect(again.captures?.size).toBe(2);
  });

  it('each program keeps its own work: the same string under two programs with different chains', () => {
    // Both programs number their first chain prefix 0; a memo shared between them would hand
    // the second program the first one's lower-cased form.
    const a = programs('SecRule ARGS:x "@streq abc" "id:3,phase:2,pass,t:lowercase"').optimized;
    const b = programs('SecRule ARGS:x "@streq ABC" "id:4,phase:2,pass,t:uppercase"').optimized;
    for (let i = 0; i < 2; i++) {
      expect(ids(run(a, { uri: '/?x=aBc' }))).toEqual([3]);
      expect(ids(run(b, { uri: '/?x=aBc' }))).toEqual([4]);
    }
  });
});

describe('work shared within a transaction', () => {
  it('chains that differ only in a step that changed nothing share the steps after it', () => {
    // t:urlDecodeUni leaves a value without % as it is, so both chains lower-case the same
    // string: once, into one record that both rules read.
    const { naive, optimized } = programs(
      ['SecRule ARGS:x "@streq select" "id:5,phase:2,pass,t:urlDecodeUni,t:lowercase"', 'SecRule ARGS:x "@streq select" "id:6,phase:2,pass,t:lowercase"'].join('\n'),
    );
    const req = { uri: '/?x=SeLeCt' };
    const tx = run(optimized, req);
    expect(ids(tx)).toEqual(ids(run(naive, req)));
    expect(ids(tx)).toEqual([5, 6]);
    const raw = tx.work.get('SeLeCt')!;
    expect(raw.afterFns).toHaveLength(2);
    const lowered = raw.afterWorks!.filter((w) => w !== raw);
    expect(lowered.map((w) => w.text)).toEqual(['select']);
    expect(raw.forms!.filter((w) => w !== undefined && w !== raw)).toEqual([lowered[0], lowered[0]]);
  });
});
