/**
 * A line chart as inline SVG (no scripts, no external resources). Each series is one
 * `<g class="series" data-series="name" data-points="n">` element: a polyline path (NaN breaks
 * it) or a marker per point, so tests and readers can check what was drawn.
 */
import { escapeXml } from './escapeXml.js';
import { niceTicks, tickLabel } from './niceTicks.js';

export interface ChartSeries {
  readonly name: string;
  readonly xs: ArrayLike<number>;
  readonly ys: ArrayLike<number>;
  /** CSS colour. */
  readonly color: string;
  readonly style: 'line' | 'points';
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** @default 680 */
  readonly width?: number;
  /** @default 280 */
  readonly height?: number;
  /** Fixed y range (e.g. [0, 1] for rates); by default the data's. */
  readonly yRange?: readonly [number, number];
}

const PAD = { left: 64, right: 16, top: 44, bottom: 46 } as const;

function extent(arrays: ReadonlyArray<ArrayLike<number>>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (!(lo <= hi)) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

/** The data's extent with a margin of 4 % on each side (markers are not cut at the frame). */
function padded([lo, hi]: [number, number]): [number, number] {
  const m = 0.04 * (hi - lo);
  return [lo - m, hi + m];
}

const r2 = (v: number) => Math.round(v * 100) / 100;

export function svgLineChart(series: readonly ChartSeries[], o: LineChartOptions): string {
  const W = o.width ?? 680;
  const H = o.height ?? 280;
  const [x0, x1] = padded(extent(series.map((s) => s.xs)));
  const [y0, y1] = padded(o.yRange ? [o.yRange[0], o.yRange[1]] : extent(series.map((s) => s.ys)));
  const pw = W - PAD.left - PAD.right;
  const ph = H - PAD.top - PAD.bottom;
  const sx = (x: number) => r2(PAD.left + ((x - x0) / (x1 - x0)) * pw);
  const sy = (y: number) => r2(PAD.top + ph - ((y - y0) / (y1 - y0)) * ph);
  const parts: string[] = [];
  parts.push(`<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(o.title)}">`);
  parts.push(`<text class="title" x="${PAD.left}" y="16">${escapeXml(o.title)}</text>`);
  parts.push(`<rect class="plot" fill="#fafafa" stroke="#bbb" x="${PAD.left}" y="${PAD.top}" width="${pw}" height="${ph}"/>`);
  for (const t of niceTicks(x0, x1, 8)) {
    parts.push(`<line class="grid" stroke="#e6e6e6" x1="${sx(t)}" x2="${sx(t)}" y1="${PAD.top}" y2="${PAD.top + ph}"/><text class="tick" x="${sx(t)}" y="${PAD.top + ph + 16}" text-anchor="middle">${escapeXml(tickLabel(t))}</text>`);
  }
  for (const t of niceTicks(y0, y1, 5)) {
    parts.push(`<line class="grid" stroke="#e6e6e6" x1="${PAD.left}" x2="${PAD.left + pw}" y1="${sy(t)}" y2="${sy(t)}"/><text class="tick" x="${PAD.left - 6}" y="${sy(t) + 4}" text-anchor="end">${escapeXml(tickLabel(t))}</text>`);
  }
  parts.push(`<text class="label" x="${PAD.left + pw / 2}" y="${H - 8}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`);
  parts.push(`<text class="label" transform="translate(14 ${PAD.top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(o.yLabel)}</text>`);
  series.forEach((s, k) => {
    const n = Math.min(s.xs.length, s.ys.length);
    let drawn = 0;
    let body = '';
    if (s.style === 'line') {
      let d = '';
      let pen = false;
      for (let i = 0; i < n; i++) {
        const x = s.xs[i];
        const y = s.ys[i];
        if (!(Number.isFinite(x) && Number.isFinite(y))) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${sx(x)} ${sy(y)}`;
        pen = true;
        drawn++;
      }
      body = `<path d="${d}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="1.5"/>`;
    } else {
      for (let i = 0; i < n; i++) {
        const x = s.xs[i];
        const y = s.ys[i];
        if (!(Number.isFinite(x) && Number.isFinite(y))) continue;
        body += `<circle cx="${sx(x)}" cy="${sy(y)}" r="3" fill="${escapeXml(s.color)}"/>`;
        drawn++;
      }
    }
    parts.push(`<g class="series" data-series="${escapeXml(s.name)}" data-points="${drawn}">${body}</g>`);
    const lx = PAD.left + k * 230;
    parts.push(`<g class="legend"><rect x="${lx}" y="${PAD.top - 16}" width="10" height="10" fill="${escapeXml(s.color)}"/><text x="${lx + 14}" y="${PAD.top - 7}">${escapeXml(s.name)}</text></g>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
