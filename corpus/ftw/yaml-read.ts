/**
 * Typed reads from `yaml` nodes that keep positions, so a wrong type is reported at its
 * file:line:col and loading goes on with the next field. Scalars are coerced the way Go's
 * yaml.v3 decodes them into ftw-tests-schema's typed fields: any scalar into a string (its source
 * text, so `Content-Length: 007` stays "007"), only integers into numbers, only booleans into bools.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { ftwDiagnostic, type FtwCode, type FtwDiagnostic } from './diagnostics.ts';
import type { FtwLocation } from './schema.ts';

export type Entries = ReadonlyMap<string, { key: Node; value: Node | null }>;

export class YamlReader {
  readonly diagnostics: FtwDiagnostic[] = [];
  private readonly lines = new LineCounter();

  constructor(readonly file: string) {}

  /** Parses one document; null (with diagnostics) when the text is not valid YAML. */
  parse(text: string): { root: Node | null; ok: boolean } {
    const doc = parseDocument(text, { lineCounter: this.lines, keepSourceTokens: true, prettyErrors: false });
    for (const e of doc.errors) {
      this.report('FT1002', e.message.split('\n')[0] ?? e.message, this.locAt(e.pos[0]));
    }
    if (doc.errors.length > 0) return { root: null, ok: false };
    return { root: (doc.contents as Node | null) ?? null, ok: true };
  }

  locAt(offset: number): FtwLocation {
    const p = this.lines.linePos(offset);
    return { file: this.file, line: p.line, column: p.col };
  }

  loc(node: Node | null | undefined): FtwLocation {
    return this.locAt(node?.range?.[0] ?? 0);
  }

  report(code: FtwCode, message: string, location: FtwLocation): void {
    this.diagnostics.push(ftwDiagnostic(code, message, location));
  }

  /** The pairs of a mapping, keyed by the key's text; reports non-maps and unknown keys. */
  entries(node: Node | null, what: string, known?: ReadonlySet<string>): Entries | undefined {
    if (node === null || isNull(node)) return undefined;
    if (!isMap(node)) {
      this.report('FT1003', `${what} must be a mapping`, this.loc(node));
      return undefined;
    }
    const out = new Map<string, { key: Node; value: Node | null }>();
    for (const pair of (node as YAMLMap<Node, Node | null>).items) {
      const key = pair.key;
      const name = isScalar(key) ? scalarText(key) : undefined;
      if (name === undefined) {
        this.report('FT1003', `${what} keys must be scalars`, this.loc(key));
        continue;
      }
      if (known && !known.has(name)) {
        this.report('FT1005', `unknown field '${name}' in ${what}`, this.loc(key));
      }
      out.set(name, { key, value: pair.value ?? null });
    }
    return out;
  }

  string(e: Entries | undefined, name: string, what: string): string | undefined {
    const v = e?.get(name)?.value;
    if (v === undefined || v === null || isNull(v)) return undefined;
    if (isScalar(v)) return scalarText(v);
    this.report('FT1003', `${what}.${name} must be a string`, this.loc(v));
    return undefined;
  }

  integer(e: Entries | undefined, name: string, what: string): number | undefined {
    const v = e?.get(name)?.value;
    if (v === undefined || v === null || isNull(v)) return undefined;
    return this.integerNode(v, `${what}.${name}`);
  }

  integerNode(v: Node, what: string): number | undefined {
    if (isScalar(v) && typeof v.value === 'number' && Number.isSafeInteger(v.value) && v.value >= 0) {
      return v.value;
    }
    this.report('FT1003', `${what} must be a non-negative integer`, this.loc(v));
    return undefined;
  }

  boolean(e: Entries | undefined, name: string, what: string): boolean | undefined {
    const v = e?.get(name)?.value;
    if (v === undefined || v === null || isNull(v)) return undefined;
    if (isScalar(v) && typeof v.value === 'boolean') return v.value;
    this.report('FT1003', `${what}.${name} must be true or false`, this.loc(v));
    return undefined;
  }

  /** A sequence's items; a lone scalar is taken as a one-item list, as go-ftw's old `expect_id`. */
  list(e: Entries | undefined, name: string, what: string): readonly Node[] | undefined {
    const v = e?.get(name)?.value;
    if (v === undefined || v === null || isNull(v)) return undefined;
    if (isSeq(v)) return v.items as Node[];
    if (isScalar(v)) return [v];
    this.report('FT1003', `${what}.${name} must be a list`, this.loc(v));
    return undefined;
  }

  integers(e: Entries | undefined, name: string, what: string): number[] | undefined {
    const items = this.list(e, name, what);
    if (!items) return undefined;
    const out: number[] = [];
    for (const item of items) {
      const n = this.integerNode(item, `${what}.${name}[]`);
      if (n !== undefined) out.push(n);
    }
    return out;
  }

  strings(e: Entries | undefined, name: string, what: string): string[] | undefined {
    const items = this.list(e, name, what);
    if (!items) return undefined;
    const out: string[] = [];
    for (const item of items) {
      if (isScalar(item)) out.push(scalarText(item));
      else this.report('FT1003', `${what}.${name}[] must be a string`, this.loc(item));
    }
    return out;
  }
}

function isNull(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

/** Strings as parsed; other scalars as written, which is what yaml.v3 puts in a Go string. */
function scalarText(node: Node): string {
  if (!isScalar(node)) return '';
  if (typeof node.value === 'string') return node.value;
  const src = node.srcToken && 'source' in node.srcToken ? node.srcToken.source : undefined;
  return typeof src === 'string' ? src : String(node.value);
}
