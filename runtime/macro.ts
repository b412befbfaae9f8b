import type { Template } from './program.ts';

/** Resolves one `%{collection.key}` reference to text; '' when it does not exist. */
export type MacroResolver = (collection: string, key: string | undefined, lowerKey?: string) => string;

/**
 * Expands a pre-split template. A template without macros is one string and costs nothing;
 * a reference that resolves to nothing expands to the empty string, as in ModSecurity v3.
 */
export function expand(t: Template, resolve: MacroResolver): string {
  if (t.length === 1 && typeof t[0] === 'string') return t[0];
  let out = '';
  for (const p of t) out += typeof p === 'string' ? p : resolve(p.collection, p.key, p.lowerKey);
  return out;
}

/** The template as written, macros included, for logs. */
export function templateText(t: Template): string {
  return t.map((p) => (typeof p === 'string' ? p : `%{${p.collection}${p.key === undefined ? '' : '.' + p.key}}`)).join('');
}
