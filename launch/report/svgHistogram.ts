/**
 * A histogram as inline SVG: one `<rect class="bar" data-count="c" data-low="a" data-high="b">`
 * per bin, so what was drawn can be read back (the counts sum to the values binned).
 */
import { escapeXml } from './escapeXml.js';
import type { Histogram } from './histogram.js';
import { niceTicks, tickLabel } from './niceTicks.js';

export interface HistogramChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly color: string;
  /** Same y scale across charts to compare them. @default the largest count */
  readonly maxCount?: number;
  /** @default 330 */
  readonly width?: number;
  /** @default 220 */
  readonly height?: number;
}

const PAD = { left: 48, right: 12, top: 30, bottom: 42 } as const;
const r2 = (v: number) => Math.round(v * 100) / 100;

export function svgHistogram(h: Histogram, o: HistogramChartOptions): string {
  const W = o.width ?? 330;
  const H = o.height ?? 220;
  const pw = W - PAD.left - PAD.right;
  const ph = H - PAD.top - PAD.bottom;
  const bins = h.counts.length;
  const lo = h.edges[0]!;
  const hi = h.edges[bins]!;
  let top = o.maxCount ?? 0;
  for (const c of h.counts) if (c > top) top = c;
  if (top === 0) top = 1;
  const sx = (x: number) => r2(PAD.left + ((x - lo) / (hi - lo)) * pw);
  const sy = (c: number) => r2(PAD.top + ph - (c / top) * ph);
  let total = 0;
  for (const c of h.counts) total += c;
  const parts: string[] = [];
  parts.push(`<svg class="histogram" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(o.title)}" data-total="${total}" data-outside="${h.outside}">`);
  parts.push(`<text class="title" x="${PAD.left}" y="18">${escapeXml(o.title)}</text>`);
  parts.push(`<rect class="plot" fill="#fafafa" stroke="#bbb" x="${PAD.left}" y="${PAD.top}" width="${pw}" height="${ph}"/>`);
  for (let i = 0; i < bins; i++) {
    const c = h.counts[i]!;
    const x = sx(h.edges[i]!);
    const w = r2(sx(h.edges[i + 1]!) - x);
    parts.push(`<rect class="bar" x="${x}" y="${sy(c)}" width="${w}" height="${r2(PAD.top + ph - sy(c))}" fill="${escapeXml(o.color)}" data-count="${c}" data-low="${h.edges[i]}" data-high="${h.edges[i + 1]}"/>`);
  }
  for (const t of niceTicks(lo, hi, 5)) parts.push(`<text class="tick" x="${sx(t)}" y="${PAD.top + ph + 15}" text-anchor="middle">${escapeXml(tickLabel(t))}</text>`);
  for (const t of niceTicks(0, top, 4)) parts.push(`<text class="tick" x="${PAD.left - 5}" y="${sy(t) + 4}" text-anchor="end">${escapeXml(tickLabel(t))}</text>`);
  parts.push(`<text class="label" x="${PAD.left + pw / 2}" y="${H - 6}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
