import type { Span } from '../core/span.ts';

/**
 * The SecLang AST. Every node carries the span of the text it came from; every value is the
 * text as ModSecurity sees it after unquoting (escapes resolved, line continuations joined),
 * with macros `%{collection.key}` split out into structured parts.
 */

/** A piece of a value: literal text or a macro reference such as `%{tx.anomaly_score}`. */
export type ValuePart = LiteralPart | MacroPart;

export interface LiteralPart {
  readonly kind: 'literal';
  readonly text: string;
  readonly span: Span;
}

export interface MacroPart {
  readonly kind: 'macro';
  /** As written: `tx`, `MATCHED_VAR`, `REQUEST_HEADERS`… */
  readonly collection: string;
  /** The key after the first dot, if any: `%{tx.foo}` has key `foo`. */
  readonly key?: string;
  readonly span: Span;
}

/** A value that may contain macros. `text` is the whole value as written (macros unexpanded). */
export interface Value {
  readonly text: string;
  readonly parts: readonly ValuePart[];
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Variables

export type SelectorKind = 'literal' | 'quoted' | 'regex' | 'xpath';

/** What follows `VAR:` — a key (`ARGS:id`), a quoted key, a `/regex/` or an XPath (`XML:/*`). */
export interface Selector {
  readonly kind: SelectorKind;
  /** The key, pattern (without slashes) or XPath expression. */
  readonly value: string;
  readonly span: Span;
}

export interface Variable {
  readonly kind: 'Variable';
  /** As written (`REQUEST_HEADERS`); names are matched case-insensitively. */
  readonly name: string;
  /** `&ARGS`: the number of elements rather than their values. */
  readonly count: boolean;
  /** `!ARGS:foo`: removes elements from the rule's target list. */
  readonly exclude: boolean;
  readonly selector?: Selector;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Operators

export interface Operator {
  readonly kind: 'Operator';
  /** Operator name without `@`, as written; `rx` when the pattern was given bare. */
  readonly name: string;
  readonly negated: boolean;
  /** True when no `@name` was written and the argument is an implicit `@rx` pattern. */
  readonly implicit: boolean;
  readonly param: Value;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Actions

export type Action = PlainAction | SetvarAction | CtlAction;

/** `name` or `name:value`: id, phase, msg, t, tag, skipAfter, … */
export interface PlainAction {
  readonly kind: 'Action';
  /** As written; matched case-insensitively. */
  readonly name: string;
  readonly value?: Value;
  readonly span: Span;
}

export type SetvarOp = '=' | '=+' | '=-' | '!';

/** `setvar:'tx.score=+%{tx.critical_anomaly_score}'`, `setvar:!tx.foo`, `setvar:tx.flag`. */
export interface SetvarAction {
  readonly kind: 'Setvar';
  readonly name: string;
  /** `tx`, `ip`, `session`, … as written. */
  readonly collection: string;
  /** The variable name; may contain macros (`tx.rfi_%{MATCHED_VAR_NAME}`). */
  readonly key: Value;
  readonly op: SetvarOp;
  /** Absent for `!` (delete) and for a bare `setvar:tx.flag`, whose meaning the runtime decides. */
  readonly value?: Value;
  readonly span: Span;
}

/** `ctl:ruleRemoveTargetById=942100;ARGS:pwd`: an option and its raw value. */
export interface CtlAction {
  readonly kind: 'Ctl';
  readonly name: string;
  readonly option: string;
  readonly value: Value;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Directives

export interface SecRule {
  readonly kind: 'SecRule';
  readonly variables: readonly Variable[];
  readonly operator: Operator;
  readonly actions: readonly Action[];
  /** The next rule of a chain (this rule has the `chain` action). */
  readonly chained?: ChainLink;
  readonly span: Span;
}

export interface SecAction {
  readonly kind: 'SecAction';
  readonly actions: readonly Action[];
  readonly chained?: ChainLink;
  readonly span: Span;
}

export type ChainLink = SecRule | SecAction;

export interface SecMarker {
  readonly kind: 'SecMarker';
  readonly name: string;
  readonly span: Span;
}

export interface SecDefaultAction {
  readonly kind: 'SecDefaultAction';
  readonly actions: readonly Action[];
  readonly span: Span;
}

/** One id or an inclusive range, as SecRuleRemoveById and SecRuleUpdate*ById take them. */
export interface IdRange {
  readonly from: number;
  readonly to: number;
  readonly span: Span;
}

export interface SecRuleRemoveById {
  readonly kind: 'SecRuleRemoveById';
  readonly ids: readonly IdRange[];
  readonly span: Span;
}

export interface SecRuleRemoveByText {
  readonly kind: 'SecRuleRemoveByTag' | 'SecRuleRemoveByMsg';
  /** A regular expression matched against tags or messages. */
  readonly pattern: string;
  readonly span: Span;
}

export interface SecRuleUpdateTargetById {
  readonly kind: 'SecRuleUpdateTargetById';
  readonly ids: readonly IdRange[];
  readonly variables: readonly Variable[];
  /** The optional third argument: a variable list that replaces the named one. */
  readonly replacement?: readonly Variable[];
  readonly span: Span;
}

export interface SecRuleUpdateTargetByText {
  readonly kind: 'SecRuleUpdateTargetByTag' | 'SecRuleUpdateTargetByMsg';
  readonly pattern: string;
  readonly variables: readonly Variable[];
  readonly replacement?: readonly Variable[];
  readonly span: Span;
}

export interface SecRuleUpdateActionById {
  readonly kind: 'SecRuleUpdateActionById';
  readonly id: number;
  /** `id:N` targets the N-th rule of a chain (ModSecurity v2 syntax); 0 for the chain head. */
  readonly chainOffset: number;
  readonly actions: readonly Action[];
  readonly span: Span;
}

export interface Include {
  readonly kind: 'Include';
  /** `Include` or `IncludeOptional` (no error when nothing matches). */
  readonly optional: boolean;
  readonly path: string;
  readonly span: Span;
}

/** A configuration directive that takes plain arguments: SecRuleEngine On, SecAuditLog …. */
export interface Setting {
  readonly kind: 'Setting';
  /** The directive name as the directive table spells it (canonical case). */
  readonly name: string;
  readonly args: readonly SettingArg[];
  readonly span: Span;
}

export interface SettingArg {
  readonly value: string;
  readonly span: Span;
}

export type Directive =
  | SecRule
  | SecAction
  | SecMarker
  | SecDefaultAction
  | SecRuleRemoveById
  | SecRuleRemoveByText
  | SecRuleUpdateTargetById
  | SecRuleUpdateTargetByText
  | SecRuleUpdateActionById
  | Include
  | Setting;

/** One parsed file. Directives of included files are not inlined here: see includes.ts. */
export interface ConfigFile {
  readonly kind: 'File';
  readonly path: string;
  readonly fileId: number;
  readonly directives: readonly Directive[];
}
