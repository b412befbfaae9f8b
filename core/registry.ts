import { didYouMean } from './suggest.ts';

/**
 * A case-insensitive lookup table for the registries (operators, transformations, actions,
 * variables). Each registry is an explicit object literal in its index.ts; this only adds the
 * lookups every one of them needs, and a did-you-mean for unknown names.
 */
export class Registry<T> {
  private readonly byLower = new Map<string, T>();
  private readonly canonical = new Map<string, string>();

  constructor(entries: Readonly<Record<string, T>>) {
    for (const [name, value] of Object.entries(entries)) {
      this.byLower.set(name.toLowerCase(), value);
      this.canonical.set(name.toLowerCase(), name);
    }
  }

  get(name: string): T | undefined {
    return this.byLower.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.byLower.has(name.toLowerCase());
  }

  /** The name as the table spells it (ModSecurity's spelling). */
  canonicalName(name: string): string | undefined {
    return this.canonical.get(name.toLowerCase());
  }

  names(): IterableIterator<string> {
    return this.canonical.values();
  }

  suggest(name: string): string | undefined {
    return didYouMean(name, this.canonical.values());
  }
}
