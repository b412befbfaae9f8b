/**
 * The playground's trace: the same report as the terminal view, as an HTML fragment with one
 * collapsible <details> per rule (open for matches and for the rule asked about). Rendered on
 * the server so that the page's script stays a few lines and this code is typed and tested.
 * Every piece of request or rule text goes through `esc`: the trace shows attack payloads.
 */
import type { ExplainReport, LinkTrace, RuleTrace, ValueTrace } from './model.ts';
import { skipText } from './summary.ts';

const MAX_VALUE = 2000;

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Byte strings with control bytes made visible, cut when very long. */
function val(s: string): string {
  const shown = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"');
  return esc(shown.length > MAX_VALUE ? `${shown.slice(0, MAX_VALUE - 1)}…` : shown);
}

export interface HtmlOptions {
  /** The rules file the editor holds: locations in it become links to the line. */
  readonly editorPath?: string;
}

export function renderHtml(r: ExplainReport, opts: HtmlOptions = {}): string {
  const out: string[] = [];
  const it = r.interruption;
  out.push(
    `<p class="verdict ${it ? 'blocked' : 'passed'}">${esc(`${r.request.method} ${r.request.uri}`)} → ` +
      (it ? `<b>${it.status}</b> by rule <b>${it.ruleId}</b> (${esc(it.action)}, phase ${it.phase})` : '<b>not interrupted</b>') +
      '</p>',
  );
  for (let i = 0; i < r.rules.length; i++) {
    const rule = r.rules[i];
    if (rule.outcome === 'skipped' && r.focus === undefined) {
      let j = i;
      while (j + 1 < r.rules.length && r.rules[j + 1].outcome === 'skipped' && r.rules[j + 1].skip?.byRuleId === rule.skip?.byRuleId && r.rules[j + 1].phase === rule.phase) j++;
      const ids = r.rules.slice(i, j + 1).map((x) => x.id);
      out.push(`<details class="rule skipped"><summary><span class="badge">skipped</span> ${ids.length} rule${ids.length === 1 ? '' : 's'}: ${esc(rule.skip ? skipText(rule.skip) : '')}</summary><p class="ids">${ids.join(' ')}</p></details>`);
      i = j;
      continue;
    }
    out.push(ruleHtml(rule, r.focus === rule.id, opts));
  }
  out.push(scoresHtml(r));
  return out.join('\n');
}

function ruleHtml(rule: RuleTrace, focused: boolean, opts: HtmlOptions): string {
  const open = focused || rule.outcome === 'matched' && rule.msg !== undefined;
  const loc = rule.file
    ? rule.file === opts.editorPath
      ? `<a class="loc" href="#" data-line="${rule.line}">line ${rule.line}</a>`
      : `<span class="loc">${esc(rule.file)}:${rule.line}</span>`
    : '';
  const head = `<summary><span class="badge">${esc(rule.outcome)}</span> <b>${rule.id}</b> <span class="phase">phase ${rule.phase}</span> ${rule.msg ? esc(rule.msg) : ''} ${loc}</summary>`;
  const body: string[] = [`<p class="why">${esc(rule.summary)}</p>`];
  if (rule.logdata) body.push(`<p class="logdata">logdata: <code>${val(rule.logdata)}</code></p>`);
  for (const l of rule.links) body.push(linkHtml(l));
  if (rule.setvars.length > 0) {
    body.push('<ul class="setvars">' + rule.setvars.map((s) => `<li>setvar <code>${esc(s.variable)}</code>: ${val(s.before ?? '(unset)')} → <b>${val(s.after ?? '(unset)')}</b></li>`).join('') + '</ul>');
  }
  if (rule.actions.length > 0) body.push('<ul class="actions">' + rule.actions.map((a) => `<li>${esc(a)}</li>`).join('') + '</ul>');
  return `<details class="rule ${esc(rule.outcome)}" data-rule="${rule.id}"${open ? ' open' : ''}>${head}${body.join('')}</details>`;
}

function linkHtml(l: LinkTrace): string {
  if (l.operator === 'SecAction') return '';
  const ts = l.transformations.map((t) => `t:${t}`).join(',');
  const head = `<p class="link">${l.depth === 0 ? 'rule' : `chain link ${l.depth + 1}`}: <code>${esc(l.targets)}</code> <code>${esc(l.operator)}</code> ${ts ? `<code class="t">${esc(ts)}</code>` : ''} → <b>${l.matched}</b></p>`;
  if (l.values.length === 0) return `${head}<p class="none">no values</p>`;
  return head + '<table class="values">' + l.values.map(valueHtml).join('') + '</table>';
}

function valueHtml(v: ValueTrace): string {
  const markAt = v.matchedStep ?? v.steps.length - 1;
  const rows = [`<tr><th>raw</th><td>${markAt === -1 && v.span ? marked(v.raw, v.span) : val(v.raw)}</td></tr>`];
  v.steps.forEach((s, k) => {
    rows.push(`<tr><th>${esc(s.name)}</th><td>${k === markAt && v.span ? marked(s.value, v.span) : val(s.value)}</td></tr>`);
  });
  return `<tbody class="${v.matched ? 'hit' : 'miss'}"><tr class="var"><td colspan="2">${v.matched ? '●' : '○'} <b>${esc(v.variable)}</b> — ${esc(v.why)}</td></tr>${rows.join('')}</tbody>`;
}

function marked(s: string, [a, b]: readonly [number, number]): string {
  return `${val(s.slice(0, a))}<mark>${val(s.slice(a, b))}</mark>${val(s.slice(b))}`;
}

function scoresHtml(r: ExplainReport): string {
  if (r.scores.length === 0) return '';
  const rows = r.scores.map((s) => `<tr><td>${s.ruleId}</td><td><code>${esc(s.variable)}</code></td><td>${s.before} → <b>${s.after}</b></td></tr>`);
  return `<details class="scores" open><summary>anomaly score</summary><table>${rows.join('')}</table></details>`;
}
