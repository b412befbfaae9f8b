/**
 * Source positions. A Span is two offsets into one file; line and column are computed only
 * when a diagnostic is printed, so the lexer and parser carry nothing but integers.
 */
export interface Span {
  readonly fileId: number;
  /** Offset of the first character, in UTF-16 code units. */
  readonly start: number;
  /** Offset one past the last character. */
  readonly end: number;
}

export interface LineCol {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in characters of the line. */
  readonly column: number;
}

/** One loaded text: a rule file, a data file, or a snippet given on the command line. */
export class SourceFile {
  private lineStarts: number[] | undefined;

  constructor(
    readonly id: number,
    readonly path: string,
    readonly text: string,
  ) {}

  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const t = this.text;
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) starts.push(i + 1);
    this.lineStarts = starts;
    return starts;
  }

  lineCol(offset: number): LineCol {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  /** The text of a 1-based line, without its line terminator. */
  lineText(line: number): string {
    const starts = this.starts();
    const from = starts[line - 1] ?? this.text.length;
    let to = starts[line] ?? this.text.length;
    while (to > from && (this.text[to - 1] === '\n' || this.text[to - 1] === '\r')) to--;
    return this.text.slice(from, to);
  }
}

/** All files of one load, so that a Span's fileId can be turned back into a path and a line. */
export class SourceSet {
  private readonly files: SourceFile[] = [];

  add(path: string, text: string): SourceFile {
    const file = new SourceFile(this.files.length, path, text);
    this.files.push(file);
    return file;
  }

  get(fileId: number): SourceFile | undefined {
    return this.files[fileId];
  }

  all(): readonly SourceFile[] {
    return this.files;
  }
}

export function spanOf(fileId: number, start: number, end: number): Span {
  return { fileId, start, end };
}
