/**
 * Every action ModSecurity v3 knows, with its kind and argument. The kinds are ModSecurity's:
 * disruptive actions decide the transaction's fate (only on a chain's first rule), flow actions
 * steer rule order, metadata describes the rule, data actions feed other actions, and the rest
 * (non-disruptive) change state when the rule matches.
 */
export type ActionKind = 'disruptive' | 'flow' | 'metadata' | 'data' | 'nondisruptive';

export interface ActionInfo {
  readonly kind: ActionKind;
  /** Whether the action takes `:value`. */
  readonly arg: 'none' | 'required' | 'optional';
  /** Accepted but without effect here (audit-log and host-integration actions). */
  readonly inert?: boolean;
}

const A = (kind: ActionKind, arg: ActionInfo['arg'] = 'none', inert = false): ActionInfo => (inert ? { kind, arg, inert } : { kind, arg });

export const ACTIONS: Readonly<Record<string, ActionInfo>> = {
  accuracy: A('metadata', 'required'),
  allow: A('disruptive', 'optional'),
  append: A('nondisruptive', 'required', true),
  auditlog: A('nondisruptive'),
  block: A('disruptive'),
  capture: A('nondisruptive'),
  chain: A('flow'),
  ctl: A('nondisruptive', 'required'),
  deny: A('disruptive'),
  deprecatevar: A('nondisruptive', 'required', true),
  drop: A('disruptive'),
  exec: A('nondisruptive', 'required', true),
  expirevar: A('nondisruptive', 'required'),
  id: A('metadata', 'required'),
  initcol: A('nondisruptive', 'required'),
  log: A('nondisruptive'),
  logdata: A('nondisruptive', 'required'),
  maturity: A('metadata', 'required'),
  msg: A('metadata', 'required'),
  multiMatch: A('nondisruptive'),
  noauditlog: A('nondisruptive'),
  nolog: A('nondisruptive'),
  pass: A('disruptive'),
  pause: A('disruptive', 'required', true),
  phase: A('metadata', 'required'),
  prepend: A('nondisruptive', 'required', true),
  proxy: A('disruptive', 'required', true),
  redirect: A('disruptive', 'required'),
  rev: A('metadata', 'required'),
  sanitiseArg: A('nondisruptive', 'required', true),
  sanitiseMatched: A('nondisruptive', 'none', true),
  sanitiseMatchedBytes: A('nondisruptive', 'optional', true),
  sanitiseRequestHeader: A('nondisruptive', 'required', true),
  sanitiseResponseHeader: A('nondisruptive', 'required', true),
  setenv: A('nondisruptive', 'required'),
  setrsc: A('nondisruptive', 'required'),
  setsid: A('nondisruptive', 'required'),
  setuid: A('nondisruptive', 'required'),
  setvar: A('nondisruptive', 'required'),
  severity: A('metadata', 'required'),
  skip: A('flow', 'required'),
  skipAfter: A('flow', 'required'),
  status: A('data', 'required'),
  t: A('nondisruptive', 'required'),
  tag: A('metadata', 'required'),
  ver: A('metadata', 'required'),
  xmlns: A('data', 'required'),
};

/** ModSecurity's severities, by number and by name. */
export const SEVERITIES = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'] as const;

/** Options `ctl:` accepts. */
export const CTL_OPTIONS = [
  'auditEngine',
  'auditLogParts',
  'debugLogLevel',
  'forceRequestBodyVariable',
  'hashEngine',
  'hashEnforcement',
  'requestBodyAccess',
  'requestBodyLimit',
  'requestBodyProcessor',
  'responseBodyAccess',
  'responseBodyLimit',
  'ruleEngine',
  'ruleRemoveById',
  'ruleRemoveByMsg',
  'ruleRemoveByTag',
  'ruleRemoveTargetById',
  'ruleRemoveTargetByMsg',
  'ruleRemoveTargetByTag',
  'parseXmlIntoArgs',
] as const;
