/**
 * What any match of a regular expression must contain: a minimum length, and a set of literal
 * strings of which every match contains at least one (lower-cased). The prefilter uses it to
 * skip regexes that certainly cannot match a value.
 *
 * Safety: every rule below only ever weakens what is known (it may say "no literal" where
 * one exists, never the reverse):
 * - zero-width assertions, classes, `.` and escapes like \d break a literal;
 * - an optional or starred piece breaks a literal and requires nothing;
 * - an alternation requires something only if every branch does (the union of their sets);
 * - characters >= 0x80 break literals, because RE2's (?i) folds Latin-1 letters that the
 *   prefilter's ASCII-only lower-casing does not;
 * - any syntax not understood here yields "unknown": the regex always runs.
 */
export interface RegexRequirement {
  readonly minLength: number;
  /** Lower-cased; a match contains at least one. Null: nothing certain. */
  readonly literals: readonly string[] | null;
}

interface Info {
  minLen: number;
  /** The node always matches exactly this (lower-cased) text. */
  exact: string | null;
  must: string[] | null;
}

class Unsupported extends Error {}

const CLASS: Info = { minLen: 1, exact: null, must: null };
const BREAK: Info = { minLen: 0, exact: null, must: null };
const lower = (c: string) => (c >= 'A' && c <= 'Z' ? c.toLowerCase() : c);

function char(c: string): Info {
  if (c.charCodeAt(0) >= 0x80) return CLASS;
  const l = lower(c);
  return { minLen: 1, exact: l, must: [l] };
}

/** Prefers the set whose shortest literal is longest: it is the most selective to scan for. */
function better(a: string[] | null, b: string[]): string[] {
  if (!a) return b;
  const score = (s: string[]) => Math.min(...s.map((x) => x.length)) * 1000 - s.length;
  return score(b) > score(a) ? b : a;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  alternation(): Info {
    const branches = [this.concat()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.concat());
    }
    if (branches.length === 1) return branches[0];
    const minLen = Math.min(...branches.map((b) => b.minLen));
    const musts = branches.map((b) => b.must);
    const must = musts.every((m) => m && m.length > 0) ? [...new Set(musts.flat() as string[])] : null;
    return { minLen, exact: null, must };
  }

  concat(): Info {
    let minLen = 0;
    let buffer = '';
    let allExact = true;
    let best: string[] | null = null;
    const flush = () => {
      if (buffer) best = better(best, [buffer]);
      buffer = '';
    };
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const info = this.repeat();
      minLen += info.minLen;
      if (info.exact !== null) {
        buffer += info.exact;
        continue;
      }
      allExact = false;
      flush();
      if (info.must) best = better(best, info.must);
    }
    const exact = allExact ? buffer : null;
    flush();
    return { minLen, exact, must: best };
  }

  repeat(): Info {
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    const [min, max] = q;
    if (min === 0) return BREAK;
    if (atom.exact !== null && min === max) return { minLen: atom.minLen * min, exact: atom.exact.repeat(min), must: atom.must };
    return { minLen: atom.minLen * min, exact: null, must: atom.must };
  }

  quantifier(): [number, number] | null {
    const c = this.s[this.i];
    let q: [number, number] | null = null;
    if (c === '*') q = [0, Infinity];
    else if (c === '+') q = [1, Infinity];
    else if (c === '?') q = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) return null; // a literal '{', as RE2 reads it
      this.i += m[0].length - 1;
      const min = Number(m[1]);
      q = [min, m[2] ? (m[3] ? Number(m[3]) : Infinity) : min];
    }
    if (!q) return null;
    this.i++;
    if (this.s[this.i] === '?' || this.s[this.i] === '+') this.i++;
    return q;
  }

  atom(): Info {
    const c = this.s[this.i++];
    switch (c) {
      case '(':
        return this.group();
      case '[':
        this.skipClass();
        return CLASS;
      case '.':
        return CLASS;
      case '^':
      case '$':
        return BREAK;
      case '\\':
        return this.escape();
      default:
        return char(c);
    }
  }

  group(): Info {
    if (this.s[this.i] === '?') {
      const m = /^\?(?:P?<[A-Za-z_][A-Za-z0-9_]*>|[a-zA-Z-]*:|[a-zA-Z-]*\))/.exec(this.s.slice(this.i));
      if (!m) throw new Unsupported('group');
      this.i += m[0].length;
      if (m[0].endsWith(')')) return BREAK; // a flag setting such as (?i): no content
    }
    const inner = this.alternation();
    if (this.s[this.i] !== ')') throw new Unsupported('unbalanced');
    this.i++;
    return inner;
  }

  skipClass(): void {
    if (this.s[this.i] === '^') this.i++;
    if (this.s[this.i] === ']') this.i++;
    while (this.i < this.s.length && this.s[this.i] !== ']') {
      if (this.s[this.i] === '\\') this.i++;
      else if (this.s.startsWith('[:', this.i)) {
        const end = this.s.indexOf(':]', this.i + 2);
        if (end < 0) throw new Unsupported('class');
        this.i = end + 1;
      }
      this.i++;
    }
    if (this.s[this.i] !== ']') throw new Unsupported('class');
    this.i++;
  }

  escape(): Info {
    const c = this.s[this.i++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    if ('dDwWsShHvV'.includes(c)) return CLASS;
    if ('bBAzZG'.includes(c)) return BREAK;
    if (c === 'p' || c === 'P') {
      if (this.s[this.i] === '{') this.i = this.s.indexOf('}', this.i) + 1;
      else this.i++;
      if (this.i <= 0) throw new Unsupported('unicode class');
      return CLASS;
    }
    if (c === 'x') {
      const m = /^(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{2}))/.exec(this.s.slice(this.i));
      if (!m) throw new Unsupported('hex escape');
      this.i += m[0].length;
      return char(String.fromCodePoint(parseInt(m[1] ?? m[2], 16)));
    }
    if (c === 'Q') {
      const end = this.s.indexOf('\\E', this.i);
      const text = this.s.slice(this.i, end < 0 ? this.s.length : end);
      this.i = end < 0 ? this.s.length : end + 2;
      if ([...text].some((ch) => ch.charCodeAt(0) >= 0x80)) return { minLen: text.length, exact: null, must: null };
      const l = [...text].map(lower).join('');
      return { minLen: text.length, exact: l, must: l ? [l] : null };
    }
    const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', a: '\x07', e: '\x1b' };
    if (named[c]) return char(named[c]);
    if (c >= '0' && c <= '7') {
      const m = /^[0-7]{0,2}/.exec(this.s.slice(this.i))!;
      this.i += m[0].length;
      return char(String.fromCharCode(parseInt(c + m[0], 8)));
    }
    if (/[A-Za-z0-9]/.test(c)) throw new Unsupported(`escape \\${c}`);
    return char(c);
  }
}

export function analyzeRegex(pattern: string): RegexRequirement {
  try {
    const p = new Parser(pattern);
    const info = p.alternation();
    if (p.i !== pattern.length) return { minLength: 0, literals: null };
    const literals = info.must && info.must.every((l) => l.length > 0) ? info.must : null;
    return { minLength: info.minLen, literals };
  } catch {
    return { minLength: 0, literals: null };
  }
}
