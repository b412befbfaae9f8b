import type { OperatorEnv } from './types.ts';

/** C isspace() over bytes: space, \t, \n, \v, \f, \r. */
export function isSpaceByte(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * Splits a parameter on runs of whitespace, as ModSecurity v3 reads @pm phrases and the file
 * list of @pmFromFile with an istream (operator>> stops at isspace()).
 */
export function splitWords(param: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < param.length) {
    while (i < param.length && isSpaceByte(param.charCodeAt(i))) i++;
    const start = i;
    while (i < param.length && !isSpaceByte(param.charCodeAt(i))) i++;
    if (i > start) out.push(param.slice(start, i));
  }
  return out;
}

/**
 * A data file's entries, one per line. Skipped, as ModSecurity v3's isComment() does: empty lines
 * and lines whose first non-whitespace char is '#'. Other lines are kept whole, leading blanks
 * included (CRS's sql-errors.data has a phrase that starts with a space). A trailing '\r' is
 * dropped so that files saved with CRLF endings behave like LF ones.
 */
export function dataFileLines(text: string): string[] {
  const out: string[] = [];
  for (let line of text.split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length === 0) continue;
    let i = 0;
    while (i < line.length && isSpaceByte(line.charCodeAt(i))) i++;
    if (i < line.length && line.charCodeAt(i) === 0x23 /* # */) continue;
    out.push(line);
  }
  return out;
}

/** Reads every file of a whitespace-separated list and returns their lines, or an error message. */
export function readDataFiles(param: string, env: OperatorEnv, what: string): string[] | { error: string } {
  const files = splitWords(param);
  if (files.length === 0) return { error: `${what} needs at least one file name` };
  const lines: string[] = [];
  for (const file of files) {
    let text: string | Error;
    try {
      text = env.readDataFile(file);
    } catch (e) {
      // The env is the caller's; a throwing reader still must not make create() throw.
      text = e instanceof Error ? e : new Error(String(e));
    }
    if (text instanceof Error) return { error: `${what}: cannot read ${file}: ${text.message}` };
    for (const l of dataFileLines(text)) lines.push(l);
  }
  return lines;
}
