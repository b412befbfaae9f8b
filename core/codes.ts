/**
 * The one catalogue of diagnostic codes. A code is never reused for another meaning; a retired
 * code stays here marked as such. `waf lint --list-codes` and docs/diagnostics.md are generated
 * from this table.
 *
 * SL1xxx lexical and syntax errors, SL2xxx includes and files, SL3xxx semantic checks (what
 * ModSecurity would refuse at load time or what silently breaks a rule set), SL4xxx compiler.
 */
export type Severity = 'error' | 'warning' | 'note';

export interface CodeInfo {
  readonly severity: Severity;
  readonly title: string;
}

export const CODES = {
  // Lexical and syntax
  SL1001: { severity: 'error', title: 'unterminated quoted string' },
  SL1002: { severity: 'error', title: 'unknown directive' },
  SL1003: { severity: 'error', title: 'missing argument' },
  SL1004: { severity: 'error', title: 'unexpected extra argument' },
  SL1005: { severity: 'error', title: 'invalid variable list' },
  SL1006: { severity: 'error', title: 'invalid operator' },
  SL1007: { severity: 'error', title: 'invalid action list' },
  SL1008: { severity: 'error', title: 'invalid macro' },
  SL1009: { severity: 'error', title: 'invalid key selector' },
  SL1010: { severity: 'error', title: 'line continuation at end of file' },
  SL1011: { severity: 'error', title: 'invalid directive value' },
  SL1012: { severity: 'error', title: 'unterminated regular expression selector' },
  SL1013: { severity: 'error', title: 'chain without a following rule' },
  // Includes and files
  SL2001: { severity: 'error', title: 'included file not found' },
  SL2002: { severity: 'error', title: 'include cycle' },
  SL2003: { severity: 'error', title: 'file cannot be read' },
  SL2004: { severity: 'error', title: 'data file not found' },
  SL2005: { severity: 'warning', title: 'include pattern matched no file' },
  // Semantic checks
  SL3001: { severity: 'error', title: 'unknown variable' },
  SL3002: { severity: 'error', title: 'unknown operator' },
  SL3003: { severity: 'error', title: 'unknown transformation' },
  SL3004: { severity: 'error', title: 'unknown action' },
  SL3005: { severity: 'error', title: 'duplicate rule id' },
  SL3006: { severity: 'error', title: 'missing rule id' },
  SL3007: { severity: 'error', title: 'missing or invalid phase' },
  SL3008: { severity: 'error', title: 'chain flag on the last rule' },
  SL3009: { severity: 'error', title: 'disruptive action in a chained rule' },
  SL3010: { severity: 'error', title: 'skipAfter to an unknown marker' },
  SL3011: { severity: 'error', title: 'regular expression does not compile' },
  SL3012: { severity: 'error', title: 'invalid setvar' },
  SL3013: { severity: 'error', title: 'rule update names an unknown id' },
  SL3014: { severity: 'error', title: 'invalid action argument' },
  SL3015: { severity: 'error', title: 'invalid rule id' },
  SL3016: { severity: 'error', title: 'invalid ctl' },
  SL3017: { severity: 'error', title: 'action requires an argument' },
  SL3018: { severity: 'error', title: 'invalid operator argument' },
  SL3019: { severity: 'warning', title: 'metadata action in a chained rule' },
  SL3020: { severity: 'error', title: 'invalid IP address or network' },
  SL3021: { severity: 'error', title: 'invalid severity' },
  SL3022: { severity: 'error', title: 'counting a variable that cannot be counted' },
  // Compiler
  SL4001: { severity: 'error', title: 'rule cannot be compiled' },
  SL4002: { severity: 'error', title: 'unicode map cannot be loaded' },
  SL4003: { severity: 'warning', title: 'unicode map has no such code page' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
