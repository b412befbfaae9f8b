import type { CompiledOperator, OperatorSpec } from './types.ts';

/**
 * The plain, case-sensitive string comparisons. Each keeps ModSecurity v3's answer for empty
 * strings, since rules reach them with expanded macros that are often empty.
 */

class StrEq implements CompiledOperator {
  constructor(private readonly p: string) {}
  match(input: string): boolean {
    return input === this.p;
  }
}

/** Also @strmatch: ModSecurity implements it as the same substring search (Boyer-Moore-Horspool). */
class Contains implements CompiledOperator {
  constructor(private readonly p: string) {}
  match(input: string): boolean {
    return input.includes(this.p);
  }
}

class BeginsWith implements CompiledOperator {
  constructor(private readonly p: string) {}
  match(input: string): boolean {
    return input.startsWith(this.p);
  }
}

class EndsWith implements CompiledOperator {
  constructor(private readonly p: string) {}
  match(input: string): boolean {
    return input.endsWith(this.p);
  }
}

/**
 * The input is searched for in the parameter (the reverse of @contains), a plain substring test
 * as ModSecurity does: `@within GET POST` matches 'GET' but also 'T P'. An empty input always
 * matches, as in v3 (Within::evaluate returns true before searching).
 */
class Within implements CompiledOperator {
  constructor(private readonly p: string) {}
  match(input: string): boolean {
    return input.length === 0 || this.p.includes(input);
  }
}

export const streq: OperatorSpec = {
  name: 'streq',
  capture: false,
  create: (param) => new StrEq(param),
};

export const contains: OperatorSpec = {
  name: 'contains',
  capture: false,
  create: (param) => new Contains(param),
};

export const strmatch: OperatorSpec = {
  name: 'strmatch',
  capture: false,
  create: (param) => new Contains(param),
};

export const beginsWith: OperatorSpec = {
  name: 'beginsWith',
  capture: false,
  create: (param) => new BeginsWith(param),
};

export const endsWith: OperatorSpec = {
  name: 'endsWith',
  capture: false,
  create: (param) => new EndsWith(param),
};

export const within: OperatorSpec = {
  name: 'within',
  capture: false,
  create: (param) => new Within(param),
};
