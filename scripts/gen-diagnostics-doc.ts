/**
 * Writes docs/diagnostics.md from the one catalogue of diagnostic codes (core/codes.ts), so the
 * documentation can never list a code the tools do not have. `--check` fails when it is stale.
 *
 *   node --import tsx scripts/gen-diagnostics-doc.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODES } from '../core/codes.ts';

const FAMILIES: [string, string][] = [
  ['SL1', 'Lexical and syntax errors'],
  ['SL2', 'Includes and files'],
  ['SL3', 'Semantic checks (what ModSecurity would refuse at load time, or what silently breaks a rule set)'],
  ['SL4', 'Compiler'],
];

export function diagnosticsDoc(): string {
  const lines = ['# Diagnostic codes', '', 'Generated from `core/codes.ts` by `scripts/gen-diagnostics-doc.ts`; do not edit by hand.', ''];
  for (const [prefix, title] of FAMILIES) {
    lines.push(`## ${prefix}xxx: ${title}`, '', '| code | severity | meaning |', '|---|---|---|');
    for (const [code, info] of Object.entries(CODES)) if (code.startsWith(prefix)) lines.push(`| ${code} | ${info.severity} | ${info.title} |`);
    lines.push('');
  }
  return lines.join('\n');
}

const target = join(import.meta.dirname, '..', 'docs', 'diagnostics.md');
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const text = diagnosticsDoc();
  if (process.argv.includes('--check')) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      console.error('docs/diagnostics.md is stale: run npm run gen:diagnostics-doc');
      process.exitCode = 1;
    }
  } else writeFileSync(target, text);
}
