/**
 * Test-only readers for the libinjection reference files and the benign corpora. Everything
 * returned is a byte string (one char code per byte), as the detector expects.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { sharedPath } from '../../../../core/testing.ts';

export interface Html5Vector {
  file: string;
  name: string;
  input: string;
  expected: string;
}

/** The tests/test-html5-*.txt files: `--TEST--` name, `--INPUT--` bytes, `--EXPECTED--` lines. */
export function readHtml5Vectors(): Html5Vector[] {
  const dir = sharedPath('libinjection', 'tests');
  const out: Html5Vector[] = [];
  for (const file of readdirSync(dir).filter((f) => /^test-html5-.*\.txt$/.test(f)).sort()) {
    const text = readFileSync(`${dir}/${file}`, 'latin1');
    const nameAt = text.indexOf('--TEST--\n') + 9;
    const inputAt = text.indexOf('--INPUT--\n');
    const expectedAt = text.indexOf('--EXPECTED--');
    // The input is everything between the markers except the newline that ends its last line;
    // trailing spaces are part of it (test-html5-012).
    let input = text.slice(inputAt + 10, expectedAt);
    if (input.endsWith('\n')) input = input.slice(0, -1);
    out.push({
      file,
      name: text.slice(nameAt, inputAt).trim(),
      input,
      // libinjection's driver compares outputs with trailing whitespace removed.
      expected: text.slice(expectedAt + 12).trim(),
    });
  }
  return out;
}

/** Names of libinjection data files matching `pattern`. */
export function dataFiles(pattern: RegExp): string[] {
  return readdirSync(sharedPath('libinjection', 'data')).filter((f) => pattern.test(f)).sort();
}

/**
 * Lines of a libinjection data file, skipping blank lines and `#` comments, form-decoded
 * (`%XX` and `+`): the data README says lines are URL-encoded user input, which a WAF sees
 * decoded in ARGS.
 */
export function readDataLines(file: string): { raw: string; value: string }[] {
  const text = readFileSync(sharedPath('libinjection', 'data', file), 'latin1');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((raw) => ({ raw, value: formDecode(raw) }));
}

export function formDecode(s: string): string {
  return s.replace(/\+|%([0-9a-fA-F]{2})/g, (_m, hex: string | undefined) =>
    hex === undefined ? ' ' : String.fromCharCode(parseInt(hex, 16)),
  );
}

/** UTF-8 text as the byte string a WAF would see. */
export function bytesOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

const BLNS_ATTACK_CATEGORIES = new Set([
  'Script Injection',
  'SQL Injection',
  'Server Code Injection',
  'Command Injection (Ruby)',
  'File Inclusion',
  'XXE Injection (XML)',
  'Known CVEs and Vulnerabilities',
  'Terminal escape codes',
]);

/** blns strings outside the attack categories named in corpora/blns/SOURCE.md. */
export function blnsBenign(): string[] {
  const text = readFileSync(sharedPath('corpora', 'blns', 'blns.by-category.tsv'), 'utf8');
  const out: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const tab = line.indexOf('\t');
    if (tab < 0 || BLNS_ATTACK_CATEGORIES.has(line.slice(0, tab))) continue;
    out.push(bytesOf(JSON.parse(line.slice(tab + 1)) as string));
  }
  return out;
}

export function udhrParagraphs(): string[] {
  const text = readFileSync(sharedPath('corpora', 'udhr', 'udhr-paragraphs.tsv'), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => bytesOf(l.split('\t').slice(5).join('\t')));
}

export function userAgents(): string[] {
  const out: string[] = [];
  for (const f of ['index.json', 'desktop.json', 'mobile.json']) {
    const list = JSON.parse(readFileSync(sharedPath('corpora', 'top-user-agents', f), 'utf8'));
    for (const ua of list as string[]) out.push(bytesOf(ua));
  }
  return out;
}

/** Each highlight.js sample as one value, and each of its non-blank lines. */
export function codeSamples(): { files: string[]; lines: string[] } {
  const dir = sharedPath('corpora', 'highlightjs-code-samples', 'detect');
  const files = readdirSync(dir)
    .sort()
    .map((f) => bytesOf(readFileSync(`${dir}/${f}`, 'utf8')));
  const lines = files.flatMap((t) => t.split('\n')).filter((l) => l.trim() !== '');
  return { files, lines };
}
