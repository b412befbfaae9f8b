/** Markdown: the report a pull request or a closing note carries. */
import type { GateResult } from './gate.ts';
import type { CorpusReport, Example, LevelReport } from './report-types.ts';

export function pct(r: number): string {
  if (r === 0) return '0%';
  if (r < 0.001) return '<0.1%';
  return `${(r * 100).toFixed(r < 0.1 ? 2 : 1)}%`;
}

/** Escapes a table cell: pipes and line breaks would break the row. */
export function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/`/g, 'ʼ');
}

function code(s: string, max = 80): string {
  const t = s.length > max ? s.slice(0, max) + '…' : s;
  return '`' + cell(t) + '`';
}

function ex(e: Example): string {
  return `${code(e.payload)} (${e.template}${e.variable ? `, ${cell(e.variable)}` : ''})`;
}

/** One row per level: the table the issue asks for. */
export function levelTable(report: CorpusReport): string[] {
  const out = ['| PL | benign cases | false positives | FP rate | attack cases | detected | detection rate |', '|---:|---:|---:|---:|---:|---:|---:|'];
  for (const l of report.levels) {
    out.push(`| ${l.level} | ${l.benign.cases} | ${l.benign.hits} | ${pct(l.benign.rate)} | ${l.attack.cases} | ${l.attack.hits} | ${pct(l.attack.rate)} |`);
  }
  return out;
}

function classTable(report: CorpusReport, kind: 'benign' | 'attack'): string[] {
  const names = [...new Set(report.levels.flatMap((l) => l[kind].byClass.map((c) => c.name)))].sort();
  if (names.length === 0) return [];
  const head = `| ${kind === 'benign' ? 'benign class (FP rate)' : 'attack class (detection)'} | cases | ${report.levels.map((l) => `PL${l.level}`).join(' | ')} |`;
  const out = [head, `|---|---:|${report.levels.map(() => '---:').join('|')}|`];
  for (const n of names) {
    const stats = report.levels.map((l) => l[kind].byClass.find((c) => c.name === n));
    out.push(`| ${cell(n)} | ${stats[0]?.cases ?? 0} | ${stats.map((s) => (s ? pct(s.rate) : '')).join(' | ')} |`);
  }
  return out;
}

function templateTable(report: CorpusReport): string[] {
  const names = [...new Set(report.levels.flatMap((l) => [...l.benign.byTemplate, ...l.attack.byTemplate].map((c) => c.name)))].sort();
  const out = [`| template | ${report.levels.map((l) => `PL${l.level} FP / detection`).join(' | ')} |`, `|---|${report.levels.map(() => '---:').join('|')}|`];
  for (const n of names) {
    out.push(`| ${n} | ${report.levels.map((l) => {
      const b = l.benign.byTemplate.find((c) => c.name === n);
      const a = l.attack.byTemplate.find((c) => c.name === n);
      return `${b ? pct(b.rate) : '–'} / ${a ? pct(a.rate) : '–'}`;
    }).join(' | ')} |`);
  }
  return out;
}

function levelDetails(l: LevelReport): string[] {
  const out = [`### Paranoia level ${l.level}`, ''];
  if (l.fpRules.length > 0) {
    out.push('Rules responsible for most false positives:', '', '| rule | blocked benign cases | message | examples (template, matched variable) |', '|---:|---:|---|---|');
    for (const r of l.fpRules.slice(0, 10)) out.push(`| ${r.ruleId} | ${r.cases} | ${cell(r.msg)} | ${r.examples.map(ex).join('<br>')} |`);
    out.push('');
  }
  if (l.missed.length > 0) {
    out.push('Attacks missed, by class:', '', '| class | missed | of | examples (template) |', '|---|---:|---:|---|');
    for (const m of l.missed) out.push(`| ${cell(m.cls)} | ${m.missed} | ${m.cases} | ${m.examples.slice(0, 3).map(ex).join('<br>')} |`);
    out.push('');
  }
  return out;
}

/** Matches per rule (in any case, blocked or not), benign / attack, per level. */
function ruleHitTable(report: CorpusReport): string[] {
  const ids = [...new Set(report.levels.flatMap((l) => l.ruleHits.map((h) => h.ruleId)))].sort((a, b) => a - b);
  if (ids.length === 0) return [];
  const out = ['<details><summary>Hits per rule (benign / attack cases)</summary>', '', `| rule | ${report.levels.map((l) => `PL${l.level}`).join(' | ')} | message |`, `|---:|${report.levels.map(() => '---:').join('|')}|---|`];
  for (const id of ids) {
    const hits = report.levels.map((l) => l.ruleHits.find((h) => h.ruleId === id));
    out.push(`| ${id} | ${hits.map((h) => (h ? `${h.benign} / ${h.attack}` : '')).join(' | ')} | ${cell(hits.find((h) => h)?.msg ?? '')} |`);
  }
  out.push('', '</details>', '');
  return out;
}

export function gateMarkdown(gate: GateResult): string[] {
  const out: string[] = [];
  if (gate.failures.length > 0) {
    out.push('## Gate: failed', '');
    for (const f of gate.failures) out.push(`- PL${f.level}: ${f.what} ${pct(f.actual)} (limit ${pct(f.limit)})`);
    out.push('');
  }
  if (gate.baselineError) out.push(`Baseline not compared: ${gate.baselineError}`, '');
  if (gate.diff) {
    out.push('## Compared with the baseline', '', '| PL | FP rate | detection | new FPs | fixed FPs | lost detections | gained |', '|---:|---|---|---:|---:|---:|---:|');
    for (const d of gate.diff) {
      out.push(`| ${d.level} | ${pct(d.fpRateBefore)} → ${pct(d.fpRateAfter)} | ${pct(d.detectionBefore)} → ${pct(d.detectionAfter)} | ${d.newFalsePositives} | ${d.fixedFalsePositives} | ${d.lostDetections} | ${d.gainedDetections} |`);
    }
    out.push('');
    for (const d of gate.diff) {
      if (d.newFalsePositiveExamples.length > 0) {
        out.push(`New false positives at PL${d.level}:`, '');
        for (const e of d.newFalsePositiveExamples) out.push(`- ${ex(e)}${e.rules ? ` rules ${e.rules.join(', ')}` : ''} ${cell(e.origin)}`);
        out.push('');
      }
      if (d.lostDetectionExamples.length > 0) {
        out.push(`Lost detections at PL${d.level} (or attacks the baseline did not have):`, '');
        for (const e of d.lostDetectionExamples) out.push(`- ${ex(e)} ${cell(e.cls)} ${cell(e.origin)}`);
        out.push('');
      }
    }
  }
  return out;
}

export function markdownReport(report: CorpusReport, gate: GateResult): string {
  const out = ['# Corpus run', '', `Rules: ${report.rules.map((r) => code(r)).join(', ')}; templates: ${report.templates.join(', ')}; mode: ${report.mode}.`, ''];
  out.push(...levelTable(report), '');
  out.push(`${report.sources.reduce((s, x) => s + x.payloads, 0)} payloads, ${report.sources.reduce((s, x) => s + x.cases, 0)} cases in ${(report.durationMs / 1000).toFixed(1)} s with ${report.jobs} job(s): ${report.payloadsPerSecond} payloads/s, ${report.casesPerSecond} cases/s (each case at every level).`, '');
  out.push(...gateMarkdown(gate));
  out.push('## By class', '', ...classTable(report, 'benign'), '', ...classTable(report, 'attack'), '');
  out.push('## By template', '', ...templateTable(report), '');
  for (const l of report.levels) out.push(...levelDetails(l));
  out.push(...ruleHitTable(report));
  if (report.diagnostics.length > 0) {
    out.push('## Corpus diagnostics', '');
    for (const d of report.diagnostics.slice(0, 50)) out.push(`- ${cell(`${d.file}${d.line > 0 ? `:${d.line}` : ''}: ${d.severity}: ${d.message}`)}`);
    if (report.diagnostics.length > 50) out.push(`- … ${report.diagnostics.length - 50} more`);
  }
  return out.join('\n');
}
