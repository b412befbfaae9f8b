/**
 * The part of Go's text/template (with sprig functions) that ftw test data uses. go-ftw runs
 * every `data:` through text/template before sending it (test/data.go), so CRS writes long bodies
 * as `{{ "1" | repeat 64200 }}`. We evaluate literals, pipelines and a few sprig functions; any
 * other action is reported instead of guessed, since a wrong body would make a test lie.
 */

export type TemplateResult = { ok: true; text: string } | { ok: false; error: string };

type Value = string | number;
type Fn = (args: Value[]) => Value;

const FUNCS: Record<string, Fn> = {
  // sprig: repeat COUNT STRING
  repeat: (a) => str(a[1]).repeat(num(a[0])),
  upper: (a) => str(a[0]).toUpperCase(),
  lower: (a) => str(a[0]).toLowerCase(),
  trim: (a) => str(a[0]).trim(),
  print: (a) => a.map(String).join(''),
  b64enc: (a) => Buffer.from(str(a[0]), 'latin1').toString('base64'),
  b64dec: (a) => Buffer.from(str(a[0]), 'base64').toString('latin1'),
};

function str(v: Value | undefined): string {
  if (typeof v !== 'string') throw new Error(`expected a string, got ${String(v)}`);
  return v;
}

function num(v: Value | undefined): number {
  if (typeof v !== 'number') throw new Error(`expected a number, got ${String(v)}`);
  return v;
}

/**
 * Evaluates `text`. Input and output are byte strings (one char per byte), so string literals
 * are taken byte for byte too.
 */
export function evalTemplate(text: string): TemplateResult {
  if (!text.includes('{{')) return { ok: true, text };
  let out = '';
  let pos = 0;
  try {
    while (pos < text.length) {
      const open = text.indexOf('{{', pos);
      if (open < 0) {
        out += text.slice(pos);
        break;
      }
      let lit = text.slice(pos, open);
      let start = open + 2;
      if (text[start] === '-' && /\s/.test(text[start + 1] ?? '')) {
        lit = lit.replace(/\s+$/, '');
        start++;
      }
      out += lit;
      const close = findClose(text, start);
      if (close < 0) return { ok: false, error: `unclosed action at offset ${open}` };
      let body = text.slice(start, close);
      let next = close + 2;
      if (/\s-$/.test(body)) {
        body = body.slice(0, -1);
        while (next < text.length && /\s/.test(text[next] ?? '')) next++;
      }
      out += evalAction(body.trim());
      pos = next;
    }
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  return { ok: true, text: out };
}

function findClose(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === '`') {
      const end = c === '`' ? text.indexOf('`', i + 1) : skipQuoted(text, i);
      if (end < 0) return -1;
      i = end + 1;
      continue;
    }
    if (c === '}' && text[i + 1] === '}') return i;
    i++;
  }
  return -1;
}

function skipQuoted(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

function evalAction(body: string): string {
  if (body.startsWith('/*') && body.endsWith('*/')) return '';
  let piped: Value | undefined;
  for (const command of splitPipeline(body)) {
    const words = tokenize(command);
    if (words.length === 0) throw new Error('empty command in pipeline');
    const [head, ...rest] = words;
    const args = rest.map(literal);
    if (piped !== undefined) args.push(piped);
    if (head !== undefined && FUNCS[head.text] && !head.quoted) piped = FUNCS[head.text]!(args);
    else if (head !== undefined && args.length === 0) piped = literal(head);
    else throw new Error(`unsupported template function '${head?.text}'`);
  }
  return piped === undefined ? '' : String(piped);
}

interface Word {
  text: string;
  quoted: boolean;
}

function splitPipeline(body: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"' || c === '`') {
      const end = c === '`' ? body.indexOf('`', i + 1) : skipQuoted(body, i);
      if (end < 0) throw new Error('unterminated string literal');
      cur += body.slice(i, end + 1);
      i = end;
    } else if (c === '|') {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function tokenize(command: string): Word[] {
  const words: Word[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|[^\s]+)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(command)) !== null) {
    const w = m[1]!;
    if (w.startsWith('"')) words.push({ text: unquoteGo(w), quoted: true });
    else if (w.startsWith('`')) words.push({ text: w.slice(1, -1), quoted: true });
    else words.push({ text: w, quoted: false });
  }
  return words;
}

function literal(w: Word): Value {
  if (w.quoted) return w.text;
  if (/^-?\d+$/.test(w.text)) return Number(w.text);
  throw new Error(`unsupported template argument '${w.text}'`);
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Go interpreted string literal; \x escapes give single bytes, as in Go. */
function unquoteGo(q: string): string {
  return q.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    const v = ESCAPES[e];
    if (v === undefined) throw new Error(`unknown escape \\${e}`);
    return v;
  });
}
