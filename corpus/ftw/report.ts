/**
 * Reports of an ftw run: a text table per rule file for people, JSON for tools, JUnit XML for CI.
 * Byte strings from requests can hold control characters that XML 1.0 cannot carry at all, so
 * they are written as \xNN rather than dropped.
 */
import { basename } from 'node:path';
import type { FtwRunResult, FtwTestResult } from './runner.ts';

export type FtwReportFormat = 'text' | 'json' | 'junit';

export function formatReport(run: FtwRunResult, format: FtwReportFormat): string {
  if (format === 'json') return jsonReport(run);
  if (format === 'junit') return junitReport(run);
  return textReport(run);
}

export function summaryLine(run: Pick<FtwRunResult, 'passed' | 'failed' | 'skipped'>): string {
  return `${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped`;
}

function byFile(results: readonly FtwTestResult[]): Map<string, FtwTestResult[]> {
  const groups = new Map<string, FtwTestResult[]>();
  for (const r of results) {
    const list = groups.get(r.file);
    if (list) list.push(r);
    else groups.set(r.file, [r]);
  }
  return groups;
}

function count(list: readonly FtwTestResult[], status: FtwTestResult['status']): number {
  return list.filter((r) => r.status === status).length;
}

function ids(list: readonly number[]): string {
  return list.length === 0 ? '-' : list.join(', ');
}

export function textReport(run: FtwRunResult): string {
  const groups = byFile(run.results);
  const names = [...groups.keys()].map((f) => basename(f));
  const width = Math.max(4, ...names.map((n) => n.length));
  const lines = [`${'file'.padEnd(width)}  passed  failed  skipped`];
  for (const [file, list] of groups) {
    const cells = [count(list, 'passed'), count(list, 'failed'), count(list, 'skipped')].map((n) => String(n).padStart(6));
    lines.push(`${basename(file).padEnd(width)}  ${cells[0]}  ${cells[1]}  ${cells[2]!.padStart(7)}`);
  }
  const failed = run.results.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    lines.push('', 'failures:');
    for (const r of failed) {
      lines.push(`  ${r.id} (${basename(r.file)}): ${printable(r.reason ?? '')}`);
      lines.push(`    expected ids: ${ids(r.expectedIds)}; not expected: ${ids(r.noExpectedIds)}; seen: ${ids(r.seenIds)}`);
    }
  }
  lines.push('', summaryLine(run));
  return lines.join('\n') + '\n';
}

export function jsonReport(run: FtwRunResult): string {
  const summary = { passed: run.passed, failed: run.failed, skipped: run.skipped, total: run.results.length };
  return JSON.stringify({ summary, results: run.results }, null, 2) + '\n';
}

/** Control characters (and lone surrogates) as \xNN / \uNNNN: XML 1.0 forbids them even escaped. */
function printable(s: string): string {
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function xml(s: string): string {
  return printable(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcase(r: FtwTestResult, suite: string): string {
  const open = `    <testcase classname="${xml(suite)}" name="${xml(r.id)}" time="${seconds(r.durationMs)}"`;
  if (r.status === 'passed') return `${open}/>`;
  if (r.status === 'skipped') return `${open}>\n      <skipped message="${xml(r.reason ?? '')}"/>\n    </testcase>`;
  const detail = [
    r.reason ?? '',
    `expected ids: ${ids(r.expectedIds)}`,
    `not expected: ${ids(r.noExpectedIds)}`,
    `seen: ${ids(r.seenIds)}`,
    ...r.stages.map((s) => `stage ${s.index + 1}: ${s.requestLine ?? ''}${s.serverRejects ? ` (server: ${s.serverRejects})` : ''}`),
  ].join('\n');
  return `${open}>\n      <failure message="${xml(r.reason ?? 'failed')}" type="ftw">${xml(detail)}</failure>\n    </testcase>`;
}

export function junitReport(run: FtwRunResult): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ftw" tests="${run.results.length}" failures="${run.failed}" skipped="${run.skipped}" errors="0">`,
  ];
  for (const [file, list] of byFile(run.results)) {
    const suite = basename(file).replace(/\.ya?ml$/, '');
    const time = list.reduce((t, r) => t + r.durationMs, 0);
    out.push(
      `  <testsuite name="${xml(suite)}" tests="${list.length}" failures="${count(list, 'failed')}" ` +
        `skipped="${count(list, 'skipped')}" errors="0" time="${seconds(time)}">`,
    );
    for (const r of list) out.push(testcase(r, suite));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
