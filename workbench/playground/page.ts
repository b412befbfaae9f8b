/**
 * The playground page: plain HTML, CSS and a small inline script, no build step and no external
 * asset, so it works offline and there is no front-end toolchain to keep. The script only posts
 * the editors to /api/explain, inserts the server-rendered trace and marks lint findings at
 * their lines; everything that needs types and tests lives in TypeScript on the server.
 */
import { esc } from '../render-html.ts';

export interface PageState {
  readonly rules: string;
  readonly request: string;
  readonly pl: number;
  /** Where the rules came from, for the title. */
  readonly source: string;
}

export const DEFAULT_REQUEST = `GET /?id=1'%20OR%20'1'='1 HTTP/1.1
Host: localhost
User-Agent: curl/8.5.0
Accept: */*
`;

/** JSON inside <script>: `<` escaped so that rule text cannot close the element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export function pageHtml(s: PageState): string {
  const options = [1, 2, 3, 4].map((n) => `<option value="${n}"${n === s.pl ? ' selected' : ''}>PL${n}</option>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>waf playground</title>
<style>${STYLE}</style></head>
<body>
<header><h1>waf playground</h1><span class="src">${esc(s.source)}</span>
<label>paranoia <select id="pl">${options}</select></label>
<label>rule <input id="rule" size="8" placeholder="any"></label>
<button id="run" title="Ctrl+Enter">Explain</button><span id="status"></span></header>
<main>
<section class="editors">
<h2>rules</h2>
<div class="editor"><pre id="gutter" aria-hidden="true"></pre><textarea id="rules" spellcheck="false" wrap="off"></textarea></div>
<ul id="diagnostics"></ul>
<h2>request (raw HTTP)</h2>
<textarea id="request" spellcheck="false" wrap="off"></textarea>
</section>
<section class="output"><h2>trace</h2><div id="trace"><p class="hint">Press Explain (Ctrl+Enter).</p></div></section>
</main>
<script>const INITIAL = ${scriptJson({ rules: s.rules, request: s.request })};
${SCRIPT}</script>
</body></html>`;
}

const STYLE = `
body{margin:0;font:14px system-ui,sans-serif;color:#1d1d1f;background:#fafafa}
header{display:flex;gap:1em;align-items:center;padding:.5em 1em;background:#23272e;color:#eee}
header h1{font-size:1.1em;margin:0}.src{opacity:.7;font-family:monospace}
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1em;padding:1em}
h2{font-size:1em;margin:.2em 0}
.editor{display:flex;height:55vh;border:1px solid #bbb;background:#fff}
#gutter{margin:0;padding:4px 6px;background:#f0f0f0;color:#888;text-align:right;overflow:hidden;user-select:none}
#gutter,textarea{font:12px/16px ui-monospace,monospace}
#rules{flex:1;border:0;padding:4px;resize:none;white-space:pre;outline:none}
#request{width:100%;height:18vh;box-sizing:border-box}
#gutter .error{background:#f8c4c4;color:#900}#gutter .warning{background:#f7e3b5;color:#850}#gutter .info{background:#d5e8f7}
#diagnostics{margin:.3em 0;padding:0;list-style:none;max-height:12vh;overflow:auto;font-family:monospace;font-size:12px}
#diagnostics li{cursor:pointer}#diagnostics .error{color:#b00}#diagnostics .warning{color:#a60}
.output{overflow:auto;max-height:88vh}
.verdict{font-size:1.1em;padding:.4em;border-radius:4px}.blocked{background:#fde2e2}.passed{background:#e2f5e2}
details.rule{border-left:4px solid #ccc;margin:.2em 0;padding:.1em .5em;background:#fff}
details.matched{border-color:#d33}details.skipped{border-color:#e0a800}details.removed{border-color:#a3a}
.badge{font-size:.8em;padding:0 .4em;border-radius:3px;background:#eee}.matched>summary .badge{background:#d33;color:#fff}
.phase,.loc{color:#777;font-size:.85em}.why{margin:.3em 0;font-style:italic}
table.values{border-collapse:collapse;font:12px ui-monospace,monospace;margin:.2em 0 .5em}
table.values th{text-align:right;color:#666;font-weight:normal;padding-right:1em;vertical-align:top}
table.values td{white-space:pre-wrap;word-break:break-all}.hit .var{color:#b00}.miss .var{color:#666}
mark{background:#ffd54f}code{font-size:12px}.ids{font-family:monospace;font-size:12px}
#status{margin-left:auto}.err{color:#ff8a8a}
`;

/** Plain browser JavaScript, kept small; no framework. */
const SCRIPT = `
const $ = (id) => document.getElementById(id);
const rules = $('rules'), gutter = $('gutter');
rules.value = INITIAL.rules; $('request').value = INITIAL.request;
let marks = new Map();
function paintGutter() {
  const n = rules.value.split('\\n').length;
  const out = [];
  for (let i = 1; i <= n; i++) {
    const m = marks.get(i);
    out.push(m ? '<span class="' + m.severity + '" title="' + m.title + '">' + i + '</span>' : String(i));
  }
  gutter.innerHTML = out.join('\\n');
  gutter.scrollTop = rules.scrollTop;
}
function escapeHtml(s) { return s.replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';'); }
function goToLine(line) {
  const lines = rules.value.split('\\n');
  let at = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
  rules.focus();
  rules.setSelectionRange(at, at + (lines[line - 1] || '').length);
  rules.scrollTop = Math.max(0, (line - 5) * 16);
}
function showDiagnostics(list) {
  marks = new Map();
  const ul = $('diagnostics');
  ul.innerHTML = '';
  for (const d of list) {
    if (d.line === undefined) continue;
    const prev = marks.get(d.line);
    const title = escapeHtml(d.severity + '[' + d.code + ']: ' + d.message);
    marks.set(d.line, { severity: prev && prev.severity === 'error' ? 'error' : d.severity, title: prev ? prev.title + '&#10;' + title : title });
    const li = document.createElement('li');
    li.className = d.severity;
    li.textContent = 'line ' + d.line + ':' + d.column + ' ' + d.severity + '[' + d.code + ']: ' + d.message;
    li.onclick = () => goToLine(d.line);
    ul.appendChild(li);
  }
  paintGutter();
}
async function run() {
  const status = $('status');
  status.textContent = 'running…'; status.className = '';
  try {
    const res = await fetch('/api/explain', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: rules.value, request: $('request').value, pl: Number($('pl').value), rule: $('rule').value.trim() || undefined }) });
    const body = await res.json();
    if (!res.ok) { status.textContent = body.error; status.className = 'err'; return; }
    $('trace').innerHTML = body.html;
    showDiagnostics(body.diagnostics);
    status.textContent = body.diagnostics.length + ' lint finding' + (body.diagnostics.length === 1 ? '' : 's');
  } catch (e) { status.textContent = String(e); status.className = 'err'; }
}
$('run').onclick = run;
document.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
rules.addEventListener('scroll', () => { gutter.scrollTop = rules.scrollTop; });
// Findings are stale once the text changes; repaint only when the line count does (CRS is ~30k lines).
let lineCount = 0;
rules.addEventListener('input', () => {
  const n = rules.value.split('\\n').length;
  if (n !== lineCount || marks.size > 0) { lineCount = n; marks = new Map(); paintGutter(); }
});
$('trace').addEventListener('click', (e) => {
  const a = e.target.closest('a[data-line]');
  if (a) { e.preventDefault(); goToLine(Number(a.dataset.line)); }
});
paintGutter();
`;
