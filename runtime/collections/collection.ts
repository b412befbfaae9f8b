import { asciiLower } from '../match/aho-corasick.ts';

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

export class Collection {
  private items: Element[] = [];
  private index: Map<string, number[]> | null = null;

  get size(): number {
    return this.items.length;
  }

  all(): readonly Element[] {
    return this.items;
  }

  add(key: string, value: string): void {
    this.items.push({ key, value });
    if (this.index) {
      const k = asciiLower(key);
      const list = this.index.get(k);
      if (list) list.push(this.items.length - 1);
      else this.index.set(k, [this.items.length - 1]);
    }
  }

  /** Replaces every element with this key by one element (TX and persistent collections). */
  set(key: string, value: string): void {
    const k = asciiLower(key);
    const at = this.lookup().get(k);
    if (at && at.length === 1) {
      this.items[at[0]] = { key: this.items[at[0]].key, value };
      return;
    }
    if (at) this.remove(key);
    this.add(key, value);
  }

  remove(key: string): void {
    const k = asciiLower(key);
    if (!this.lookup().has(k)) return;
    this.items = this.items.filter((e) => asciiLower(e.key) !== k);
    this.index = null;
  }

  get(key: string): readonly Element[] {
    return this.getLower(asciiLower(key));
  }

  /** As get, for a key already lower-cased (the compiler lower-cases rule keys once). */
  getLower(lowerKey: string): readonly Element[] {
    const at = this.lookup().get(lowerKey);
    if (!at) return NONE;
    if (at.length === 1) return [this.items[at[0]]];
    return at.map((i) => this.items[i]);
  }

  first(key: string): string | undefined {
    const at = this.lookup().get(asciiLower(key));
    return at ? this.items[at[0]].value : undefined;
  }

  has(key: string): boolean {
    return this.lookup().has(asciiLower(key));
  }

  clear(): void {
    this.items = [];
    this.index = null;
  }

  private lookup(): Map<string, number[]> {
    if (this.index) return this.index;
    const m = new Map<string, number[]>();
    this.items.forEach((e, i) => {
      const k = asciiLower(e.key);
      const list = m.get(k);
      if (list) list.push(i);
      else m.set(k, [i]);
    });
    this.index = m;
    return m;
  }
}
