import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { diagnostic, type Diagnostic, type DiagnosticNote } from '../core/diagnostic.ts';
import { SourceSet, type Span } from '../core/span.ts';
import type { ConfigFile, Directive } from './ast.ts';
import { parseSecLang } from './parser.ts';

/** What loading needs from a file system; tests may pass an in-memory one. */
export interface RuleFileSystem {
  /** The file's bytes as a byte string (latin1), or an Error. */
  readFile(path: string): string | Error;
  /** Entry names of a directory, or an Error. */
  readDir(path: string): string[] | Error;
  isDirectory(path: string): boolean;
  /** A canonical path, to recognise the same file reached by two names. */
  canonical(path: string): string;
}

export const nodeFileSystem: RuleFileSystem = {
  readFile: (p) => tryIo(() => readFileSync(p, 'latin1')),
  readDir: (p) => tryIo(() => readdirSync(p)),
  isDirectory: (p) => tryIo(() => statSync(p).isDirectory()) === true,
  canonical: (p) => {
    const r = tryIo(() => realpathSync(p));
    return r instanceof Error ? resolve(p) : r;
  },
};

function tryIo<T>(f: () => T): T | Error {
  try {
    return f();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** A file or directory path, or a text given in memory (its path names it in diagnostics). */
export type RuleInput = string | { readonly path: string; readonly text: string };

export interface LoadedRuleSet {
  readonly sources: SourceSet;
  /** Every file parsed, in the order it was first read. */
  readonly files: readonly ConfigFile[];
  /** All directives in load order, with each Include replaced by what it includes. */
  readonly directives: readonly Directive[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Loads rule files and directories (a directory means its `*.conf` files in name order, as
 * CRS's `Include rules/*.conf` does), following Include directives relative to the including
 * file. Rule files are read as bytes (latin1) because ModSecurity matches bytes: a non-ASCII
 * character in a pattern must reach the matcher as the bytes the file holds.
 */
export function loadRuleSet(inputs: readonly RuleInput[], fs: RuleFileSystem = nodeFileSystem): LoadedRuleSet {
  const loader = new Loader(fs);
  for (const input of inputs) {
    if (typeof input !== 'string') {
      loader.loadFile(input.path, [], undefined, false, input.text);
    } else if (fs.isDirectory(input)) {
      const entries = fs.readDir(input);
      if (entries instanceof Error) {
        loader.diags.push(diagnostic('SL2003', `cannot read directory '${input}': ${entries.message}`));
        continue;
      }
      for (const name of entries.filter((n) => n.endsWith('.conf')).sort()) loader.loadFile(join(input, name), [], undefined);
    } else {
      loader.loadFile(input, [], undefined);
    }
  }
  return { sources: loader.sources, files: loader.files, directives: loader.directives, diagnostics: loader.diags };
}

/**
 * Parses a single text (no includes followed): for snippets, the playground and tests. Unicode
 * text is turned into its UTF-8 bytes, as if it had been read from a file; pass `'bytes'` for
 * text that already is a byte string.
 */
export function loadText(text: string, path = '<input>', encoding: 'unicode' | 'bytes' = 'unicode'): LoadedRuleSet {
  if (encoding === 'unicode') text = Buffer.from(text, 'utf8').toString('latin1');
  const sources = new SourceSet();
  const file = sources.add(path, text);
  const r = parseSecLang(text, path, file.id);
  return { sources, files: [r.file], directives: r.file.directives, diagnostics: r.diagnostics };
}

interface StackEntry {
  readonly canonical: string;
  readonly includedAt?: Span;
}

class Loader {
  readonly sources = new SourceSet();
  readonly files: ConfigFile[] = [];
  readonly directives: Directive[] = [];
  readonly diags: Diagnostic[] = [];

  constructor(private readonly fs: RuleFileSystem) {}

  loadFile(path: string, stack: readonly StackEntry[], includedAt: Span | undefined, optional = false, given?: string): void {
    const canonical = this.fs.canonical(path);
    const loopAt = stack.findIndex((e) => e.canonical === canonical);
    if (loopAt >= 0) {
      const notes: DiagnosticNote[] = stack
        .slice(loopAt + 1)
        .filter((e) => e.includedAt)
        .map((e) => ({ message: `which includes '${e.canonical}'`, span: e.includedAt }));
      this.diags.push(diagnostic('SL2002', `include cycle: '${path}' includes itself`, includedAt, notes));
      return;
    }
    const text = given ?? this.fs.readFile(path);
    if (text instanceof Error) {
      if (optional) return;
      this.diags.push(
        includedAt
          ? diagnostic('SL2001', `cannot include '${relative(dirname(stack[stack.length - 1]?.canonical ?? '.'), path)}': ${ioReason(text)}`, includedAt)
          : diagnostic('SL2003', `cannot read '${path}': ${ioReason(text)}`),
      );
      return;
    }
    const file = this.sources.add(path, text);
    const parsed = parseSecLang(text, path, file.id);
    this.files.push(parsed.file);
    this.diags.push(...parsed.diagnostics);
    const here = [...stack, { canonical, includedAt }];
    for (const d of parsed.file.directives) {
      if (d.kind !== 'Include') {
        this.directives.push(d);
        continue;
      }
      const target = isAbsolute(d.path) ? d.path : join(dirname(path), d.path);
      const matches = this.expand(target);
      if (matches instanceof Error) {
        if (!d.optional) this.diags.push(diagnostic('SL2001', `cannot include '${d.path}': ${ioReason(matches)}`, d.span));
        continue;
      }
      if (matches.length === 0 && !d.optional) {
        this.diags.push(diagnostic('SL2005', `'${d.path}' matches no file`, d.span));
      }
      for (const m of matches) this.loadFile(m, here, d.span, d.optional);
    }
  }

  /** Expands `*`, `?` and `[…]` in any path segment; a path without them is returned as is. */
  private expand(pattern: string): string[] | Error {
    if (!/[*?[]/.test(pattern)) return [pattern];
    const abs = resolve(pattern);
    const parts = abs.split('/').filter((p) => p !== '');
    let paths = ['/'];
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      if (!/[*?[]/.test(part)) {
        paths = paths.map((p) => join(p, part));
        continue;
      }
      const re = globToRegExp(part);
      const next: string[] = [];
      for (const p of paths) {
        const entries = this.fs.readDir(p);
        if (entries instanceof Error) continue;
        for (const e of entries.sort()) {
          const full = join(p, e);
          if (re.test(e) && (last ? !this.fs.isDirectory(full) : this.fs.isDirectory(full))) next.push(full);
        }
      }
      paths = next;
    }
    return paths;
  }
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function ioReason(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e.message;
}

