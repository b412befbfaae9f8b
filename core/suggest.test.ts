import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './suggest.ts';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions, ignoring case', () => {
    expect(editDistance('SecRule', 'secrule')).toBe(0);
    expect(editDistance('SecRul', 'SecRule')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('stops early past the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});

describe('didYouMean', () => {
  const names = ['SecRule', 'SecAction', 'SecMarker', 'SecRuleEngine'];
  it('suggests a close name', () => {
    expect(didYouMean('SecRulle', names)).toBe('SecRule');
    expect(didYouMean('SecActoin', names)).toBe('SecAction');
  });
  it('suggests nothing for a distant name', () => {
    expect(didYouMean('Include2Foo', names)).toBeUndefined();
  });
});
