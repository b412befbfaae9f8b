/**
 * False-positive rates on benign corpora. Natural-language text, the non-attack strings of the
 * Big List of Naughty Strings and browser User-Agents must never be flagged; code samples
 * (highlight.js) legitimately contain HTML and are reported for information only.
 */
import { describe, expect, it } from 'vitest';
import { hasShared } from '../../../core/testing.ts';
import { detectXSS } from './index.ts';
import { blnsBenign, codeSamples, udhrParagraphs, userAgents } from './testdata/load.ts';

function flagged(values: string[], name: string): string[] {
  const hits = values.filter((v) => detectXSS(v));
  const rate = values.length === 0 ? 0 : (100 * hits.length) / values.length;
  console.log(`detectXSS false positives, ${name}: ${hits.length}/${values.length} (${rate.toFixed(3)}%)`);
  return hits;
}

describe.skipIf(!hasShared('corpora', 'udhr'))('benign corpus: UDHR paragraphs', () => {
  it('flags no paragraph', () => {
    const values = udhrParagraphs();
    expect(values.length).toBeGreaterThan(40_000);
    expect(flagged(values, 'udhr')).toEqual([]);
  });
});

describe.skipIf(!hasShared('corpora', 'blns'))('benign corpus: blns non-attack categories', () => {
  it('flags no string', () => {
    const values = blnsBenign();
    expect(values.length).toBeGreaterThan(200);
    expect(flagged(values, 'blns benign')).toEqual([]);
  });
});

describe.skipIf(!hasShared('corpora', 'top-user-agents'))('benign corpus: top User-Agents', () => {
  it('flags no User-Agent', () => {
    const values = userAgents();
    expect(values.length).toBeGreaterThan(100);
    expect(flagged(values, 'user agents')).toEqual([]);
  });
});

describe.skipIf(!hasShared('corpora', 'highlightjs-code-samples'))('code samples (information)', () => {
  it('reports the rate on whole samples and on single lines', () => {
    const { files, lines } = codeSamples();
    expect(files.length).toBeGreaterThan(150);
    const fileHits = flagged(files, 'highlight.js samples (whole file)');
    const lineHits = flagged(lines, 'highlight.js samples (per line)');
    // Only HTML/XML-bearing snippets should be flagged: a few percent at most.
    expect(fileHits.length / files.length).toBeLessThan(0.1);
    expect(lineHits.length / lines.length).toBeLessThan(0.01);
  });
});
