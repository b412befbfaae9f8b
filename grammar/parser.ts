import type { IToken } from 'chevrotain';
import { diagnostic, type Diagnostic } from '../core/diagnostic.ts';
import type { Span } from '../core/span.ts';
import { didYouMean } from '../core/suggest.ts';
import { argText, type ArgText } from './arg-text.ts';
import { parseActions } from './args/actions.ts';
import { parseOperator } from './args/operator.ts';
import { parseVariables } from './args/variables.ts';
import type { Action, ChainLink, ConfigFile, Directive, IdRange, SecAction, SecRule } from './ast.ts';
import { DIRECTIVES, lookupDirective, type SettingSpec } from './directives.ts';
import { directiveLexer, Comment, Continuation, Newline, StrayBackslash, Unterminated } from './tokens.ts';

export interface ParseResult {
  readonly file: ConfigFile;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parses one SecLang file. Never throws on user input: every problem becomes a diagnostic,
 * the offending directive is dropped, and parsing goes on with the next line, so that one run
 * reports every error in the file.
 */
export function parseSecLang(text: string, path: string, fileId = 0): ParseResult {
  const diags: Diagnostic[] = [];
  const lexed = directiveLexer.tokenize(text);
  for (const e of lexed.errors) {
    diags.push(diagnostic('SL1011', e.message, { fileId, start: e.offset, end: e.offset + Math.max(1, e.length) }));
  }
  const directives: Directive[] = [];
  let line: IToken[] = [];
  const flush = () => {
    if (line.length > 0) {
      const d = parseLine(line, fileId, text, diags);
      if (d) directives.push(d);
      line = [];
    }
  };
  for (const tok of lexed.tokens) {
    const type = tok.tokenType;
    if (type === Newline) flush();
    else if (type === Comment || type === Continuation) continue;
    else line.push(tok);
  }
  flush();
  return { file: { kind: 'File', path, fileId, directives: linkChains(directives) }, diagnostics: diags };
}

const tokSpan = (t: IToken, fileId: number): Span => ({ fileId, start: t.startOffset, end: t.startOffset + t.image.length });

function parseLine(tokens: IToken[], fileId: number, text: string, diags: Diagnostic[]): Directive | null {
  const bad = tokens.find((t) => t.tokenType === Unterminated || t.tokenType === StrayBackslash);
  if (bad) {
    if (bad.tokenType === Unterminated) {
      diags.push(diagnostic('SL1001', `missing closing ${bad.image[0]} for the string that starts here`, { fileId, start: bad.startOffset, end: bad.startOffset + 1 }));
    } else {
      const atEnd = text.slice(bad.startOffset + 1).trim() === '';
      diags.push(
        atEnd
          ? diagnostic('SL1010', "'\\' continues the line, but the file ends here", tokSpan(bad, fileId))
          : diagnostic('SL1011', "stray '\\': a line continuation must be the last character on its line", tokSpan(bad, fileId)),
      );
    }
    return null;
  }
  const [head, ...rest] = tokens;
  const span: Span = { fileId, start: head.startOffset, end: tokens[tokens.length - 1].startOffset + tokens[tokens.length - 1].image.length };
  const found = lookupDirective(head.image);
  if (!found) {
    const hint = didYouMean(head.image, Object.keys(DIRECTIVES));
    diags.push(diagnostic('SL1002', `unknown directive '${head.image}'`, tokSpan(head, fileId), hint ? [{ message: `did you mean '${hint}'?` }] : undefined));
    return null;
  }
  const [name, spec] = found;
  const args = rest.map((t) => argText(t.image, t.startOffset, fileId));
  const ctx: LineContext = { name, args, span, head: tokSpan(head, fileId), diags };
  switch (spec.kind) {
    case 'SecRule':
      if (!arity(ctx, 2, 3, ['variables', 'operator', 'actions'])) return null;
      return {
        kind: 'SecRule',
        variables: parseVariables(args[0], diags),
        operator: parseOperator(args[1], diags),
        actions: args[2] ? parseActions(args[2], diags) : [],
        span,
      };
    case 'SecAction':
      if (!arity(ctx, 1, 1, ['actions'])) return null;
      return { kind: 'SecAction', actions: parseActions(args[0], diags), span };
    case 'SecDefaultAction':
      if (!arity(ctx, 1, 1, ['actions'])) return null;
      return { kind: 'SecDefaultAction', actions: parseActions(args[0], diags), span };
    case 'SecMarker':
      if (!arity(ctx, 1, 1, ['marker name'])) return null;
      return { kind: 'SecMarker', name: args[0].text, span };
    case 'SecRuleRemoveById': {
      if (!arity(ctx, 1, Infinity, ['rule id or range'])) return null;
      const ids = args.flatMap((a) => parseIdList(a, diags));
      return { kind: 'SecRuleRemoveById', ids, span };
    }
    case 'SecRuleRemoveByTag':
    case 'SecRuleRemoveByMsg':
      if (!arity(ctx, 1, 1, ['pattern'])) return null;
      return { kind: spec.kind, pattern: args[0].text, span };
    case 'SecRuleUpdateTargetById':
    case 'SecRuleUpdateTargetByTag':
    case 'SecRuleUpdateTargetByMsg': {
      if (!arity(ctx, 2, 3, [spec.kind === 'SecRuleUpdateTargetById' ? 'rule id' : 'pattern', 'variables', 'replacement'])) return null;
      const variables = parseVariables(args[1], diags);
      const replacement = args[2] ? parseVariables(args[2], diags) : undefined;
      const tail = replacement ? { variables, replacement, span } : { variables, span };
      if (spec.kind === 'SecRuleUpdateTargetById') return { kind: spec.kind, ids: parseIdList(args[0], diags), ...tail };
      return { kind: spec.kind, pattern: args[0].text, ...tail };
    }
    case 'SecRuleUpdateActionById': {
      if (!arity(ctx, 2, 2, ['rule id', 'actions'])) return null;
      const m = /^(\d+)(?::(\d+))?$/.exec(args[0].text);
      if (!m) {
        diags.push(diagnostic('SL3015', `'${args[0].text}' is not a rule id (expected N or N:offset)`, args[0].span));
        return null;
      }
      return { kind: spec.kind, id: Number(m[1]), chainOffset: m[2] ? Number(m[2]) : 0, actions: parseActions(args[1], diags), span };
    }
    case 'Include':
      if (!arity(ctx, 1, 1, ['file or pattern'])) return null;
      return { kind: 'Include', optional: spec.optional, path: args[0].text, span };
    case 'Setting':
      return parseSetting(ctx, spec);
  }
}

interface LineContext {
  readonly name: string;
  readonly args: readonly ArgText[];
  readonly span: Span;
  readonly head: Span;
  readonly diags: Diagnostic[];
}

function arity(ctx: LineContext, min: number, max: number, names: readonly string[]): boolean {
  const n = ctx.args.length;
  if (n < min) {
    const missing = names[n] ?? 'argument';
    const at = n > 0 ? ctx.args[n - 1].span : ctx.head;
    ctx.diags.push(diagnostic('SL1003', `${ctx.name} is missing its ${missing} argument`, { fileId: at.fileId, start: at.end, end: at.end + 1 }, [{ message: `usage: ${usage(ctx.name, names, min)}` }]));
    return false;
  }
  if (n > max) {
    const extra = ctx.args[max];
    const hint = extra.quote === null && ctx.args[max - 1]?.quote !== null ? 'an argument with blanks must be quoted' : `usage: ${usage(ctx.name, names, min)}`;
    ctx.diags.push(diagnostic('SL1004', `${ctx.name} takes at most ${max} argument${max === 1 ? '' : 's'}; '${extra.text.slice(0, 30)}' is one too many`, extra.span, [{ message: hint }]));
    return false;
  }
  return true;
}

function usage(name: string, names: readonly string[], min: number): string {
  return [name, ...names.map((a, i) => (i < min ? `<${a}>` : `[${a}]`))].join(' ');
}

function parseSetting(ctx: LineContext, spec: SettingSpec): Directive | null {
  const argNames = Array.from({ length: Math.min(spec.max, 3) }, (_, i) => (i === 0 ? 'value' : `value ${i + 1}`));
  if (!arity(ctx, spec.min, spec.max, argNames)) return null;
  const first = ctx.args[0];
  if (first && spec.values) {
    const ok = spec.values.find((v) => v.toLowerCase() === first.text.toLowerCase());
    if (!ok) {
      ctx.diags.push(diagnostic('SL1011', `${ctx.name} takes ${spec.values.map((v) => `'${v}'`).join(', ')}; got '${first.text}'`, first.span));
      return null;
    }
  }
  if (first && spec.integer && !/^\d+$/.test(first.text)) {
    ctx.diags.push(diagnostic('SL1011', `${ctx.name} takes a non-negative integer; got '${first.text}'`, first.span));
    return null;
  }
  return { kind: 'Setting', name: ctx.name, args: ctx.args.map((a) => ({ value: a.text, span: a.span })), span: ctx.span };
}

/** `1 2 3`, `900000-900999`, `"1,2"`: ids and inclusive ranges. */
function parseIdList(arg: ArgText, diags: Diagnostic[]): IdRange[] {
  const out: IdRange[] = [];
  const re = /[^\s,]+/g;
  for (let m = re.exec(arg.text); m; m = re.exec(arg.text)) {
    const span = arg.spanOf(m.index, m.index + m[0].length);
    const r = /^(\d+)(?:-(\d+))?$/.exec(m[0]);
    if (!r) {
      diags.push(diagnostic('SL3015', `'${m[0]}' is not a rule id or id range`, span));
      continue;
    }
    const from = Number(r[1]);
    const to = r[2] ? Number(r[2]) : from;
    if (to < from) diags.push(diagnostic('SL3015', `id range '${m[0]}' is empty: it ends before it starts`, span));
    else out.push({ from, to, span });
  }
  return out;
}

const isLink = (d: Directive): d is SecRule | SecAction => d.kind === 'SecRule' || d.kind === 'SecAction';
const hasChain = (actions: readonly Action[]) => actions.some((a) => a.kind === 'Action' && a.name.toLowerCase() === 'chain');

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Makes each rule that follows a `chain` rule a child of it, as ModSecurity groups them. A chain
 * left open (no rule follows) stays as it is; the linter reports it.
 */
function linkChains(directives: Directive[]): Directive[] {
  const out: Directive[] = [];
  let open: Mutable<SecRule | SecAction> | null = null;
  for (const d of directives) {
    if (open && isLink(d)) {
      open.chained = d as ChainLink;
      open = hasChain(d.actions) ? (d as Mutable<SecRule | SecAction>) : null;
      continue;
    }
    open = null;
    out.push(d);
    if (isLink(d) && hasChain(d.actions)) open = d as Mutable<SecRule | SecAction>;
  }
  return out;
}
