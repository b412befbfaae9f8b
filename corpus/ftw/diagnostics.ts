/**
 * Findings about ftw files (tests and overrides). These are user errors, returned as values.
 * They carry file:line:column rather than a core Span because YAML files are not SourceFiles of
 * the rule loader; codes FT1xxx are local to this folder until core/codes.ts gets a range for them.
 */
import type { FtwLocation } from './schema.ts';

export type FtwSeverity = 'error' | 'warning';

export const FTW_CODES = {
  FT1001: { severity: 'error', title: 'file cannot be read' },
  FT1002: { severity: 'error', title: 'invalid YAML' },
  FT1003: { severity: 'error', title: 'wrong type' },
  FT1004: { severity: 'error', title: 'missing required field' },
  FT1005: { severity: 'warning', title: 'unknown field' },
  FT1006: { severity: 'error', title: 'conflicting fields' },
  FT1007: { severity: 'error', title: 'invalid base64' },
  FT1008: { severity: 'error', title: 'unsupported or invalid Go template in data' },
  FT1009: { severity: 'error', title: 'invalid regular expression' },
  FT1010: { severity: 'error', title: 'override without a specific reason' },
  FT1011: { severity: 'warning', title: 'override matches no loaded test' },
  FT1012: { severity: 'warning', title: 'file holds no test' },
} as const satisfies Record<string, { severity: FtwSeverity; title: string }>;

export type FtwCode = keyof typeof FTW_CODES;

export interface FtwDiagnostic {
  readonly code: FtwCode;
  readonly severity: FtwSeverity;
  readonly message: string;
  readonly location?: FtwLocation;
}

export function ftwDiagnostic(code: FtwCode, message: string, location?: FtwLocation): FtwDiagnostic {
  const d: { -readonly [K in keyof FtwDiagnostic]: FtwDiagnostic[K] } = {
    code,
    severity: FTW_CODES[code].severity,
    message,
  };
  if (location) d.location = location;
  return d;
}

/** `file:line:col: error[FT1003]: message`, the same shape core/format.ts prints. */
export function formatFtwDiagnostic(d: FtwDiagnostic): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  return `${where}${d.severity}[${d.code}]: ${d.message}`;
}

export function hasFtwErrors(diags: readonly FtwDiagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}
