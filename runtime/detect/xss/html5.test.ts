import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasShared } from '../../../core/testing.ts';
import { Html5Context, TOKEN_TYPE_NAMES, TokenType, tokenizeHtml5 } from './html5.ts';
import type { Html5Token } from './html5.ts';
import { anyBytes, htmlishBytes } from './testdata/arbitrary.ts';
import { readHtml5Vectors } from './testdata/load.ts';

/** The line format of libinjection's html5 test driver: `TYPE,length,text`. */
function render(tokens: Html5Token[]): string {
  return tokens.map((t) => `${TOKEN_TYPE_NAMES[t.type]},${t.length},${t.text}`).join('\n').trim();
}

function kinds(input: string, context: Html5Context): string[] {
  return tokenizeHtml5(input, context).map((t) => `${TOKEN_TYPE_NAMES[t.type]}:${t.text}`);
}

describe.skipIf(!hasShared('libinjection', 'tests'))('libinjection html5 tokenizer vectors', () => {
  const vectors = readHtml5Vectors();

  it('finds the vector files', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(60);
  });

  it.each(vectors.map((v) => [v.file, v] as const))('%s', (_file, v) => {
    expect(render(tokenizeHtml5(v.input, Html5Context.DATA_STATE))).toBe(v.expected);
  });
});

describe('tokenizer contexts', () => {
  it('double-quoted value context ends the value at the first quote', () => {
    expect(kinds('x"><script>', Html5Context.VALUE_DOUBLE_QUOTE)).toEqual([
      'ATTR_VALUE:x',
      'TAG_NAME_CLOSE:>',
      'TAG_NAME_OPEN:script',
      'TAG_NAME_CLOSE:>',
    ]);
  });

  it('a quote at offset 0 of a quoted context is the closing quote', () => {
    expect(kinds("'><b>", Html5Context.VALUE_SINGLE_QUOTE).slice(0, 2)).toEqual([
      'ATTR_VALUE:',
      'TAG_NAME_CLOSE:>',
    ]);
  });

  it('back-tick context reads a new attribute right after the closing tick', () => {
    expect(kinds('a`onx=1', Html5Context.VALUE_BACK_QUOTE)).toEqual([
      'ATTR_VALUE:a',
      'ATTR_NAME:onx',
      'ATTR_VALUE:1',
    ]);
  });

  it('unquoted context starts before an attribute name', () => {
    expect(kinds(' onload=go()', Html5Context.VALUE_NO_QUOTE)).toEqual([
      'ATTR_NAME:onload',
      'ATTR_VALUE:go()',
    ]);
  });

  it('keeps NUL inside tag names but splits attribute names on it', () => {
    expect(kinds('<scr\0ipt a\0b>', Html5Context.DATA_STATE)).toEqual([
      'TAG_NAME_OPEN:scr\0ipt',
      'ATTR_NAME:a',
      'ATTR_NAME:b',
      'TAG_NAME_CLOSE:>',
    ]);
  });

  it('ends a comment on -!> and skips NULs between its dashes', () => {
    expect(kinds('<!--a-!>b<!--c-\0->d', Html5Context.DATA_STATE)).toEqual([
      'TAG_COMMENT:a',
      'DATA_TEXT:b',
      'TAG_COMMENT:c',
      'DATA_TEXT:d',
    ]);
  });

  it('survives a long run that alternates two states per byte', () => {
    const tokens = tokenizeHtml5('<a ' + '/'.repeat(300_000) + '>', Html5Context.DATA_STATE);
    expect(tokens.map((t) => t.type)).toEqual([TokenType.TAG_NAME_OPEN, TokenType.TAG_NAME_SELFCLOSE]);
  });
});

const contexts = fc.constantFrom(
  Html5Context.DATA_STATE,
  Html5Context.VALUE_NO_QUOTE,
  Html5Context.VALUE_SINGLE_QUOTE,
  Html5Context.VALUE_DOUBLE_QUOTE,
  Html5Context.VALUE_BACK_QUOTE,
);

describe('tokenizer properties', () => {
  it('tokens lie inside the input, in order, and are finitely many', () => {
    fc.assert(
      fc.property(fc.oneof(htmlishBytes, anyBytes), contexts, (input, context) => {
        const tokens = tokenizeHtml5(input, context);
        let last = 0;
        for (const t of tokens) {
          expect(t.start).toBeGreaterThanOrEqual(last);
          expect(t.start + t.length).toBeLessThanOrEqual(input.length);
          expect(t.text).toBe(input.slice(t.start, t.start + t.length));
          last = t.start;
        }
        // Every token but an empty attribute value consumes at least one byte.
        expect(tokens.length).toBeLessThanOrEqual(2 * input.length + 2);
      }),
      { numRuns: 2000 },
    );
  });

  it('text without "<" is one DATA_TEXT token', () => {
    const noLt = fc.string({ unit: fc.integer({ min: 0, max: 255 }).filter((c) => c !== 0x3c).map((c) => String.fromCharCode(c)), minLength: 1 });
    fc.assert(
      fc.property(noLt, (input) => {
        const tokens = tokenizeHtml5(input, Html5Context.DATA_STATE);
        expect(tokens).toEqual([{ type: TokenType.DATA_TEXT, start: 0, length: input.length, text: input }]);
      }),
    );
  });
});
