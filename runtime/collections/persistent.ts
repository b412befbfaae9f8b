import type { Element } from './collection.ts';

/**
 * Storage behind ModSecurity's persistent collections (IP, SESSION, USER, GLOBAL, RESOURCE):
 * `initcol:ip=%{REMOTE_ADDR}` loads a record at the start of a transaction, the transaction
 * writes it back when it ends, and `expirevar` gives single variables a lifetime. The default
 * store lives in the process's memory, bounded by an LRU; a shared store (e.g. Redis) can
 * implement the same interface.
 */
export interface PersistentStore {
  load(collection: string, key: string, now: number): Element[];
  save(collection: string, key: string, elements: readonly Element[], expiries: ReadonlyMap<string, number>, now: number): void;
}

interface Entry {
  elements: Element[];
  /** Variable name (lower case) → expiry time in ms since the epoch. */
  expiries: Map<string, number>;
}

export class MemoryStore implements PersistentStore {
  private readonly records = new Map<string, Entry>();

  constructor(private readonly maxRecords = 100_000) {}

  load(collection: string, key: string, now: number): Element[] {
    const id = `${collection}\u0000${key}`;
    const e = this.records.get(id);
    if (!e) return [];
    // Refresh the record's place in the LRU order.
    this.records.delete(id);
    this.records.set(id, e);
    return e.elements.filter((el) => {
      const exp = e.expiries.get(el.key.toLowerCase());
      return exp === undefined || exp > now;
    });
  }

  save(collection: string, key: string, elements: readonly Element[], expiries: ReadonlyMap<string, number>, now: number): void {
    const id = `${collection}\u0000${key}`;
    const prev = this.records.get(id);
    const merged = new Map(prev?.expiries ?? []);
    for (const [k, v] of expiries) merged.set(k, v);
    const expired = new Set<string>();
    for (const [k, v] of merged) {
      if (v > now) continue;
      merged.delete(k);
      expired.add(k);
    }
    this.records.delete(id);
    this.records.set(id, { elements: elements.filter((e) => !expired.has(e.key.toLowerCase())), expiries: merged });
    if (this.records.size > this.maxRecords) this.records.delete(this.records.keys().next().value!);
  }
}

/** The store transactions use unless given another. */
export const defaultStore = new MemoryStore();
