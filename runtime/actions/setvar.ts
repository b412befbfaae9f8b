import { expand, type MacroResolver } from '../macro.ts';
import { asciiLower } from '../match/aho-corasick.ts';
import type { SetvarSpec } from '../program.ts';
import type { CollectionName, Transaction } from '../transaction.ts';

/** ModSecurity reads numbers in setvar arithmetic like atoi: leading digits, else 0. */
export function toInt(s: string | undefined): number {
  if (!s) return 0;
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1], 10) : 0;
}

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
    case '=+':
      col.setLower(lower, key, String(toInt(col.firstLower(lower)) + toInt(expand(s.value, resolve))));
      return;
    case '=-':
      col.setLower(lower, key, String(toInt(col.firstLower(lower)) - toInt(expand(s.value, resolve))));
      return;
  }
}
