import { asciiLower } from '../match/aho-corasick.ts';
import { bucketsAfter, hashReadOrder, keySum, REQUEST_BUCKETS } from './hash-order.ts';

/** One element of a collection: its key as received, and its value. */
export interface Element {
  readonly key: string;
  readonly value: string;
}

/**
 * An ordered multi-map with case-insensitive keys, as ModSecurity's collections are (ARGS may
 * hold the same name twice; `ARGS:ID` finds `id`). Lookups by key go through an index of
 * lower-cased keys; iteration keeps arrival order, which is what logs and MATCHED_VARS show.
 */
const NONE: readonly Element[] = [];

interface Slot {
  readonly key: string;
  value: string;
  /** keySum(key) once a hash-ordered read needed it (NaN until then). */
  sum: number;
}

export class Collection {
  /**
   * @param hashBuckets for a collection whose whole reads follow libmodsecurity v3's hash table
   * (hash-order.ts), the table's bucket count before the first element; without it (the
   * persistent collections, ENV) elements are read grouped by key, keys in order of arrival.
   */
  constructor(hashBuckets?: number) {
    this.hashOrdered = hashBuckets !== undefined;
    this.buckets = hashBuckets ?? REQUEST_BUCKETS;
  }

  private readonly hashOrdered: boolean;
  /** For a hash-ordered collection: v3's bucket count when the present elements began to arrive. */
  private buckets: number;
  private items: Slot[] = [];
  /** Lower-cased key → its elements, in arrival order; built on the first lookup. */
  private index: Map<string, Slot[]> | null = null;
  /** grouped()'s answer, until the next change. */
  private groupedItems: readonly Element[] | null = null;

  get size(): number {
    return this.items.length;
  }

  all(): readonly Element[] {
    return this.items;
  }

  /**
   * The elements in the order libmodsecurity v3 reads a whole collection (or a /regex/ key).
   * A hash-ordered collection follows v3's hash table (hash-order.ts). Otherwise each key's
   * elements come together, keys in the order they first arrived, elements in arrival order
   * (measured on 3.0.9: `?a=1&b=2&a=3` is read 1, 3, 2 while the keys share no bucket).
   */
  grouped(): readonly Element[] {
    if (this.groupedItems !== null) return this.groupedItems;
    const items = this.items;
    if (this.hashOrdered && items.length > 1) return (this.groupedItems = this.hashRead());
    const index = this.lookup();
    if (index.size === items.length) return (this.groupedItems = items);
    const out: Element[] = [];
    for (const list of index.values()) for (const e of list) out.push(e);
    return (this.groupedItems = out);
  }

  /**
   * The elements whose key passes `test`, in grouped()'s order. A /regex/ key usually selects
   * one element or none (CRS's TX:/^header_name_920450_/), whose order needs no working out.
   */
  matching(test: (key: string) => boolean): readonly Element[] {
    const items = this.items;
    const found: number[] = [];
    for (let i = 0; i < items.length; i++) if (test(items[i].key)) found.push(i);
    if (found.length < 2) return found.map((i) => items[i]);
    if (this.hashOrdered) return this.hashRead(found);
    const chosen = new Set<Element>(found.map((i) => items[i]));
    return this.grouped().filter((e) => chosen.has(e));
  }

  /** In v3's hash-table order (hash-order.ts): every element, or those at `subset`. */
  private hashRead(subset?: readonly number[]): Element[] {
    const items = this.items;
    for (let i = 0; i < items.length; i++) if (Number.isNaN(items[i].sum)) items[i].sum = keySum(items[i].key);
    const order = hashReadOrder(items, this.buckets, subset) ?? subset;
    return order === undefined ? items : order.map((i) => items[i]);
  }

  add(key: string, value: string): void {
    this.addLower(this.index ? asciiLower(key) : '', key, value);
  }

  /** As add, with the key's lower-cased form already at hand (read only when indexed). */
  private addLower(lowerKey: string, key: string, value: string): void {
    this.groupedItems = null;
    const slot: Slot = { key, value, sum: NaN };
    this.items.push(slot);
    if (this.index) {
      const list = this.index.get(lowerKey);
      if (list) list.push(slot);
      else this.index.set(lowerKey, [slot]);
    }
  }

  /** Replaces every element with this key by one element (TX and persistent collections). */
  set(key: string, value: string): void {
    this.setLower(asciiLower(key), key, value);
  }

  /** As set, with the key's lower-cased form already at hand. */
  setLower(lowerKey: string, key: string, value: string): void {
    const at = this.lookup().get(lowerKey);
    if (at && at.length === 1) {
      at[0].value = value;
      return;
    }
    if (at) this.remove(key);
    this.addLower(lowerKey, key, value);
  }

  remove(key: string): void {
    const k = asciiLower(key);
    if (!this.lookup().has(k)) return;
    this.items = this.items.filter((e) => asciiLower(e.key) !== k);
    this.index = null;
    this.groupedItems = null;
  }

  get(key: string): readonly Element[] {
    return this.getLower(asciiLower(key));
  }

  /**
   * As get, for a key already lower-cased (the compiler lower-cases rule keys once). The array
   * is the collection's own: read it at once, do not keep it.
   */
  getLower(lowerKey: string): readonly Element[] {
    return this.lookup().get(lowerKey) ?? NONE;
  }

  first(key: string): string | undefined {
    return this.firstLower(asciiLower(key));
  }

  firstLower(lowerKey: string): string | undefined {
    return this.lookup().get(lowerKey)?.[0].value;
  }

  has(key: string): boolean {
    return this.lookup().has(asciiLower(key));
  }

  /**
   * Replaces the contents with copies of these elements, in order. With their keys already
   * lower-cased (`lowerKeys[i]` for `elements[i]`), the index is built at once: lower-casing is
   * most of what building it costs, and a collection restored for every transaction (the static
   * prefix's TX) would pay it each time. The keys' sums (keySum), given, spare the same for the
   * first hash-ordered read.
   */
  load(elements: readonly Element[], lowerKeys?: readonly string[], sums?: readonly number[]): void {
    const items: Slot[] = new Array(elements.length);
    for (let i = 0; i < elements.length; i++) items[i] = { key: elements[i].key, value: elements[i].value, sum: sums === undefined ? NaN : sums[i] };
    this.items = items;
    this.index = null;
    this.groupedItems = null;
    if (lowerKeys === undefined) return;
    const m = new Map<string, Slot[]>();
    for (let i = 0; i < items.length; i++) {
      const list = m.get(lowerKeys[i]);
      if (list) list.push(items[i]);
      else m.set(lowerKeys[i], [items[i]]);
    }
    this.index = m;
  }

  /** The bucket count v3's table for this collection has reached (MATCHED_VARS is emptied and refilled many times per request). */
  get bucketCount(): number {
    return bucketsAfter(this.buckets, this.items.length);
  }

  /** The bucket count the present elements arrived into, for a copy to carry (runtime/static-prefix.ts). */
  get startBuckets(): number {
    return this.buckets;
  }

  /** Empties the collection into a table of `buckets` buckets, as a copy of one that had grown to it. */
  resetTo(buckets: number): void {
    this.clear();
    this.buckets = buckets;
  }

  clear(): void {
    // v3's table keeps its buckets when emptied, which decides the order of what comes next.
    if (this.hashOrdered) this.buckets = this.bucketCount;
    this.items = [];
    this.index = null;
    this.groupedItems = null;
  }

  private lookup(): Map<string, Slot[]> {
    if (this.index) return this.index;
    const m = new Map<string, Slot[]>();
    for (const e of this.items) {
      const k = asciiLower(e.key);
      const list = m.get(k);
      if (list) list.push(e);
      else m.set(k, [e]);
    }
    this.index = m;
    return m;
  }
}
