import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasShared, sharedPath } from '../../core/testing.ts';
import { asciiLower } from '../match/aho-corasick.ts';
import { dataFileLines } from './data-file.ts';
import { decodePmParam, pm, pmFromFile } from './pm.ts';
import { compile, createError, filesEnv } from './testing.ts';
import type { OperatorEnv } from './types.ts';

/** ASCII-only upper-casing: String#toUpperCase would also change Latin-1 bytes. */
function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

describe('@pm', () => {
  it('matches any of the space-separated phrases, ignoring ASCII case', () => {
    // The reference manual's example: SecRule REQUEST_HEADERS:User-Agent "@pm WebZIP WebCopier Webster ..."
    const op = compile(pm, 'WebZIP WebCopier Webster WebStripper');
    expect(op.match('Mozilla/4.0 (compatible; webzip/4.0)', null)).toBe(true);
    expect(op.match('Mozilla/5.0 Firefox', null)).toBe(false);
    expect(compile(pm, 'gzip compress deflate br zstd').match('x-GZIP', null)).toBe(true);
  });

  it('puts the matched phrase, as written in the rule, in TX:0', () => {
    const caps: string[] = ['old', 'older'];
    expect(compile(pm, 'Document.Cookie window.location').match('x=document.cookie', caps)).toBe(true);
    expect(caps).toEqual(['Document.Cookie']);
  });

  it('reports what acmp reports: a phrase it reached, or the text it stood on when a failure link found one', () => {
    const caps: string[] = [];
    compile(pm, 'abcd bc').match('xabcd', caps);
    expect(caps).toEqual(['abc']);
    compile(pm, 'abcd bc').match('xbcd', caps);
    expect(caps).toEqual(['bc']);
  });

  it('misses what acmp misses: a phrase its failure links lose track of', () => {
    // Measured on libmodsecurity 3.0.9, with these phrases of CRS's lfi-os-files.data.
    const op = compile(pm, 'apache/conf etc/apache/httpd.conf /php.ini');
    expect(op.match('/etc/apache/conf/httpd.conf', null)).toBe(false);
    expect(op.match('/home/apache/php.ini', null)).toBe(false);
    expect(op.match('/php.ini', null)).toBe(true);
    expect(op.match('x/APACHE/conf', null)).toBe(true);
    expect(compile(pm, 'apache/conf etc/apache/httpd.conf').match('/etc/apache/conf/httpd.conf', null)).toBe(true);
  });

  it('matches phrase bytes above 0x7F as they are, without folding them', () => {
    expect(compile(pm, '\xc9').match('\xe9', null)).toBe(false);
    expect(compile(pm, '\xc9').match('a\xc9', null)).toBe(true);
    expect(compile(pm, 'x\xc9y').match('X\xc9Y', null)).toBe(true);
  });

  it('decodes Snort-style hex and escapes in the parameter', () => {
    expect(decodePmParam('|41 42|c')).toBe('ABc');
    expect(decodePmParam('"quoted phrase"')).toBe('quoted phrase');
    expect(decodePmParam('a\\;b\\"c')).toBe('a;b"c');
    // An unsupported escape makes ModSecurity use the raw parameter.
    expect(decodePmParam('a\\nb')).toBe('a\\nb');
    expect(compile(pm, '|3c|script').match('<SCRIPT>', null)).toBe(true);
    // A decoded space still splits phrases: the split runs on the decoded text.
    expect(compile(pm, 'foo|20|bar').match('bar', null)).toBe(true);
  });

  it('rejects a parameter without phrases', () => {
    expect(createError(pm, '')).toMatch(/at least one phrase/);
    expect(createError(pm, '   ')).toMatch(/at least one phrase/);
  });

  it('agrees with a naive search over the phrases (property)', () => {
    const word = fc.stringMatching(/^[a-dA-D<>]{1,4}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), fc.stringMatching(/^[a-dA-D<> ]{0,30}$/), (words, input) => {
        const naive = words.some((w) => asciiLower(input).includes(asciiLower(w)));
        expect(compile(pm, words.join(' ')).match(input, null)).toBe(naive);
      }),
      { numRuns: 300 },
    );
  });
});

describe('@pmFromFile', () => {
  const env = filesEnv({
    'a.data': '# comment\n\n  # indented comment\nfoo\r\n bar\nbaz#qux\n',
    'b.data': 'SECOND\n',
  });

  it('reads one phrase per line, skipping comments and blank lines', () => {
    expect(dataFileLines('# c\n\nfoo\r\n bar\nbaz#qux\n')).toEqual(['foo', ' bar', 'baz#qux']);
    const op = compile(pmFromFile, 'a.data', env);
    expect(op.match('xFOO', null)).toBe(true);
    expect(op.match('xbar', null)).toBe(false); // the leading space is part of the phrase
    expect(op.match('x bar', null)).toBe(true);
    expect(op.match('baz#qux', null)).toBe(true);
    expect(op.match('comment', null)).toBe(false);
  });

  it('takes several files, space-separated', () => {
    const op = compile(pmFromFile, 'a.data b.data', env);
    expect(op.match('second', null)).toBe(true);
    expect(op.match('foo', null)).toBe(true);
  });

  it('captures the phrase', () => {
    const caps: string[] = [];
    expect(compile(pmFromFile, 'b.data', env).match('the second one', caps)).toBe(true);
    expect(caps).toEqual(['SECOND']);
  });

  it('reports files it cannot read', () => {
    expect(createError(pmFromFile, 'missing.data', env)).toMatch(/cannot read missing\.data/);
    expect(createError(pmFromFile, '', env)).toMatch(/at least one file/);
    const throwing: OperatorEnv = {
      readDataFile: () => {
        throw new Error('boom');
      },
    };
    expect(createError(pmFromFile, 'x', throwing)).toMatch(/boom/);
  });

  it('an empty file never matches', () => {
    expect(compile(pmFromFile, 'e', filesEnv({ e: '# only comments\n' })).match('anything', null)).toBe(false);
  });
});

describe.skipIf(!hasShared('coreruleset'))('@pmFromFile on the CRS data files', () => {
  const dir = sharedPath('coreruleset', 'rules');
  const env: OperatorEnv = {
    readDataFile: (p) => {
      try {
        return readFileSync(`${dir}/${p}`, 'latin1');
      } catch (e) {
        return e instanceof Error ? e : new Error(String(e));
      }
    },
  };
  const files = readdirSync(dir).filter((f) => f.endsWith('.data'));

  it.each(files)('%s: every phrase is found as the value, in any ASCII case', (file) => {
    // Not inside any value: acmp can lose a phrase after a partial match of another one.
    const op = compile(pmFromFile, file, env);
    const phrases = dataFileLines(env.readDataFile(file) as string);
    expect(phrases.length).toBeGreaterThan(0);
    for (const p of phrases) {
      expect(op.match(asciiUpper(p), null)).toBe(true);
      expect(op.match(`${asciiUpper(p)}yy`, null)).toBe(true);
    }
  });

  it('finds the CRS attack phrases and leaves benign text alone', () => {
    const lfi = compile(pmFromFile, 'lfi-os-files.data', env);
    expect(lfi.match('/../../etc/passwd', null)).toBe(true);
    expect(lfi.match('/index.html', null)).toBe(false);
    const caps: string[] = [];
    expect(compile(pmFromFile, 'unix-shell.data', env).match('; cat /ETC/SHADOW', caps)).toBe(true);
    expect(asciiLower(caps[0])).toContain('etc/shadow');
    const ua = compile(pmFromFile, 'scanners-user-agents.data', env);
    expect(ua.match('sqlmap/1.7.2#stable (https://sqlmap.org)', null)).toBe(true);
    expect(ua.match('Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0', null)).toBe(false);
    // sql-errors.data has a phrase starting with a space: ' in query expression'.
    const sql = compile(pmFromFile, 'sql-errors.data', env);
    expect(sql.match('Syntax error in query expression', null)).toBe(true);
  });
});
