import { createToken, Lexer } from 'chevrotain';

/**
 * Directive-level tokens. SecLang is line-oriented in the Apache configuration style: a
 * directive name, then arguments separated by blanks, each bare or quoted, with `\` at the end
 * of a line joining it to the next. The arguments themselves (variable lists, operators, action
 * lists) are small languages of their own, parsed from the token's text by grammar/args/.
 */

/** `\` at the end of a line (trailing blanks tolerated, as ModSecurity v3's scanner does). */
export const Continuation = createToken({ name: 'Continuation', pattern: /\\[ \t]*\r?\n/, line_breaks: true });

export const Newline = createToken({ name: 'Newline', pattern: /\r?\n/, line_breaks: true });

export const Blank = createToken({ name: 'Blank', pattern: /[ \t\f\v]+/, group: Lexer.SKIPPED });

/**
 * `#` starts a comment only as the first thing on a line; elsewhere it is argument text
 * (e.g. `@rx #` or `ARGS:#foo`). A custom matcher looks back to the start of the line.
 */
function matchComment(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 35 /* # */) return null;
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10) break;
    if (c !== 32 && c !== 9 && c !== 13) return null;
  }
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > offset && text.charCodeAt(end - 1) === 13) end--;
  const m = [text.slice(offset, end)] as unknown as RegExpExecArray;
  return m;
}

export const Comment = createToken({
  name: 'Comment',
  pattern: { exec: matchComment },
  line_breaks: false,
  start_chars_hint: ['#'],
});

/**
 * A double-quoted argument. A backslash escapes the next character, and a backslash before a
 * line end is a continuation; a bare line end inside the quotes ends the line, which makes
 * the string unterminated (reported at its opening quote).
 */
export const DoubleQuoted = createToken({
  name: 'DoubleQuoted',
  pattern: /"(?:[^"\\\r\n]|\\[ \t]*\r?\n|\\[^\r\n])*"/,
  line_breaks: true,
});

export const SingleQuoted = createToken({
  name: 'SingleQuoted',
  pattern: /'(?:[^'\\\r\n]|\\[ \t]*\r?\n|\\[^\r\n])*'/,
  line_breaks: true,
});

/** An opening quote with no closing one before the end of the (logical) line. */
export const Unterminated = createToken({
  name: 'Unterminated',
  pattern: /["'](?:[^\\\r\n]|\\[ \t]*\r?\n|\\[^\r\n])*/,
  line_breaks: true,
});

/**
 * A bare argument: anything up to a blank or a line end. A single-quoted section inside it
 * (not at its start) may hold blanks, as in `ARGS:'a b'`; a `\` escapes the next character.
 */
export const Bare = createToken({
  name: 'Bare',
  pattern: /(?:[^\s"'\\]|\\[^\s])(?:[^\s'\\]|\\[^\s]|'(?:[^'\\\r\n]|\\[^\r\n])*')*/,
});

/** A `\` followed by a blank that is not a continuation, or at the very end of the file. */
export const StrayBackslash = createToken({ name: 'StrayBackslash', pattern: /\\/ });

export const allTokens = [
  Continuation,
  Newline,
  Blank,
  Comment,
  DoubleQuoted,
  SingleQuoted,
  Unterminated,
  Bare,
  StrayBackslash,
];

export const directiveLexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  ensureOptimizations: false,
});
