import { Acmp } from '../match/acmp.ts';
import { AhoCorasick } from '../match/aho-corasick.ts';
import { readDataFiles, splitWords } from './data-file.ts';
import type { Captures, CompiledOperator, OperatorSpec } from './types.ts';

/**
 * Phrase match as ModSecurity's acmp does it (runtime/match/acmp.ts): case-insensitive over
 * ASCII, and blind to some occurrences that its failure links lose. TX:0 (with capture) gets
 * what acmp reports. A textbook scan answers first: where it finds no phrase, acmp finds none
 * either, and on ordinary traffic it finds none; acmp itself is built on the first value that
 * holds a phrase.
 */
class PmOperator implements CompiledOperator {
  private acmp: Acmp | undefined = undefined;

  constructor(private readonly ac: AhoCorasick) {}

  get phrases(): readonly string[] {
    return this.ac.phrases;
  }

  match(input: string, captures: Captures | null): boolean {
    if (this.ac.searchIndex(input) < 0) return false;
    const hit = (this.acmp ??= new Acmp(this.ac.phrases)).search(input);
    if (hit === null) return false;
    if (captures !== null) {
      captures.length = 0;
      captures.push(hit);
    }
    return true;
  }
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * Decodes @pm's Snort-style content, as ModSecurity's parse_pm_content(): surrounding double
 * quotes are dropped, `|41 42|` is hex for bytes (blanks inside ignored), and `\"`, `\\`, `\:`,
 * `\;` are escapes. Any other escape makes ModSecurity fall back to the raw parameter, and so do
 * we. (v3's copy compares hex chars against the bytes 0-9 instead of '0'-'9', so digits are
 * dropped there; we follow v2, which decodes them.) Whitespace then splits the phrases, also
 * whitespace that came from a hex escape, since the split runs on the decoded text.
 */
export function decodePmParam(param: string): string {
  let s = param;
  let i = 0;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  s = s.slice(i);
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1);
  let out = '';
  let bin = false;
  let esc = false;
  let hex = '';
  for (let k = 0; k < s.length; k++) {
    const ch = s[k];
    if (ch === '|') {
      // acmp toggles binary mode on '|' even right after a backslash.
      bin = !bin;
      hex = '';
    } else if (!esc && ch === '\\') {
      esc = true;
    } else if (bin) {
      if (isHexDigit(ch.charCodeAt(0))) {
        hex += ch;
        if (hex.length === 2) {
          out += String.fromCharCode(parseInt(hex, 16));
          hex = '';
        }
      }
    } else if (esc) {
      if (ch !== ':' && ch !== ';' && ch !== '\\' && ch !== '"') return param;
      out += ch;
      esc = false;
    } else {
      out += ch;
    }
  }
  return out;
}

export const pm: OperatorSpec = {
  name: 'pm',
  capture: true,
  create(param) {
    const phrases = splitWords(decodePmParam(param));
    if (phrases.length === 0) return { error: '@pm needs at least one phrase' };
    return new PmOperator(new AhoCorasick(phrases));
  },
};

/** One phrase per line of each named file (several files space-separated). */
export const pmFromFile: OperatorSpec = {
  name: 'pmFromFile',
  capture: true,
  create(param, env) {
    const phrases = readDataFiles(param, env, '@pmFromFile');
    if (!Array.isArray(phrases)) return phrases;
    // An empty list is legitimate (an allow list not filled in yet): it never matches.
    return new PmOperator(new AhoCorasick(phrases));
  },
};
