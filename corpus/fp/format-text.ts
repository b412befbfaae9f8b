/** Terminal text and GitHub Actions workflow commands. */
import { formatCorpusDiagnostic } from './types.ts';
import { pct } from './format-md.ts';
import type { GateResult } from './gate.ts';
import type { CorpusReport } from './report-types.ts';

function short(s: string, max = 70): string {
  const t = s.replace(/[\r\n\t]+/g, ' ');
  return t.length > max ? t.slice(0, max) + '…' : t;
}

export function textReport(report: CorpusReport, gate: GateResult): string {
  const out: string[] = [];
  for (const d of report.diagnostics) out.push(formatCorpusDiagnostic(d));
  out.push('PL  benign  FP      FP rate   attack  detected  detection');
  for (const l of report.levels) {
    out.push(
      `${String(l.level).padEnd(4)}${String(l.benign.cases).padEnd(8)}${String(l.benign.hits).padEnd(8)}${pct(l.benign.rate).padEnd(10)}` +
        `${String(l.attack.cases).padEnd(8)}${String(l.attack.hits).padEnd(10)}${pct(l.attack.rate)}`,
    );
  }
  for (const l of report.levels) {
    if (l.fpRules.length > 0) {
      out.push('', `PL${l.level} rules with most false positives:`);
      for (const r of l.fpRules.slice(0, 5)) {
        const e = r.examples[0];
        out.push(`  ${r.ruleId}  ${r.cases} cases  ${short(r.msg, 50)}${e ? `\n      e.g. ${short(e.payload)} (${e.template}, ${e.variable ?? ''})` : ''}`);
      }
    }
    if (l.missed.length > 0) {
      out.push('', `PL${l.level} attacks missed by class:`);
      for (const m of l.missed.slice(0, 10)) out.push(`  ${m.cls}: ${m.missed}/${m.cases}${m.examples[0] ? `  e.g. ${short(m.examples[0].payload)} (${m.examples[0].template})` : ''}`);
    }
  }
  if (gate.diff) {
    out.push('', 'compared with the baseline:');
    for (const d of gate.diff) {
      out.push(`  PL${d.level}: ${d.newFalsePositives} new false positives, ${d.fixedFalsePositives} fixed; ${d.lostDetections} lost detections, ${d.gainedDetections} gained`);
      for (const e of d.newFalsePositiveExamples.slice(0, 10)) out.push(`    + FP ${short(e.payload)} (${e.template}${e.rules ? `; rules ${e.rules.join(',')}` : ''})`);
      for (const e of d.lostDetectionExamples.slice(0, 10)) out.push(`    - missed ${short(e.payload)} (${e.cls}, ${e.template})`);
    }
  }
  if (gate.baselineError) out.push(`baseline: ${gate.baselineError}`);
  for (const f of gate.failures) out.push(`FAIL PL${f.level}: ${f.what} ${pct(f.actual)} (limit ${pct(f.limit)})`);
  out.push(`${report.casesPerSecond} cases/s, ${report.payloadsPerSecond} payloads/s, ${(report.durationMs / 1000).toFixed(1)} s, ${report.jobs} job(s)`);
  return out.join('\n');
}

/** Workflow-command data must escape %, CR and LF (properties also : and ,). */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function ghProp(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubReport(report: CorpusReport, gate: GateResult): string {
  const out: string[] = [];
  for (const d of report.diagnostics) {
    out.push(`::${d.severity === 'error' ? 'error' : 'warning'} file=${ghProp(d.file)}${d.line > 0 ? `,line=${d.line}` : ''},title=corpus::${ghData(d.message)}`);
  }
  for (const f of gate.failures) out.push(`::error title=${ghProp(`corpus PL${f.level}`)}::${ghData(`${f.what} ${pct(f.actual)} (limit ${pct(f.limit)})`)}`);
  for (const d of gate.diff ?? []) {
    for (const e of d.newFalsePositiveExamples) {
      out.push(`::warning title=${ghProp(`new false positive at PL${d.level}`)}::${ghData(`${short(e.payload, 120)} (${e.template}${e.rules ? `; rules ${e.rules.join(' ')}` : ''}) ${e.origin}`)}`);
    }
    for (const e of d.lostDetectionExamples) {
      out.push(`::warning title=${ghProp(`lost detection at PL${d.level}`)}::${ghData(`${short(e.payload, 120)} (${e.cls}, ${e.template}) ${e.origin}`)}`);
    }
  }
  for (const l of report.levels) {
    out.push(`::notice title=${ghProp(`corpus PL${l.level}`)}::${ghData(`false positives ${pct(l.benign.rate)} (${l.benign.hits}/${l.benign.cases}), detection ${pct(l.attack.rate)} (${l.attack.hits}/${l.attack.cases})`)}`);
  }
  return out.join('\n');
}
