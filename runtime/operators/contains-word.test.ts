import { describe, expect, it } from 'vitest';
import { containsWord } from './contains-word.ts';
import { compile } from './testing.ts';

describe('@containsWord', () => {
  it.each([
    // The reference manual's example: "@containsWord select" matches the attack, not the prose.
    ['select', '-1 union select BENCHMARK(2142500,MD5(CHAR(115,113,108,109,97,112))) FROM wp_users WHERE ID=1 and (ascii(substr(user_login,1,1))&0x01=0) from wp_users where ID=1--', true],
    ['select', 'Your site has a wide selection of computers.', false],
    ['select', 'select', true],
    ['select', 'select x', true],
    ['select', 'x select', true],
    ['select', 'selected', false],
    ['select', 'unselect', false],
    // ModSecurity v3 treats only ASCII letters as word chars: digits and '_' are boundaries.
    ['select', '1select2', true],
    ['select', '_select_', true],
    ['select', '\xe9select\xe9', true],
    // Case-sensitive.
    ['select', 'SELECT x', false],
    // A later occurrence with boundaries still counts.
    ['select', 'selection, select', true],
    ['select', '', false],
    ['', '', true],
    ['', 'abc', true],
  ])('param %j, input %j -> %s', (param, input, expected) => {
    expect(compile(containsWord, param).match(input, null)).toBe(expected);
  });
});
