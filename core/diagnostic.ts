import { CODES, type Code, type Severity } from './codes.ts';
import type { Span } from './span.ts';

/** A note attached to a diagnostic: a second location or a hint such as "did you mean …". */
export interface DiagnosticNote {
  readonly message: string;
  readonly span?: Span;
}

/**
 * A finding about user input. User errors are values, never exceptions: every stage returns
 * its output plus a list of these.
 */
export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  readonly notes?: readonly DiagnosticNote[];
}

export function diagnostic(
  code: Code,
  message: string,
  span?: Span,
  notes?: readonly DiagnosticNote[],
): Diagnostic {
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code,
    severity: CODES[code].severity,
    message,
  };
  if (span) d.span = span;
  if (notes && notes.length > 0) d.notes = notes;
  return d;
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}
