import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { removeComments, removeCommentsChar, replaceComments } from './comments.ts';
import { fixtureSuite, over } from './testdata/harness.ts';

fixtureSuite('comments.json');

const commenty = over('ab /*-#<!>', 40);

describe('comment transformation properties', () => {
  it('replaceComments leaves no comment opener behind', () => {
    fc.assert(
      fc.property(commenty, (s) => {
        expect(replaceComments(s).includes('/*')).toBe(false);
      }),
    );
  });

  it('replaceComments agrees with a regex reference', () => {
    fc.assert(
      fc.property(commenty, (s) => {
        expect(replaceComments(s)).toBe(s.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' '));
      }),
    );
  });

  it('removeCommentsChar deletes only marker bytes', () => {
    fc.assert(
      fc.property(commenty, (s) => {
        const out = removeCommentsChar(s);
        expect(out.replace(/[/*<!>#-]/g, '')).toBe(s.replace(/[/*<!>#-]/g, ''));
        expect(out.length).toBeLessThanOrEqual(s.length);
      }),
    );
  });

  it('removeComments output is a prefix-preserving rewrite', () => {
    fc.assert(
      fc.property(commenty, (s) => {
        const out = removeComments(s);
        // Everything before the first marker survives unchanged.
        const first = s.search(/\/\*|<!--|--|#/);
        const head = first < 0 ? s : s.slice(0, first);
        expect(out.startsWith(head)).toBe(true);
        expect(out.length).toBeLessThanOrEqual(s.length);
      }),
    );
  });
});
