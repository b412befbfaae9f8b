/**
 * Source specs: `path[#key=value,key=value…]`. The options say how to read a path when its
 * extension does not (format, columns, classes, decoding, filters, sampling, templates).
 */
import type { CorpusKind } from './types.ts';

export type SourceFormat = 'lines' | 'files' | 'tsv' | 'json' | 'http' | 'har' | 'ftw';
export const SOURCE_FORMATS: readonly SourceFormat[] = ['lines', 'files', 'tsv', 'json', 'http', 'har', 'ftw'];

export interface SourceSpec {
  readonly spec: string;
  readonly kind: CorpusKind;
  readonly path: string;
  readonly format?: SourceFormat;
  /** TSV column or JSON object field holding the payload. */
  readonly column?: string;
  /** TSV column or JSON object field holding the class. */
  readonly classColumn?: string;
  /** A fixed class, or @file, @prefix (file name up to the first - or _), @folder. */
  readonly cls?: string;
  readonly decode?: 'url' | 'json';
  /** Lines starting with this are comments (lines format). */
  readonly comments?: string;
  readonly only?: readonly string[];
  readonly except?: readonly string[];
  /** Regex over the path relative to a source folder: which files to read. */
  readonly match?: RegExp;
  /** Keep this many entries, evenly spread (deterministic). */
  readonly sample?: number;
  /** Templates for this source instead of the run's. */
  readonly templates?: readonly string[];
}

const KEYS = new Set(['format', 'column', 'class-column', 'class', 'decode', 'comments', 'only', 'except', 'match', 'sample', 'templates']);

/** Parses a spec; an unknown key or bad value is an error value, not an exception. */
export function parseSourceSpec(spec: string, kind: CorpusKind): { ok: true; value: SourceSpec } | { ok: false; error: string } {
  const hash = spec.indexOf('#');
  const path = hash < 0 ? spec : spec.slice(0, hash);
  const out: { -readonly [K in keyof SourceSpec]: SourceSpec[K] } = { spec, kind, path };
  if (hash < 0) return { ok: true, value: out };
  // A comma starts a new option only before `key=`, so regexes and class lists may hold commas.
  const parts = spec.slice(hash + 1).split(/,(?=[a-z-]+=)/);
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (!KEYS.has(key)) return { ok: false, error: `${spec}: unknown source option '${key}' (known: ${[...KEYS].join(', ')})` };
    switch (key) {
      case 'format':
        if (!SOURCE_FORMATS.includes(value as SourceFormat)) return { ok: false, error: `${spec}: format must be one of ${SOURCE_FORMATS.join(', ')}` };
        out.format = value as SourceFormat;
        break;
      case 'decode':
        if (value !== 'url' && value !== 'json') return { ok: false, error: `${spec}: decode must be url or json` };
        out.decode = value;
        break;
      case 'sample': {
        const n = Number(value);
        if (!Number.isInteger(n) || n <= 0) return { ok: false, error: `${spec}: sample must be a positive integer` };
        out.sample = n;
        break;
      }
      case 'match':
        try {
          out.match = new RegExp(value);
        } catch (e) {
          return { ok: false, error: `${spec}: match is not a valid regex: ${(e as Error).message}` };
        }
        break;
      case 'column': out.column = value; break;
      case 'class-column': out.classColumn = value; break;
      case 'class': out.cls = value; break;
      case 'comments': out.comments = value || '#'; break;
      case 'only': out.only = value.split('|'); break;
      case 'except': out.except = value.split('|'); break;
      case 'templates': out.templates = value.split('+'); break;
    }
  }
  return { ok: true, value: out };
}

/** Percent-decoding of a byte string, as a server decodes a query value (+ is a space). */
export function urlDecodeBytes(s: string): string {
  return s.replace(/\+/g, ' ').replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Evenly spread selection of n items: deterministic, and it keeps every sub-list represented. */
export function sampleEvenly<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(items[Math.floor((i * items.length) / n)]!);
  return out;
}
