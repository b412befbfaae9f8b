import type { Span } from '../core/span.ts';
import type { Value } from '../grammar/ast.ts';

/**
 * RE2 reports errors as "<what>: <fragment>" (e.g. "invalid perl operator: (?<"). Pointing the
 * caret at the fragment inside the pattern saves the reader from hunting through a 2 KB regex.
 */
export function regexErrorSpan(param: Value, error: string): Span {
  const colon = error.lastIndexOf(': ');
  const fragment = colon >= 0 ? error.slice(colon + 2) : '';
  if (fragment) {
    for (const part of param.parts) {
      if (part.kind !== 'literal') continue;
      const at = part.text.indexOf(fragment);
      if (at >= 0) {
        const start = part.span.start + at;
        return { fileId: part.span.fileId, start, end: Math.min(part.span.end, start + fragment.length) };
      }
    }
  }
  return param.span;
}
