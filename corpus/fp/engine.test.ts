import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../compiler/index.ts';
import { Transaction } from '../../runtime/index.ts';
import { CorpusEngine, ruleInputsFor } from './engine.ts';
import { parseTemplate, TEMPLATE_NAMES } from './templates.ts';
import type { HttpRequestSpec } from './types.ts';

const tiny = join(fileURLToPath(new URL('.', import.meta.url)), 'testdata', 'rules', 'tiny.conf');

function template(id: string) {
  const t = parseTemplate(id);
  if (!t.ok) throw new Error(t.error);
  return t.template;
}

function engine(levels: number[]): CorpusEngine {
  const c = CorpusEngine.create({ rules: [tiny], levels, mode: 'per-level' });
  if (!c.ok) throw new Error(c.errors.join('\n'));
  return c.engine;
}

/** Runs a request and returns the transaction, to read the collections the rules see. */
function collections(req: HttpRequestSpec): Transaction {
  const { program } = compileRules(ruleInputsFor([tiny], 1, 1));
  const tx = new Transaction(program);
  tx.processConnection('192.0.2.10', 1, '192.0.2.1', 80);
  tx.processUri(req.uri, req.method, req.version);
  for (const [k, v] of req.headers) tx.addRequestHeader(k, v);
  tx.processRequestHeaders();
  tx.appendRequestBody(req.body);
  tx.processRequestBody();
  return tx;
}

describe('templates', () => {
  it('each template puts the payload where its variable is inspected', () => {
    const e = engine([1]);
    const seen = TEMPLATE_NAMES.map((name) => {
      const [o] = e.judge(template(name).build('evil'));
      return [name, o!.blocked, o!.hits.map((h) => h.variable)];
    });
    expect(seen).toEqual([
      ['query', true, ['ARGS:q']],
      ['form', true, ['ARGS:comment']],
      ['json', true, ['ARGS:json.comment']],
      ['cookie', true, ['REQUEST_COOKIES:pref']],
      ['header', true, ['REQUEST_HEADERS:User-Agent']],
      ['path', true, ['REQUEST_FILENAME']],
    ]);
  });
  it('the server sees exactly the payload bytes after decoding', () => {
    const payload = Buffer.from(`a b&c=d%25+"x"\\ é\t;,`, 'utf8').toString('latin1');
    expect(collections(template('query:id').build(payload)).col('ARGS').first('id')).toBe(payload);
    expect(collections(template('form').build(payload)).col('ARGS').first('comment')).toBe(payload);
    expect(collections(template('json:msg').build(payload)).col('ARGS').first('json.msg')).toBe(payload);
    const cookie = collections(template('cookie').build(payload)).col('REQUEST_COOKIES').first('pref')!;
    expect(decodeURIComponent(cookie)).toBe(Buffer.from(payload, 'latin1').toString('utf8'));
    expect(collections(template('header:X-Note').build('one\r\ntwo')).col('REQUEST_HEADERS').first('X-Note')).toBe('one two');
  });
  it('rejects unknown templates and odd parameter names', () => {
    expect(parseTemplate('body').ok).toBe(false);
    expect(parseTemplate('header:Bad Name').ok).toBe(false);
  });
});

describe('engine', () => {
  it('levels are cumulative and a score below the threshold is not blocked', () => {
    const e = engine([1, 2]);
    const verdict = (p: string) => e.judge(template('query').build(p)).map((o) => o.blocked);
    expect(verdict('evil')).toEqual([true, true]);
    expect(verdict('naughty')).toEqual([false, true]);
    expect(verdict('mild')).toEqual([false, false]);
    expect(e.judge(template('query').build('mild'))[1]!.hits.map((h) => h.ruleId)).toEqual([100003]);
  });
  it('a rule set that does not compile is an error value', () => {
    const c = CorpusEngine.create({ rules: [join(tiny, '..', 'missing.conf')], levels: [1], mode: 'per-level' });
    expect(c.ok).toBe(false);
  });
});
