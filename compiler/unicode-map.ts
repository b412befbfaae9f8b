import { diagnostic, type Diagnostic } from '../core/diagnostic.ts';
import type { Setting } from '../grammar/ast.ts';
import type { LoadedRuleSet } from '../grammar/includes.ts';
import type { Transformation } from '../runtime/transformations/types.ts';
import { parseUnicodeMap } from '../runtime/transformations/unicode-map.ts';
import { urlDecodeUni, urlDecodeUniWith } from '../runtime/transformations/url.ts';
import { dataFileEnv } from './validate.ts';

/**
 * The t:urlDecodeUni of a rule set: with `SecUnicodeMapFile <file> <code page>`, one that
 * consults the file's table for that code page. As in libmodsecurity v3 the table serves every
 * rule, wherever the directive stands (the last one counts), and a path is read relative to
 * the file that names it. v3 refuses a configuration whose directive lacks the code page or
 * whose file cannot be read; here that is an error diagnostic, and %u decodes without a table.
 */
export function urlDecodeUniFor(set: LoadedRuleSet, readDataFile: (path: string) => string | Error, diags: Diagnostic[]): Transformation {
  let last: Setting | undefined;
  for (const d of set.directives) if (d.kind === 'Setting' && d.name === 'SecUnicodeMapFile') last = d;
  if (last === undefined) return urlDecodeUni;
  const [file, page] = last.args;
  const codePage = page === undefined ? NaN : Number(page.value);
  if (!(codePage > 0 && Number.isInteger(codePage))) {
    diags.push(diagnostic('SL4002', 'SecUnicodeMapFile needs a file and a code page (SecUnicodeMapFile unicode.mapping 20127)', (page ?? last).span));
    return urlDecodeUni;
  }
  const text = dataFileEnv(set, last.span, readDataFile).readDataFile(file.value);
  if (text instanceof Error) {
    diags.push(diagnostic('SL4002', `SecUnicodeMapFile: cannot read ${file.value}: ${text.message}`, file.span));
    return urlDecodeUni;
  }
  const { map, found } = parseUnicodeMap(text, codePage);
  if (!found) diags.push(diagnostic('SL4003', `SecUnicodeMapFile: ${file.value} has no code page ${codePage}; only the full stops are mapped`, page.span));
  return urlDecodeUniWith(map);
}
