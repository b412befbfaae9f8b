/** The HTML report: one self-contained file (inline CSS and SVG, no scripts, no external assets). */
import { gateMarkdown, pct } from './format-md.ts';
import type { GateResult } from './gate.ts';
import type { CorpusReport, Example, LevelReport } from './report-types.ts';
import { groupedBarChart, horizontalBarChart } from './svg.ts';

const FP_COLOR = '#d9534f';
const DET_COLOR = '#2e7d32';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function exampleCell(list: readonly Example[]): string {
  return list.map((e) => `<code>${esc(e.payload)}</code> <small>${esc(e.template)}${e.variable ? `, ${esc(e.variable)}` : ''}</small>`).join('<br>');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function levelSection(l: LevelReport): string {
  const rules = horizontalBarChart(
    `PL${l.level}: rules by blocked benign cases`,
    l.fpRules.slice(0, 15).map((r) => ({ label: String(r.ruleId), value: r.cases, tip: `${r.ruleId} ${r.msg}: ${r.cases}` })),
    FP_COLOR,
  );
  const fp = table(['rule', 'cases', 'message', 'examples'], l.fpRules.map((r) => [String(r.ruleId), String(r.cases), esc(r.msg), exampleCell(r.examples)]));
  const missed = table(['class', 'missed', 'of', 'examples'], l.missed.map((m) => [esc(m.cls), String(m.missed), String(m.cases), exampleCell(m.examples.slice(0, 3))]));
  const hits = table(['rule', 'benign hits', 'attack hits', 'message'], l.ruleHits.map((r) => [String(r.ruleId), String(r.benign), String(r.attack), esc(r.msg)]));
  return `<section><h2>Paranoia level ${l.level}</h2>${rules}<h3>False positives by rule</h3>${fp}<h3>Attacks missed by class</h3>${missed}<details><summary>Hits per rule (${l.ruleHits.length} rules)</summary>${hits}</details></section>`;
}

function classChart(report: CorpusReport, kind: 'benign' | 'attack', title: string, colors: readonly string[]): string {
  const classes = [...new Set(report.levels.flatMap((l) => l[kind].byClass.map((c) => c.name)))].sort();
  if (classes.length === 0) return '';
  return groupedBarChart(title, classes.map((c) => (c.length > 28 ? c.slice(0, 27) + '…' : c)), report.levels.map((l, i) => ({
    name: `PL${l.level}`,
    color: colors[i % colors.length]!,
    values: classes.map((c) => l[kind].byClass.find((x) => x.name === c)?.rate ?? 0),
  })));
}

export function htmlReport(report: CorpusReport, gate: GateResult): string {
  const levels = report.levels.map((l) => `PL${l.level}`);
  const rates = groupedBarChart('False-positive and detection rate by paranoia level', levels, [
    { name: 'false-positive rate', color: FP_COLOR, values: report.levels.map((l) => l.benign.rate) },
    { name: 'detection rate', color: DET_COLOR, values: report.levels.map((l) => l.attack.rate) },
  ]);
  const byClass = classChart(report, 'attack', 'Detection rate by attack class', ['#9ccc65', '#43a047', '#2e7d32', '#1b5e20']) +
    classChart(report, 'benign', 'False-positive rate by benign class', ['#f4a09c', '#e57373', '#d9534f', '#a93226']);
  const summary = table(
    ['PL', 'benign cases', 'false positives', 'FP rate', 'attack cases', 'detected', 'detection rate'],
    report.levels.map((l) => [String(l.level), String(l.benign.cases), String(l.benign.hits), pct(l.benign.rate), String(l.attack.cases), String(l.attack.hits), pct(l.attack.rate)]),
  );
  const gateText = gateMarkdown(gate).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>waf corpus report</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
code{background:#f4f4f4;word-break:break-all}.chart{display:block;margin:12px 0}.chart text{font-size:11px;fill:#333}
.chart .title{font-size:13px;font-weight:600}.chart .grid{stroke:#e5e5e5}pre{background:#f8f8f8;padding:8px;white-space:pre-wrap}
</style></head><body>
<h1>waf corpus report</h1>
<p>Rules: ${report.rules.map((r) => `<code>${esc(r)}</code>`).join(', ')}. Templates: ${esc(report.templates.join(', '))}. Mode: ${esc(report.mode)}. ${report.casesPerSecond} cases/s, ${report.payloadsPerSecond} payloads/s with ${report.jobs} job(s).</p>
${summary}
${rates}
${byClass}
${gateText ? `<pre>${esc(gateText)}</pre>` : ''}
${report.levels.map(levelSection).join('\n')}
${report.diagnostics.length ? `<h2>Corpus diagnostics</h2><pre>${esc(report.diagnostics.map((d) => `${d.file}${d.line ? `:${d.line}` : ''}: ${d.severity}: ${d.message}`).join('\n'))}</pre>` : ''}
</body></html>
`;
}
