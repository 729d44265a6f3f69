/**
 * A spike raster as inline SVG: one short vertical tick per spike (time on x, neuron on y),
 * populations stacked bottom to top in network order with their names. At most `maxSpikes`
 * are drawn: the earliest ones, and the time axis then ends at the last spike drawn (the
 * caption says so) rather than thinning spikes out, which would fake lower rates. The root
 * element carries `data-spikes-drawn` and `data-spikes-total`.
 */
import type { RecordedSpikes } from '../experiment/episodeJob.js';
import { escapeXml } from './escapeXml.js';
import { niceTicks, tickLabel } from './niceTicks.js';

export interface RasterOptions {
  readonly title: string;
  readonly maxSpikes: number;
  /** @default 680 */
  readonly width?: number;
  /** @default 300 */
  readonly height?: number;
}

const PAD = { left: 90, right: 16, top: 30, bottom: 44 } as const;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'] as const;
const r2 = (v: number) => Math.round(v * 100) / 100;

/** Step of the `maxSpikes`-th earliest spike over all populations (Infinity when all fit). */
function cutoffStep(s: RecordedSpikes, maxSpikes: number): number {
  let total = 0;
  for (const p of s.populations) total += p.steps.length;
  if (total <= maxSpikes) return Infinity;
  // Spikes per step, then the step at which the running count passes the cap.
  const perStep = new Int32Array(s.steps + 1);
  for (const p of s.populations) for (const t of p.steps) perStep[Math.min(t, s.steps)]++;
  let n = 0;
  for (let t = 0; t < perStep.length; t++) {
    n += perStep[t];
    if (n > maxSpikes) return t; // steps < t fit
  }
  return Infinity;
}

export function svgRaster(s: RecordedSpikes, o: RasterOptions): string {
  const W = o.width ?? 680;
  const H = o.height ?? 300;
  const pw = W - PAD.left - PAD.right;
  const ph = H - PAD.top - PAD.bottom;
  const neurons = s.populations.reduce((a, p) => a + p.size, 0);
  const cut = cutoffStep(s, o.maxSpikes);
  const endStep = Number.isFinite(cut) ? Math.max(1, cut) : Math.max(1, s.steps);
  const t1 = endStep * s.dt_ms;
  const sx = (ms: number) => r2(PAD.left + (ms / t1) * pw);
  const rowH = ph / Math.max(1, neurons);
  const tick = Math.max(1, Math.min(rowH * 0.8, 6));
  let total = 0;
  let drawn = 0;
  const parts: string[] = [];
  const body: string[] = [];
  let base = 0;
  s.populations.forEach((p, k) => {
    total += p.steps.length + p.dropped;
    const color = COLORS[k % COLORS.length]!;
    let d = '';
    for (let i = 0; i < p.steps.length; i++) {
      if (p.steps[i] >= cut) continue;
      const y = r2(PAD.top + ph - (base + p.neurons[i] + 0.5) * rowH);
      d += `M${sx(p.steps[i] * s.dt_ms)} ${r2(y - tick / 2)}v${r2(tick)}`;
      drawn++;
    }
    body.push(`<path class="spikes" data-population="${escapeXml(p.name)}" d="${d}" stroke="${color}" stroke-width="1"/>`);
    const yMid = PAD.top + ph - (base + p.size / 2) * rowH;
    body.push(`<text class="pop" x="${PAD.left - 6}" y="${r2(yMid + 4)}" text-anchor="end" fill="${color}">${escapeXml(p.name)}</text>`);
    base += p.size;
    if (k < s.populations.length - 1) body.push(`<line class="sep" stroke="#ccc" stroke-dasharray="3 3" x1="${PAD.left}" x2="${PAD.left + pw}" y1="${r2(PAD.top + ph - base * rowH)}" y2="${r2(PAD.top + ph - base * rowH)}"/>`);
  });
  const caption = drawn < total ? `${o.title} — first ${tickLabel(t1 / 1000)} s (${drawn} of ${total} spikes)` : `${o.title} — ${total} spikes`;
  parts.push(`<svg class="raster" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(caption)}" data-spikes-drawn="${drawn}" data-spikes-total="${total}">`);
  parts.push(`<text class="title" x="${PAD.left}" y="18">${escapeXml(caption)}</text>`);
  parts.push(`<rect class="plot" fill="#fafafa" stroke="#bbb" x="${PAD.left}" y="${PAD.top}" width="${pw}" height="${ph}"/>`);
  for (const t of niceTicks(0, t1 / 1000, 8)) parts.push(`<text class="tick" x="${sx(t * 1000)}" y="${PAD.top + ph + 16}" text-anchor="middle">${escapeXml(tickLabel(t))}</text>`);
  parts.push(`<text class="label" x="${PAD.left + pw / 2}" y="${H - 8}" text-anchor="middle">time in the episode (s)</text>`);
  parts.push(...body);
  parts.push('</svg>');
  return parts.join('');
}
