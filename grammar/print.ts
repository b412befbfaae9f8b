import type { Action, ChainLink, ConfigFile, Directive, IdRange, Selector, Variable } from './ast.ts';

/**
 * AST → canonical SecLang, in the layout CRS uses: variables bare, operator and action list
 * double-quoted, one action per continued line. parse(print(ast)) gives back the same AST
 * (spans aside) for every AST the parser can produce.
 */
export function printFile(file: ConfigFile): string {
  return file.directives.map(printDirective).join('\n\n') + '\n';
}

export function printDirective(d: Directive): string {
  switch (d.kind) {
    case 'SecRule':
    case 'SecAction':
      return printLink(d, '');
    case 'SecDefaultAction':
      return `SecDefaultAction ${quoteArg(printActions(d.actions))}`;
    case 'SecMarker':
      return `SecMarker ${quoteArg(d.name, true)}`;
    case 'SecRuleRemoveById':
      return `SecRuleRemoveById ${d.ids.map(printRange).join(' ')}`;
    case 'SecRuleRemoveByTag':
    case 'SecRuleRemoveByMsg':
      return `${d.kind} ${quoteArg(d.pattern, true)}`;
    case 'SecRuleUpdateTargetById':
    case 'SecRuleUpdateTargetByTag':
    case 'SecRuleUpdateTargetByMsg': {
      const target = d.kind === 'SecRuleUpdateTargetById' ? d.ids.map(printRange).join(',') : quoteArg(d.pattern, true);
      const repl = d.replacement ? ` ${quoteArg(printVariables(d.replacement), true)}` : '';
      return `${d.kind} ${target} ${quoteArg(printVariables(d.variables), true)}${repl}`;
    }
    case 'SecRuleUpdateActionById': {
      const id = d.chainOffset ? `${d.id}:${d.chainOffset}` : String(d.id);
      return `SecRuleUpdateActionById ${id} ${quoteArg(printActions(d.actions))}`;
    }
    case 'Include':
      return `${d.optional ? 'IncludeOptional' : 'Include'} ${quoteArg(d.path)}`;
    case 'Setting':
      return [d.name, ...d.args.map((a) => quoteArg(a.value))].join(' ');
  }
}

function printLink(d: ChainLink, indent: string): string {
  const head =
    d.kind === 'SecRule'
      ? `${indent}SecRule ${quoteArg(printVariables(d.variables))} ${printOperator(d)}`
      : `${indent}SecAction`;
  const actions = d.actions.map(printAction);
  let text = head;
  if (actions.length > 0 || d.kind === 'SecAction') {
    const body = actions.map((a) => escapeDq(a)).join(`,\\\n${indent}    `);
    text += ` \\\n${indent}    "${body}"`;
  }
  if (d.chained) text += '\n' + printLink(d.chained, indent + '    ');
  return text;
}

function printOperator(r: Extract<ChainLink, { kind: 'SecRule' }>): string {
  const op = r.operator;
  const param = op.param.text;
  const body = op.implicit ? param : param === '' ? `@${op.name}` : `@${op.name} ${param}`;
  return `"${op.negated ? '!' : ''}${escapeDq(body)}"`;
}

export function printVariables(vars: readonly Variable[]): string {
  return vars.map(printVariable).join('|');
}

function printVariable(v: Variable): string {
  return `${v.exclude ? '!' : ''}${v.count ? '&' : ''}${v.name}${v.selector ? ':' + printSelector(v.selector) : ''}`;
}

function printSelector(s: Selector): string {
  switch (s.kind) {
    case 'regex':
      return `/${s.value}/`;
    case 'quoted':
      return `'${s.value.replace(/'/g, "\\'")}'`;
    case 'literal':
    case 'xpath':
      return s.value;
  }
}

export function printActions(actions: readonly Action[]): string {
  return actions.map(printAction).join(',');
}

export function printAction(a: Action): string {
  switch (a.kind) {
    case 'Action':
      return a.value ? `${a.name}:${quoteValue(a.value.text)}` : a.name;
    case 'Setvar': {
      const target = `${a.op === '!' ? '!' : ''}${a.collection}.${a.key.text}`;
      const rhs = a.op === '!' || (a.op === '=' && !a.value) ? '' : `${a.op}${a.value?.text ?? ''}`;
      return `${a.name}:${quoteValue(target + rhs)}`;
    }
    case 'Ctl':
      return `${a.name}:${quoteValue(`${a.option}=${a.value.text}`)}`;
  }
}

function printRange(r: IdRange): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

/** An action value is single-quoted when it holds anything the action lexer would split on. */
function quoteValue(v: string): string {
  if (v !== '' && !/[,'\s"\\]/.test(v)) return v;
  return `'${v.replace(/'/g, "\\'")}'`;
}

function escapeDq(s: string): string {
  return s.replace(/"/g, '\\"');
}

/** A directive argument: bare when the lexer would read it back as one token, else quoted. */
function quoteArg(s: string, preferQuotes = false): string {
  const bareOk = s !== '' && /^[^\s"'\\][^\s'\\]*$/.test(s) && !(s.startsWith('#'));
  if (bareOk && !preferQuotes) return s;
  return `"${escapeDq(s)}"`;
}
