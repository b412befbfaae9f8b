import { expand, type MacroResolver } from '../macro.ts';
import { asciiLower } from '../match/aho-corasick.ts';
import type { SetvarSpec } from '../program.ts';
import { toInt } from '../operators/numeric.ts';
import type { CollectionName, Transaction } from '../transaction.ts';

const WRITABLE = new Set(['TX', 'IP', 'SESSION', 'USER', 'GLOBAL', 'RESOURCE']);

/**
 * setvar: `=` sets (no value means 1, as ModSecurity v3 does), `=+`/`=-` add and subtract as
 * integers (a missing variable counts as 0), `!` deletes. Keys and values are macro-expanded
 * at the moment the action runs, so %{MATCHED_VAR} is the current match.
 */
export function executeSetvar(tx: Transaction, s: SetvarSpec, resolve: MacroResolver): void {
  let col = tx.txCollection;
  if (s.collection !== 'TX') {
    if (!WRITABLE.has(s.collection)) return;
    col = tx.col(s.collection as CollectionName);
  }
  const key = expand(s.key, resolve);
  if (key === '') return;
  const lower = s.lowerKey ?? asciiLower(key);
  switch (s.op) {
    case '!':
      col.remove(key);
      return;
    case '=':
      col.setLower(lower, key, s.value.length === 0 ? '1' : expand(s.value, resolve));
      return;
    // Both sides are read with std::stoi (a value beyond 32 bits counts as 0) and added as C ints,
    // which wrap (src/actions/set_var.cc).
    case '=+':
      col.setLower(lower, key, String((toInt(col.firstLower(lower) ?? '') + toInt(expand(s.value, resolve))) | 0));
      return;
    case '=-':
      col.setLower(lower, key, String((toInt(col.firstLower(lower) ?? '') - toInt(expand(s.value, resolve))) | 0));
      return;
  }
}
