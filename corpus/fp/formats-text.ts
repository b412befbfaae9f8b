/**
 * Readers for payload-list formats: one payload per line, one per file, TSV, JSON arrays.
 * Input is a byte string (the file read as latin1), so UTF-8 payloads reach the engine as the
 * bytes a client would send. Every problem is a diagnostic naming file and line; a bad row is
 * dropped and reading goes on.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { CorpusDiagnostic } from './types.ts';

export interface RawEntry {
  readonly line: number;
  readonly text: string;
  readonly cls?: string;
}

export interface ReadResult {
  readonly entries: RawEntry[];
  readonly diagnostics: CorpusDiagnostic[];
}

export function readLines(file: string, bytes: string, comments?: string): ReadResult {
  const entries: RawEntry[] = [];
  const lines = bytes.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '' || (comments !== undefined && line.startsWith(comments))) return;
    entries.push({ line: i + 1, text: line });
  });
  return { entries, diagnostics: [] };
}

export function readWholeFile(bytes: string): ReadResult {
  return { entries: bytes.length === 0 ? [] : [{ line: 1, text: bytes }], diagnostics: [] };
}

/** JSON string decoding of a byte string: the escapes are decoded, UTF-8 bytes are kept. */
function jsonCell(cell: string): string | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cell, 'latin1').toString('utf8'));
    return typeof v === 'string' ? Buffer.from(v, 'utf8').toString('latin1') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * TSV with a header row, no quoting (as the corpora here are written). The payload column is
 * `column`, else one named text, payload or string(_json), else the last one; a column whose
 * name ends in _json holds JSON strings.
 */
export function readTsv(file: string, bytes: string, column?: string, classColumn?: string, decodeJson?: boolean): ReadResult {
  const diagnostics: CorpusDiagnostic[] = [];
  const entries: RawEntry[] = [];
  const lines = bytes.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const header = (lines[0] ?? '').split('\t');
  const pick = column ?? header.find((h) => /^(text|payload|string(_json)?)$/i.test(h)) ?? header[header.length - 1]!;
  const col = header.indexOf(pick);
  if (col < 0) {
    diagnostics.push({ severity: 'error', file, line: 1, message: `no column '${pick}' in the header (${header.join(', ')})` });
    return { entries, diagnostics };
  }
  const clsCol = classColumn === undefined ? -1 : header.indexOf(classColumn);
  if (classColumn !== undefined && clsCol < 0) {
    diagnostics.push({ severity: 'error', file, line: 1, message: `no class column '${classColumn}' in the header` });
    return { entries, diagnostics };
  }
  const json = decodeJson ?? pick.endsWith('_json');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const cells = line.split('\t');
    if (cells.length !== header.length) {
      diagnostics.push({ severity: 'error', file, line: i + 1, message: `row has ${cells.length} fields, the header has ${header.length}` });
      continue;
    }
    const text = json ? jsonCell(cells[col]!) : cells[col]!;
    if (text === undefined) {
      diagnostics.push({ severity: 'error', file, line: i + 1, message: `column '${pick}' is not a JSON string` });
      continue;
    }
    entries.push(clsCol < 0 ? { line: i + 1, text } : { line: i + 1, text, cls: cells[clsCol]! });
  }
  return { entries, diagnostics };
}

/** Parses JSON text with positions (YAML is a superset of JSON), so structural errors get lines. */
export function parseJsonWithLines(file: string, bytes: string): { root?: Node; lineOf: (n: Node | null | undefined) => number; diagnostics: CorpusDiagnostic[] } {
  const text = Buffer.from(bytes, 'latin1').toString('utf8');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  const lineOf = (n: Node | null | undefined): number => (n?.range ? lc.linePos(n.range[0]).line : 0);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    return { lineOf, diagnostics: [{ severity: 'error', file, line: lc.linePos(e.pos[0]).line, message: `invalid JSON: ${e.message.split('\n')[0]}` }] };
  }
  return { root: (doc.contents as Node | null) ?? undefined, lineOf, diagnostics: [] };
}

/** A JSON array of strings, or of objects with a payload field (`column`, else text/payload/value). */
export function readJsonArray(file: string, bytes: string, column?: string, classColumn?: string): ReadResult {
  const parsed = parseJsonWithLines(file, bytes);
  const diagnostics = parsed.diagnostics;
  const entries: RawEntry[] = [];
  if (!parsed.root) return { entries, diagnostics };
  if (!isSeq(parsed.root)) {
    diagnostics.push({ severity: 'error', file, line: parsed.lineOf(parsed.root), message: 'expected a JSON array' });
    return { entries, diagnostics };
  }
  for (const item of parsed.root.items as Node[]) {
    const line = parsed.lineOf(item);
    if (isScalar(item) && typeof item.value === 'string') {
      entries.push({ line, text: Buffer.from(item.value, 'utf8').toString('latin1') });
      continue;
    }
    if (isMap(item)) {
      const obj = item.toJSON() as Record<string, unknown>;
      const key = column ?? ['text', 'payload', 'value'].find((k) => typeof obj[k] === 'string');
      const v = key === undefined ? undefined : obj[key];
      if (typeof v === 'string') {
        const c = classColumn === undefined ? undefined : obj[classColumn];
        const text = Buffer.from(v, 'utf8').toString('latin1');
        entries.push(typeof c === 'string' ? { line, text, cls: c } : { line, text });
        continue;
      }
    }
    diagnostics.push({ severity: 'error', file, line, message: `array item is neither a string nor an object with a string ${column ?? 'text/payload/value'} field` });
  }
  return { entries, diagnostics };
}
