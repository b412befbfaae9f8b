import type { Diagnostic } from './diagnostic.ts';
import type { SourceSet } from './span.ts';

export interface FormatOptions {
  /** ANSI colours, for a terminal. */
  readonly color?: boolean;
}

const ansi = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** Renders a source line with tabs expanded, so that the caret lines up in any terminal. */
function excerpt(line: string, fromCol: number, toCol: number): [string, string] {
  let shown = '';
  let caretStart = 0;
  let caretEnd = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === fromCol - 1) caretStart = shown.length;
    if (i === toCol - 1) caretEnd = shown.length;
    if (i === line.length) break;
    shown += line[i] === '\t' ? '    ' : line[i];
  }
  if (toCol - 1 > line.length) caretEnd = shown.length;
  const width = Math.max(1, caretEnd - caretStart);
  return [shown, ' '.repeat(caretStart) + '^' + '~'.repeat(width - 1)];
}

/** clang-style: `file:line:col: error[SL1002]: message`, the source line, a caret, notes. */
export function formatDiagnostic(d: Diagnostic, sources: SourceSet, opts: FormatOptions = {}): string {
  const c = opts.color ?? false;
  const bold = ansi(c, '1');
  const sevColor = ansi(c, d.severity === 'error' ? '1;31' : d.severity === 'warning' ? '1;35' : '1;36');
  const green = ansi(c, '1;32');
  const out: string[] = [];
  const file = d.span ? sources.get(d.span.fileId) : undefined;
  if (d.span && file) {
    const start = file.lineCol(d.span.start);
    const end = file.lineCol(Math.max(d.span.start, d.span.end));
    out.push(`${bold(`${file.path}:${start.line}:${start.column}:`)} ${sevColor(`${d.severity}[${d.code}]`)}: ${bold(d.message)}`);
    const text = file.lineText(start.line);
    const endCol = end.line === start.line ? end.column : text.length + 1;
    const [shown, caret] = excerpt(text, start.column, Math.max(endCol, start.column + 1));
    const gutter = String(start.line);
    out.push(`${' '.repeat(gutter.length)} |`);
    out.push(`${gutter} | ${shown}`);
    out.push(`${' '.repeat(gutter.length)} | ${green(caret)}`);
  } else {
    out.push(`${sevColor(`${d.severity}[${d.code}]`)}: ${bold(d.message)}`);
  }
  for (const n of d.notes ?? []) {
    const nf = n.span ? sources.get(n.span.fileId) : undefined;
    if (n.span && nf) {
      const lc = nf.lineCol(n.span.start);
      out.push(`  = note: ${n.message} (${nf.path}:${lc.line}:${lc.column})`);
    } else {
      out.push(`  = note: ${n.message}`);
    }
  }
  return out.join('\n');
}

/** A machine-readable form: positions resolved to path, line and column. */
export interface DiagnosticJson {
  code: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  notes?: { message: string; file?: string; line?: number; column?: number }[];
}

export function diagnosticToJson(d: Diagnostic, sources: SourceSet): DiagnosticJson {
  const j: DiagnosticJson = { code: d.code, severity: d.severity, message: d.message };
  const file = d.span ? sources.get(d.span.fileId) : undefined;
  if (d.span && file) {
    const s = file.lineCol(d.span.start);
    const e = file.lineCol(d.span.end);
    Object.assign(j, { file: file.path, line: s.line, column: s.column, endLine: e.line, endColumn: e.column });
  }
  if (d.notes) {
    j.notes = d.notes.map((n) => {
      const nf = n.span ? sources.get(n.span.fileId) : undefined;
      if (!n.span || !nf) return { message: n.message };
      const lc = nf.lineCol(n.span.start);
      return { message: n.message, file: nf.path, line: lc.line, column: lc.column };
    });
  }
  return j;
}
