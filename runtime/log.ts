import { SEVERITIES } from './actions/catalog.ts';
import type { MatchRecord } from './interruption.ts';

/** ModSecurity escapes these in log fields so that `[field "..."]` stays parseable. */
function esc(s: string, max = 4096): string {
  const cut = s.length > max ? s.slice(0, max) + '...' : s;
  return cut.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const opName = (n: string) => n.charAt(0).toUpperCase() + n.slice(1);

export interface LogContext {
  readonly hostname: string;
  readonly uri: string;
  readonly uniqueId: string;
  /** "Warning." in DetectionOnly or for pass; "Access denied with code 403 (phase 2)." when it blocked. */
  readonly prefix?: string;
}

/**
 * One match as ModSecurity v3 writes it to the web server's error log, so that tools written
 * for ModSecurity logs (go-ftw's log_contains, CRS's match_regex, people's grep) work as is.
 */
export function formatLogLine(m: MatchRecord, ctx: LogContext): string {
  const sev = m.severity === undefined ? '' : ` [severity "${m.severity}"]`;
  const tags = m.tags.map((t) => ` [tag "${esc(t)}"]`).join('');
  const what = `Matched "Operator \`${opName(m.operator)}' with parameter \`${esc(m.operatorParam, 200)}' against variable \`${esc(m.variable)}' (Value: \`${esc(m.value, 200)}' )`;
  return (
    `ModSecurity: ${ctx.prefix ?? 'Warning.'} ${what} [file "${esc(m.file)}"] [line "${m.line}"] [id "${m.ruleId}"] [rev "${esc(m.rev ?? '')}"]` +
    ` [msg "${esc(m.msg)}"] [data "${esc(m.logdata)}"]${sev} [ver "${esc(m.ver ?? '')}"] [maturity "${m.maturity ?? '0'}"] [accuracy "${m.accuracy ?? '0'}"]${tags}` +
    ` [hostname "${esc(ctx.hostname)}"] [uri "${esc(ctx.uri)}"] [unique_id "${ctx.uniqueId}"] [ref ""]`
  );
}

export function severityName(n: number | undefined): string {
  return n === undefined ? '' : (SEVERITIES[n] ?? String(n));
}
