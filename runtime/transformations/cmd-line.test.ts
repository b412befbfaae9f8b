import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cmdLine } from './cmd-line.ts';
import { bytes, fixtureSuite, over } from './testdata/harness.ts';

fixtureSuite('cmd-line.json');

describe('cmdLine properties', () => {
  const shelly = over('aB/( ,;\t\r\n"\'\\^x', 40);

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(shelly, bytes()), (s) => {
        expect(cmdLine(cmdLine(s))).toBe(cmdLine(s));
      }),
    );
  });

  it('removes quoting bytes and never leaves a space before / or (', () => {
    fc.assert(
      fc.property(shelly, (s) => {
        const out = cmdLine(s);
        expect(/["'\\^,;\t\r\n]|  | \/| \(|[A-Z]/.test(out)).toBe(false);
      }),
    );
  });
});
