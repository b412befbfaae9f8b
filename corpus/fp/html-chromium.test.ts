/**
 * Opens the HTML report in headless Chromium and checks that the charts really render: the SVG
 * bars have a size on the page and the screenshot is not a blank page.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { inCI } from '../../core/testing.ts';
import { formatCorpusReport } from './format.ts';
import { evaluateGate } from './gate.ts';
import { tinyRun } from './testkit.ts';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (inCI) throw new Error(`${CHROMIUM} is missing in CI (.ci/run installs Debian's chromium)`);
  console.warn(`skipping the HTML report browser test: ${CHROMIUM} is not installed`);
}

/** Distinct colours in an 8-bit RGB(A) PNG, enough to tell a chart from a blank page. */
function pngColours(png: Buffer): number {
  let pos = 8;
  let width = 0, height = 0, channels = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = data[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const colours = new Set<number>();
  const prev = Buffer.alloc(stride);
  const line = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    raw.copy(line, 0, y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const p = a + b - c;
      const pred = filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? (Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c) : 0;
      line[i] = (line[i]! + pred) & 0xff;
    }
    for (let x = 0; x < width; x += 3) colours.add(line.readUIntBE(x * channels, 3));
    line.copy(prev);
  }
  return colours.size;
}

describe.runIf(haveChromium)('HTML report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waf-corpus-html-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the rate and rule charts', async () => {
    const { report } = await tinyRun();
    const file = join(dir, 'report.html');
    writeFileSync(file, formatCorpusReport('html', report, evaluateGate(report, {})));
    // launch() gives every browser a fresh temporary profile (user-data dir) of its own.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
      const external: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith('file:')) external.push(r.url()); });
      await page.goto(pathToFileURL(file).href);
      const charts = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => { const r = s.getBoundingClientRect(); return [r.width, r.height]; }));
      expect(charts.length).toBeGreaterThanOrEqual(4);
      for (const [w, h] of charts) expect(w! * h!).toBeGreaterThan(0);
      const bars = await page.$$eval('svg.chart rect.bar', (rects) => rects.map((r) => { const b = r.getBoundingClientRect(); return [b.width, b.height, getComputedStyle(r).fill]; }));
      // Two rates per level, one bar per class and level, one per responsible rule and level.
      expect(bars.length).toBeGreaterThanOrEqual(2 * 2 + 2 * 2 + 3);
      expect(bars.every(([w, h]) => (w as number) > 0 && (h as number) > 0)).toBe(true);
      expect(new Set(bars.map((b) => b[2]))).toContain('rgb(217, 83, 79)');
      const png = await page.screenshot({ path: join(dir, 'report.png'), fullPage: false });
      expect(pngColours(png)).toBeGreaterThan(8);
      expect(external).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
