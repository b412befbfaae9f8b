import { describe, expect, it } from 'vitest';
import { hasShared } from '../../../core/testing.ts';
import { folded, loadVectors, tokenize } from './reference.test-helpers.ts';

describe.skipIf(!hasShared('libinjection', 'tests'))('libinjection tokenizer vectors', () => {
  const tokens = loadVectors('test-tokens-');
  it('has the vectors', () => expect(tokens.length).toBeGreaterThan(200));
  it.each(tokens.map((v) => [v.file, v] as const))('%s', (_f, v) => {
    expect(tokenize(v.input)).toBe(v.expected);
  });
});

describe.skipIf(!hasShared('libinjection', 'tests'))('libinjection folding vectors', () => {
  const folding = loadVectors('test-folding-');
  it('has the vectors', () => expect(folding.length).toBeGreaterThan(100));
  it.each(folding.map((v) => [v.file, v] as const))('%s', (_f, v) => {
    expect(folded(v.input)).toBe(v.expected);
  });
});
