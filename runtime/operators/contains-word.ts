import type { CompiledOperator, OperatorSpec } from './types.ts';

/** v3's ContainsWord::acceptableChar: only ASCII letters count as word chars (not digits, not '_'). */
function isWordByte(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * Case-sensitive search for the parameter with a word boundary on both sides, as ModSecurity v3
 * defines it: the neighbour is the input's edge or a char that is not an ASCII letter. So
 * 'select' is a word in '1select2' and in 'x_select_y', but not in 'selection'. An empty
 * parameter matches everything; otherwise an empty input matches nothing.
 */
class ContainsWord implements CompiledOperator {
  constructor(private readonly p: string) {}

  match(input: string): boolean {
    const p = this.p;
    if (p.length === 0) return true;
    for (let pos = input.indexOf(p); pos !== -1; pos = input.indexOf(p, pos + 1)) {
      const end = pos + p.length;
      const before = pos === 0 || !isWordByte(input.charCodeAt(pos - 1));
      const after = end === input.length || !isWordByte(input.charCodeAt(end));
      if (before && after) return true;
    }
    return false;
  }
}

export const containsWord: OperatorSpec = {
  name: 'containsWord',
  capture: false,
  create: (param) => new ContainsWord(param),
};
