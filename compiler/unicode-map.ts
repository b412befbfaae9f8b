import { diagnostic, type Diagnostic } from '../core/diagnostic.ts';
import type { Setting } from '../grammar/ast.ts';
import type { LoadedRuleSet } from '../grammar/includes.ts';
import { parseUnicodeMap, type UnicodeMap } from '../runtime/transformations/unicode-map.ts';

/**
 * `SecUnicodeMapFile <file> <code page>` gives t:urlDecodeUni a table for %uHHHH
 * (runtime/transformations/unicode-map.ts). As in libmodsecurity v3 the table serves every rule,
 * wherever the directive stands; the last directive counts.
 */
export function unicodeMapSetting(set: LoadedRuleSet): Setting | undefined {
  let last: Setting | undefined;
  for (const d of set.directives) if (d.kind === 'Setting' && d.name === 'SecUnicodeMapFile') last = d;
  return last;
}

/**
 * The table a SecUnicodeMapFile directive names, `read` resolving its path against the file that
 * holds the directive. v3 refuses a configuration whose directive lacks the code page or whose
 * file cannot be read; here that is an error diagnostic (and no table), so `waf lint` and the
 * compiler report the same thing.
 */
export function loadUnicodeMap(s: Setting, read: (path: string) => string | Error, diags: Diagnostic[]): UnicodeMap | null {
  const [file, page] = s.args;
  const codePage = page === undefined ? NaN : Number(page.value);
  if (!(codePage > 0 && Number.isInteger(codePage))) {
    diags.push(diagnostic('SL4002', 'SecUnicodeMapFile needs a file and a code page (SecUnicodeMapFile unicode.mapping 20127)', (page ?? s).span));
    return null;
  }
  const text = read(file.value);
  if (text instanceof Error) {
    diags.push(diagnostic('SL4002', `SecUnicodeMapFile: cannot read ${file.value}: ${text.message}`, file.span));
    return null;
  }
  const { map, found } = parseUnicodeMap(text, codePage);
  if (!found) diags.push(diagnostic('SL4003', `SecUnicodeMapFile: ${file.value} has no code page ${codePage}; only the full stops are mapped`, page.span));
  return map;
}
