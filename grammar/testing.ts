/** Test helper: an AST with every span removed, for comparing trees that came from different text. */
export function withoutSpans<T>(node: T): unknown {
  if (Array.isArray(node)) return node.map(withoutSpans);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'span' || k === 'fileId' || k === 'path') continue;
      out[k] = withoutSpans(v);
    }
    return out;
  }
  return node;
}
