/**
 * Small SVG charts, drawn here so the HTML report is one file with no scripts or assets.
 * Bars are <rect class="bar"> with a <title>, so a browser shows the exact value on hover.
 */

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly values: readonly number[];
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const f = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Vertical grouped bars: one group per category, one bar per series; values are 0..1 rates. */
export function groupedBarChart(title: string, categories: readonly string[], series: readonly Series[]): string {
  // Many categories: wider chart, slanted labels, so that no label overlaps the next.
  const slant = categories.length > 6;
  const labelRoom = slant ? Math.min(120, 8 + 6 * Math.max(...categories.map((c) => c.length))) : 40;
  const left = slant ? Math.max(48, Math.round(labelRoom * 0.85)) : 48, top = 46, right = 10, bottom = labelRoom;
  const w = Math.max(560, left + right + categories.length * Math.max(1, series.length) * 9 + categories.length * 6);
  const h = 230 + bottom;
  const plotW = w - left - right, plotH = h - top - bottom;
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, series.length));
  const parts: string[] = [`<text x="${w / 2}" y="18" text-anchor="middle" class="title">${esc(title)}</text>`];
  for (let t = 0; t <= 4; t++) {
    const y = top + plotH - (plotH * t) / 4;
    parts.push(`<line x1="${left}" x2="${w - right}" y1="${f(y)}" y2="${f(y)}" class="grid"/><text x="${left - 6}" y="${f(y + 4)}" text-anchor="end">${t * 25}%</text>`);
  }
  categories.forEach((c, ci) => {
    const gx = left + ci * groupW + groupW * 0.1;
    series.forEach((s, si) => {
      const v = Math.max(0, Math.min(1, s.values[ci] ?? 0));
      // A zero rate still gets a 1px bar, so that it reads as measured and not as missing.
      const bh = Math.max(1, v * plotH);
      const x = gx + si * barW;
      parts.push(`<rect class="bar" x="${f(x)}" y="${f(top + plotH - bh)}" width="${f(barW - 1)}" height="${f(bh)}" fill="${s.color}"><title>${esc(`${s.name} ${c}: ${(v * 100).toFixed(2)}%`)}</title></rect>`);
    });
    const lx = f(gx + (barW * series.length) / 2);
    const ly = h - bottom + 16;
    parts.push(slant
      ? `<text x="${lx}" y="${ly}" text-anchor="end" transform="rotate(-35 ${lx} ${ly})">${esc(c)}</text>`
      : `<text x="${lx}" y="${ly}" text-anchor="middle">${esc(c)}</text>`);
  });
  series.forEach((s, si) => {
    const x = left + si * 150;
    parts.push(`<rect x="${x}" y="26" width="10" height="10" fill="${s.color}"/><text x="${x + 14}" y="35">${esc(s.name)}</text>`);
  });
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>`;
}

/** Horizontal bars for labelled counts (rules by false positives). */
export function horizontalBarChart(title: string, rows: ReadonlyArray<{ label: string; value: number; tip?: string }>, color: string): string {
  const rowH = 18, left = 80, right = 60, top = 28, w = 560;
  const h = top + Math.max(1, rows.length) * rowH + 10;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const plotW = w - left - right;
  const parts: string[] = [`<text x="${w / 2}" y="18" text-anchor="middle" class="title">${esc(title)}</text>`];
  if (rows.length === 0) parts.push(`<text x="${left}" y="${top + 12}">none</text>`);
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const bw = Math.max(1, (r.value / max) * plotW);
    parts.push(
      `<text x="${left - 6}" y="${y + 13}" text-anchor="end">${esc(r.label)}</text>` +
        `<rect class="bar" x="${left}" y="${y + 2}" width="${f(bw)}" height="${rowH - 4}" fill="${color}"><title>${esc(r.tip ?? `${r.label}: ${r.value}`)}</title></rect>` +
        `<text x="${f(left + bw + 4)}" y="${y + 13}">${r.value}</text>`,
    );
  });
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>`;
}
