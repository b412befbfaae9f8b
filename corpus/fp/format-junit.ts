/**
 * JUnit XML: one suite per paranoia level. Only the gate fails a test case, so CI dashboards
 * agree with the exit code; the rates are in each case's system-out.
 */
import { pct } from './format-md.ts';
import type { GateResult } from './gate.ts';
import type { CorpusReport } from './report-types.ts';

export function xmlEscape(s: string): string {
  // XML 1.0 cannot carry most control characters even as references; payloads can.
  return s
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

interface Case { name: string; failure?: string; out: string }

export function junitReport(report: CorpusReport, gate: GateResult): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const l of report.levels) {
    const cases: Case[] = [];
    const fail = (what: string): string | undefined => {
      const f = gate.failures.find((x) => x.level === l.level && x.what === what);
      return f ? `${f.what} ${pct(f.actual)} (limit ${pct(f.limit)})` : undefined;
    };
    const fpOut = [`${l.benign.hits}/${l.benign.cases} benign cases blocked`, ...l.fpRules.slice(0, 10).map((r) => `rule ${r.ruleId}: ${r.cases} (${r.msg})`)].join('\n');
    const fpFail = fail('false-positive rate');
    cases.push({ name: 'false-positive rate', out: fpOut, ...(fpFail ? { failure: fpFail } : {}) });
    const detOut = [`${l.attack.hits}/${l.attack.cases} attack cases detected`, ...l.missed.map((m) => `${m.cls}: ${m.missed}/${m.cases} missed`)].join('\n');
    const detFail = fail('detection rate');
    cases.push({ name: 'detection rate', out: detOut, ...(detFail ? { failure: detFail } : {}) });
    for (const c of l.benign.byClass) cases.push({ name: `benign ${c.name}`, out: `${c.hits}/${c.cases} blocked (${pct(c.rate)})` });
    for (const c of l.attack.byClass) cases.push({ name: `attack ${c.name}`, out: `${c.hits}/${c.cases} detected (${pct(c.rate)})` });
    const d = gate.diff?.find((x) => x.level === l.level);
    if (d) cases.push({ name: 'baseline', out: `${d.newFalsePositives} new false positives, ${d.fixedFalsePositives} fixed; ${d.lostDetections} lost detections, ${d.gainedDetections} gained` });
    const nFail = cases.filter((c) => c.failure).length;
    tests += cases.length;
    failures += nFail;
    const body = cases
      .map((c) => `    <testcase classname="corpus.pl${l.level}" name="${xmlEscape(c.name)}">` +
        (c.failure ? `\n      <failure message="${xmlEscape(c.failure)}" type="threshold">${xmlEscape(c.failure)}</failure>` : '') +
        `\n      <system-out>${xmlEscape(c.out)}</system-out>\n    </testcase>`)
      .join('\n');
    suites.push(`  <testsuite name="corpus PL${l.level}" tests="${cases.length}" failures="${nFail}" errors="0" skipped="0" time="${(report.durationMs / 1000).toFixed(3)}">\n${body}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="waf corpus" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>`;
}
