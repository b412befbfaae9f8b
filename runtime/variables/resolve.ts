import type { StringWork } from '../string-memo.ts';
import { evaluateXPath } from '../bodies/xml.ts';
import type { Exclusion, KeyMatcher, Target } from '../program.ts';
import type { CollectionName, Transaction } from '../transaction.ts';
import { asciiLower } from '../match/aho-corasick.ts';
import { VARIABLES } from './catalog.ts';
import { fullRequest } from '../body-processing.ts';

/**
 * One value a rule inspects. Its logged name (`ARGS:id`, `REQUEST_URI`) is `variable` plus
 * `:key` when there is a key; it is only built when the value matches (see varName), which
 * spares the per-rule loop a string concatenation for every element it looks at.
 */
export interface VarValue {
  readonly variable: string;
  readonly key: string | null;
  readonly value: string;
  /** The value's work record (shared-work.ts), once an optimized program asked for it. */
  work: StringWork | undefined;
}

export function varName(v: VarValue): string {
  return v.key === null ? v.variable : `${v.variable}:${v.key}`;
}

/** Variables whose values are the keys of another collection. */
const NAMES_OF: Readonly<Record<string, CollectionName>> = {
  ARGS_NAMES: 'ARGS',
  ARGS_GET_NAMES: 'ARGS_GET',
  ARGS_POST_NAMES: 'ARGS_POST',
  REQUEST_HEADERS_NAMES: 'REQUEST_HEADERS',
  REQUEST_COOKIES_NAMES: 'REQUEST_COOKIES',
  RESPONSE_HEADERS_NAMES: 'RESPONSE_HEADERS',
  MATCHED_VARS_NAMES: 'MATCHED_VARS',
};

/** Variables read from a collection: its elements, or (for the *_NAMES) their keys. */
const SOURCES = new Map<string, { readonly collection: CollectionName; readonly asNames: boolean }>();

const COLLECTION_VARS = new Set<string>([
  'ARGS', 'ARGS_GET', 'ARGS_POST', 'REQUEST_HEADERS', 'REQUEST_COOKIES', 'RESPONSE_HEADERS', 'FILES', 'FILES_NAMES',
  'FILES_SIZES', 'FILES_TMPNAMES', 'FILES_TMP_CONTENT', 'MULTIPART_PART_HEADERS', 'MULTIPART_NAME', 'MULTIPART_FILENAME',
  'TX', 'ENV', 'IP', 'SESSION', 'USER', 'GLOBAL', 'RESOURCE', 'GEO', 'MATCHED_VARS', 'RULE',
]);
for (const name of COLLECTION_VARS) SOURCES.set(name, { collection: name as CollectionName, asNames: false });
for (const [name, collection] of Object.entries(NAMES_OF)) SOURCES.set(name, { collection, asNames: true });


/** Whether a variable is a collection of keyed elements (ARGS, TX, …), not a scalar or a list of names. */
export function isCollectionVariable(name: string): boolean {
  return COLLECTION_VARS.has(name);
}

export function keyMatches(m: KeyMatcher, key: string): boolean {
  if (m.kind !== 'literal') return m.test!(key);
  const lower = m.lower ?? asciiLower(m.value);
  return key.length === lower.length && asciiLower(key) === lower;
}

function excluded(name: string, key: string, exclusions: readonly Exclusion[]): boolean {
  for (const e of exclusions) if (e.name === name && (!e.key || keyMatches(e.key, key))) return true;
  return false;
}

/**
 * Appends the values a target names to `out`, minus the rule's exclusions, in ModSecurity's
 * order and naming. `&` targets yield one value: the count.
 */
export function resolveTarget(tx: Transaction, t: Target, exclusions: readonly Exclusion[], out: VarValue[]): void {
  const name = t.name;
  const source = SOURCES.get(name);
  if (source !== undefined) {
    const col = tx.col(source.collection);
    const asNames = source.asNames;
    // A literal key is a lookup in the collection's index, not a scan (TX holds hundreds). v3
    // reads a repeated key newest first there (measured on 3.0.9: `?a=1&a=3` gives ARGS:a 3, 1),
    // and a whole collection in its hash table's order (Collection.grouped).
    const literal = t.key?.kind === 'literal';
    const elements = literal ? (t.key!.lower !== undefined ? col.getLower(t.key!.lower) : col.get(t.key!.value)) : t.key ? col.matching(t.key.test!) : col.grouped();
    let n = 0;
    for (let i = 0; i < elements.length; i++) {
      const e = literal ? elements[elements.length - 1 - i] : elements[i];
      if (exclusions.length > 0 && excluded(name, e.key, exclusions)) continue;
      n++;
      if (!t.count) out.push({ variable: name, key: e.key, value: asNames ? e.key : e.value, work: undefined });
    }
    if (t.count) out.push({ variable: name, key: t.key ? t.key.value : null, value: String(n), work: undefined });
    return;
  }
  if (name === 'XML') {
    const values = tx.xml && t.xpath ? evaluateXPath(tx.xml, t.xpath) : [];
    if (t.count) out.push({ variable: 'XML', key: null, value: String(values.length), work: undefined });
    else for (const v of values) out.push({ variable: 'XML', key: null, value: v, work: undefined });
    return;
  }
  const v = scalarValue(tx, name) ?? (VARIABLES[name]?.anchored === true ? '' : undefined);
  if (t.count) {
    out.push({ variable: name, key: null, value: v === undefined ? '0' : '1', work: undefined });
    return;
  }
  if (v !== undefined && !(exclusions.length > 0 && excluded(name, '', exclusions))) out.push({ variable: name, key: null, value: v, work: undefined });
}

function pad(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Single-valued variables; the few computed on demand are computed here. */
export function scalarValue(tx: Transaction, name: string): string | undefined {
  const stored = tx.scalars.get(name);
  if (stored !== undefined) return stored;
  switch (name) {
    case 'ARGS_COMBINED_SIZE':
      // Empty, not 0, before the first argument, as in v3.
      return tx.argsCombinedSize < 0 ? '' : String(tx.argsCombinedSize);
    case 'FILES_COMBINED_SIZE':
      return '';
    case 'HIGHEST_SEVERITY':
      return String(tx.highestSeverity);
    case 'DURATION':
      return String((Date.now() - tx.startedAt) * 1000);
    case 'FULL_REQUEST':
      return fullRequest(tx);
  }
  if (name.startsWith('TIME')) {
    const d = new Date();
    switch (name) {
      case 'TIME':
        return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      case 'TIME_DAY':
        return String(d.getDate());
      case 'TIME_EPOCH':
        return String(Math.floor(d.getTime() / 1000));
      case 'TIME_HOUR':
        return String(d.getHours());
      case 'TIME_MIN':
        return String(d.getMinutes());
      case 'TIME_MON':
        return String(d.getMonth() + 1);
      case 'TIME_SEC':
        return String(d.getSeconds());
      case 'TIME_WDAY':
        return String(d.getDay());
      case 'TIME_YEAR':
        return String(d.getFullYear());
    }
  }
  return undefined;
}
