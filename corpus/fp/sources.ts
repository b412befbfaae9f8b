/**
 * Loads corpus sources (files and folders) into payloads with their class. A folder's class is
 * its first-level sub-folder, or the file name for files directly inside it; a file's class is
 * its name. Unreadable or malformed files become diagnostics and the other files still load.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { readFtw, readHar, readHttpFile, type RequestEntry } from './formats-http.ts';
import { readJsonArray, readLines, readTsv, readWholeFile, type RawEntry } from './formats-text.ts';
import { parseSourceSpec, sampleEvenly, urlDecodeBytes, type SourceFormat, type SourceSpec } from './spec.ts';
import type { CorpusDiagnostic, CorpusKind, Payload } from './types.ts';

export interface LoadedSource {
  readonly spec: SourceSpec;
  readonly payloads: Payload[];
  readonly diagnostics: CorpusDiagnostic[];
}

// Licence and provenance notes sit beside corpora; they are not payloads.
const NOT_PAYLOADS = /^(readme|source|license|licence|notice|copying)(\.|$)|\.md$/i;

export function formatFor(file: string, given?: SourceFormat): SourceFormat {
  if (given) return given;
  switch (extname(file).toLowerCase()) {
    case '.tsv': return 'tsv';
    case '.json': return 'json';
    case '.har': return 'har';
    case '.yaml': case '.yml': return 'ftw';
    case '.http': case '.req': return 'http';
    default: return 'lines';
  }
}

function listFiles(root: string, diagnostics: CorpusDiagnostic[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      diagnostics.push({ severity: 'error', file: dir, line: 0, message: `cannot read folder: ${(e as Error).message}` });
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || NOT_PAYLOADS.test(name)) continue;
      const p = join(dir, name);
      const st = statSync(p, { throwIfNoEntry: false });
      if (!st) diagnostics.push({ severity: 'error', file: p, line: 0, message: 'cannot read file (a dangling link?)' });
      else if (st.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(root);
  return out;
}

function classOf(spec: SourceSpec, root: string, file: string, isFolder: boolean): string {
  const name = basename(file).replace(/\.[^.]*$/, '');
  if (spec.cls === '@file') return name;
  if (spec.cls === '@prefix') return name.split(/[-_]/)[0]!;
  if (spec.cls === '@folder') return basename(join(file, '..'));
  if (spec.cls !== undefined) return spec.cls;
  if (!isFolder) return name;
  const rel = relative(root, file).split(sep);
  return rel.length > 1 ? rel[0]! : name;
}

function readFile(file: string, format: SourceFormat, spec: SourceSpec): { entries: Array<RawEntry | RequestEntry>; diagnostics: CorpusDiagnostic[] } {
  let bytes: string;
  try {
    bytes = readFileSync(file, 'latin1');
  } catch (e) {
    return { entries: [], diagnostics: [{ severity: 'error', file, line: 0, message: `cannot read file: ${(e as Error).message}` }] };
  }
  switch (format) {
    case 'lines': return readLines(file, bytes, spec.comments);
    case 'files': return readWholeFile(bytes);
    case 'tsv': return readTsv(file, bytes, spec.column, spec.classColumn, spec.decode === 'json' ? true : undefined);
    case 'json': return readJsonArray(file, bytes, spec.column, spec.classColumn);
    case 'http': return readHttpFile(file, bytes);
    case 'har': return readHar(file, bytes);
    case 'ftw': return readFtw(file, bytes);
  }
}

/** Loads one source spec (already parsed). */
export function loadSource(spec: SourceSpec): LoadedSource {
  const diagnostics: CorpusDiagnostic[] = [];
  let isFolder: boolean;
  try {
    isFolder = statSync(spec.path).isDirectory();
  } catch {
    return { spec, payloads: [], diagnostics: [{ severity: 'error', file: spec.path, line: 0, message: 'no such file or folder' }] };
  }
  const files = isFolder ? listFiles(spec.path, diagnostics).filter((f) => !spec.match || spec.match.test(relative(spec.path, f))) : [spec.path];
  let payloads: Payload[] = [];
  for (const file of files) {
    const r = readFile(file, formatFor(file, spec.format), spec);
    diagnostics.push(...r.diagnostics);
    const fileClass = classOf(spec, spec.path, file, isFolder);
    for (const e of r.entries) {
      const cls = 'cls' in e && e.cls !== undefined ? e.cls : fileClass;
      if (spec.only && !spec.only.includes(cls)) continue;
      if (spec.except && spec.except.includes(cls)) continue;
      const origin = `${file}:${e.line}`;
      if ('request' in e) {
        payloads.push({ kind: spec.kind, source: spec.spec, cls, origin, text: e.text, request: e.request });
      } else {
        const text = spec.decode === 'url' ? urlDecodeBytes(e.text) : e.text;
        payloads.push({ kind: spec.kind, source: spec.spec, cls, origin, text });
      }
    }
  }
  if (spec.sample !== undefined) payloads = sampleEvenly(payloads, spec.sample);
  return { spec, payloads, diagnostics };
}

/** Parses and loads every spec of one kind; a bad spec is a diagnostic, not an exception. */
export function loadSources(specs: readonly string[], kind: CorpusKind): LoadedSource[] {
  const out: LoadedSource[] = [];
  for (const s of specs) {
    const parsed = parseSourceSpec(s, kind);
    if (!parsed.ok) {
      out.push({ spec: { spec: s, kind, path: s }, payloads: [], diagnostics: [{ severity: 'error', file: s, line: 0, message: parsed.error }] });
      continue;
    }
    out.push(loadSource(parsed.value));
  }
  return out;
}
