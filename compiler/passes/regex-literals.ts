/**
 * What any match of a regular expression must contain: a minimum length, and a set of literal
 * strings of which every match contains at least one (lower-cased). The prefilter uses it to
 * skip regexes that certainly cannot match a value.
 *
 * Safety: every rule below only ever weakens what is known (it may say "no literal" where
 * one exists, never the reverse):
 * - classes of more than a few characters, `.` and escapes like \d break a literal (small
 *   classes and alternations become sets of alternatives, bounded in size);
 * - zero-width assertions consume nothing, so the text around them is adjacent in a match;
 * - an optional or starred piece breaks a literal and requires nothing;
 * - an alternation requires something only if every branch does (the union of their sets);
 * - in a pattern that turns on case-insensitivity anywhere, characters >= 0x80 break literals,
 *   because RE2's (?i) folds Latin-1 letters that the prefilter's ASCII-only lower-casing does
 *   not (without (?i) a byte only matches itself, so it is a literal like any other);
 * - characters above 0xFF break literals: a value never holds them;
 * - any syntax not understood here yields "unknown": the regex always runs.
 */
export interface RegexRequirement {
  readonly minLength: number;
  /** Lower-cased; a match contains at least one. Null: nothing certain. */
  readonly literals: readonly string[] | null;
}

interface Info {
  minLen: number;
  /** Every text the node can match, when that is a small finite set (lower-cased). */
  exact: string[] | null;
  /** A set of which every match contains at least one member. */
  must: string[] | null;
}

class Unsupported extends Error {}

/** Beyond this many alternatives a finite set is treated as unknown (it stays cheap to scan). */
const LIMIT = 64;
const CLASS: Info = { minLen: 1, exact: null, must: null };
const BREAK: Info = { minLen: 0, exact: null, must: null };
/** Zero-width assertions consume nothing: the text on both sides is adjacent in any match. */
const ZERO: Info = { minLen: 0, exact: [''], must: null };
const lower = (c: string) => (c >= 'A' && c <= 'Z' ? c.toLowerCase() : c);
const uniq = (xs: string[]) => [...new Set(xs)];

/** Set per analysis: whether the pattern enables (?i) anywhere (see the safety notes above). */
let caseless = true;

function chars(cs: string[]): Info {
  if (cs.length === 0 || cs.some((c) => c.charCodeAt(0) > 0xff || (caseless && c.charCodeAt(0) >= 0x80))) return CLASS;
  const l = uniq(cs.map(lower));
  return l.length > LIMIT ? CLASS : { minLen: 1, exact: l, must: l };
}
const char = (c: string) => chars([c]);

const score = (s: string[]) => Math.min(...s.map((x) => x.length)) * 1000 - s.length;
/** Prefers the set whose shortest literal is longest: it is the most selective to scan for. */
function better(a: string[] | null, b: string[] | null): string[] | null {
  if (!b || b.length === 0 || b.some((x) => x.length === 0)) return a;
  if (!a) return b;
  return score(b) > score(a) ? b : a;
}

function product(a: string[], b: string[]): string[] | null {
  if (a.length * b.length > LIMIT) return null;
  const out: string[] = [];
  for (const x of a) for (const y of b) out.push(x + y);
  return uniq(out);
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
    const exacts = branches.map((b) => b.exact);
    const allExact = exacts.every((e) => e !== null) ? uniq(exacts.flat() as string[]) : null;
    const exact = allExact && allExact.length <= LIMIT ? allExact : null;
    const musts = branches.map((b) => b.must);
    const must = musts.every((m) => m && m.length > 0 && m.every((x) => x.length > 0)) ? uniq(musts.flat() as string[]) : null;
    return { minLen, exact, must };
  }

  concat(): Info {
    let minLen = 0;
    let cur: string[] = [''];
    let broken = false;
    let best: string[] | null = null;
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const info = this.repeat();
      minLen += info.minLen;
      const joined = info.exact ? product(cur, info.exact) : null;
      if (joined) {
        cur = joined;
        continue;
      }
      broken = true;
      best = better(best, cur);
      best = better(best, info.must);
      cur = info.exact ?? [''];
    }
    const exact = broken ? null : cur;
    best = better(best, cur);
    return { minLen, exact, must: best };
  }

  repeat(): Info {
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    const [min, max] = q;
    if (min === 0) return BREAK;
    // `x{n,m}` matches x at least n times in a row: with x a small finite set, the n-fold
    // product is required (exactly it, when n = m).
    if (atom.exact !== null && min <= 8) {
      let times: string[] | null = [''];
      for (let k = 0; k < min && times; k++) times = product(times, atom.exact);
      if (times) return { minLen: atom.minLen * min, exact: min === max ? times : null, must: better(atom.must, times) };
    }
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
        return this.charClass();
      case '.':
        return CLASS;
      case '^':
      case '$':
        return ZERO;
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
      if (m[0].endsWith(')')) return ZERO; // a flag setting such as (?i): no content
    }
    const inner = this.alternation();
    if (this.s[this.i] !== ')') throw new Unsupported('unbalanced');
    this.i++;
    return inner;
  }

  /** A bracket class: a small set of literal characters is kept (as alternatives), anything else is a class. */
  charClass(): Info {
    let negated = false;
    if (this.s[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const set: string[] = [];
    let known = !negated;
    let first = true;
    while (this.i < this.s.length && (this.s[this.i] !== ']' || first)) {
      first = false;
      let c = this.s[this.i++];
      if (c === '[' && this.s[this.i] === ':') {
        const end = this.s.indexOf(':]', this.i + 1);
        if (end < 0) throw new Unsupported('class');
        this.i = end + 2;
        known = false;
        continue;
      }
      if (c === '\\') {
        const e = this.s[this.i++];
        if (e === undefined) throw new Unsupported('class');
        if ('dDwWsShHvVpP'.includes(e)) {
          if (e === 'p' || e === 'P') this.i = this.s[this.i] === '{' ? this.s.indexOf('}', this.i) + 1 : this.i + 1;
          known = false;
          continue;
        }
        if (e === 'x') {
          const m = /^(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{2}))/.exec(this.s.slice(this.i));
          if (!m) throw new Unsupported('hex escape');
          this.i += m[0].length;
          c = String.fromCodePoint(parseInt(m[1] ?? m[2], 16));
        } else {
          const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', a: '\x07', e: '\x1b' };
          c = named[e] ?? e;
          if (!named[e] && /[A-Za-z0-9]/.test(e)) known = false;
        }
      }
      if (this.s[this.i] === '-' && this.s[this.i + 1] !== ']' && this.i + 1 < this.s.length) {
        this.i++;
        let hi = this.s[this.i++];
        if (hi === '\\') {
          const e = this.s[this.i++];
          const m = e === 'x' ? /^(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{2}))/.exec(this.s.slice(this.i)) : null;
          if (m) {
            this.i += m[0].length;
            hi = String.fromCodePoint(parseInt(m[1] ?? m[2], 16));
          } else hi = e;
        }
        const a = c.codePointAt(0)!;
        const b = hi.codePointAt(0)!;
        if (b - a > 12) known = false;
        else for (let k = a; k <= b; k++) set.push(String.fromCodePoint(k));
        continue;
      }
      set.push(c);
    }
    if (this.s[this.i] !== ']') throw new Unsupported('class');
    this.i++;
    return known ? chars(set) : CLASS;
  }

  escape(): Info {
    const c = this.s[this.i++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    if ('dDwWsShHvV'.includes(c)) return CLASS;
    if ('bBAzZG'.includes(c)) return ZERO;
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
      if ([...text].some((ch) => ch.charCodeAt(0) > 0xff || (caseless && ch.charCodeAt(0) >= 0x80))) return { minLen: text.length, exact: null, must: null };
      const l = [...text].map(lower).join('');
      return { minLen: text.length, exact: [l], must: l ? [l] : null };
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
    caseless = /\(\?[a-zA-Z]*i/.test(pattern);
    const p = new Parser(pattern);
    const info = p.alternation();
    if (p.i !== pattern.length) return { minLength: 0, literals: null };
    const literals = info.must && info.must.length > 0 && info.must.every((l) => l.length > 0) ? info.must : null;
    return { minLength: info.minLen, literals };
  } catch {
    return { minLength: 0, literals: null };
  }
}
