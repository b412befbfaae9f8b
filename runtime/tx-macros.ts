import { asciiLower } from './match/aho-corasick.ts';
import { expand } from './macro.ts';
import type { CompiledRule } from './program.ts';
import type { CollectionName, Transaction } from './transaction.ts';
import { scalarValue } from './variables/resolve.ts';

const MACRO_COLLECTIONS = new Set([
  'TX', 'IP', 'SESSION', 'USER', 'GLOBAL', 'RESOURCE', 'ENV', 'ARGS', 'ARGS_GET', 'ARGS_POST', 'REQUEST_HEADERS',
  'REQUEST_COOKIES', 'RESPONSE_HEADERS', 'FILES', 'FILES_NAMES', 'FILES_SIZES', 'MATCHED_VARS', 'GEO',
  'MULTIPART_PART_HEADERS',
]);

/**
 * Resolves `%{collection.key}` for a transaction, as ModSecurity does when it expands msg,
 * logdata, setvar and operator parameters: a keyed reference gives the element with that key
 * (case-insensitive; of several, the last one sent), a bare one the variable's value, RULE.*
 * the current rule's metadata.
 * `c` is upper-case, as a MacroRef holds it.
 */
export function resolveMacro(tx: Transaction, rule: CompiledRule | null, c: string, key: string | undefined, lowerKey?: string): string {
  if (key !== undefined) {
    const lower = lowerKey ?? asciiLower(key);
    if (c === 'TX') return tx.txCollection.firstLower(lower) ?? '';
    if (c === 'RULE') return rule ? ruleField(rule, lower, tx) : '';
    if (MACRO_COLLECTIONS.has(c)) {
      // v3 keeps a request's elements in an unordered_multimap, where libstdc++ files a repeated
      // key before the ones already there: of `?_method=get&_method=delete` or two Host headers,
      // a macro reads the last one sent.
      const elements = tx.col(c as CollectionName).getLower(lower);
      return elements.length === 0 ? '' : elements[elements.length - 1].value;
    }
    return '';
  }
  return scalarValue(tx, c) ?? '';
}

function ruleField(rule: CompiledRule, key: string, tx: Transaction): string {
  switch (key) {
    case 'id':
      return String(rule.id);
    case 'rev':
      return rule.rev ?? '';
    case 'ver':
      return rule.ver ?? '';
    case 'severity':
      return rule.severity === undefined ? '' : String(rule.severity);
    case 'phase':
      return String(rule.phase);
    case 'msg':
    case 'logdata': {
      // The rule's own text, expanded now (as ModSecurity does for %{rule.msg} in a setvar of
      // the same rule); a %{rule.*} inside it expands to nothing rather than recursing.
      const t = key === 'msg' ? rule.msg : rule.logdata;
      return t ? expand(t, (c, k, lower) => (c === 'RULE' ? '' : resolveMacro(tx, rule, c, k, lower))) : '';
    }
    default:
      return '';
  }
}
