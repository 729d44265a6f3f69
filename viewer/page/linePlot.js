// @ts-check
/**
 * A small time plot on a 2D canvas: a y axis (ticks, labels, the series' unit written along it),
 * a time axis (ticks in seconds since the recording's start, "t (s)"), light grid lines, a zero
 * line when the range spans zero, one polyline per series over [t0, t1], what lies after the
 * play head faded, and the play-head cursor. The title and the legend are HTML beside the
 * canvas (plots.js), so they wrap instead of being cut.
 * The y range is fitted to the data of the window (with a floor so a flat signal is not blown up).
 */
import { drawCursor, drawTimeAxis, niceTicks, tickLabel, veilFuture } from './axes.js';

/**
 * @typedef {{ label: string, color: string, dash?: number[], times: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number }} PlotSeries
 *   a series' points are indices [from, to) of times/values
 */

/**
 * What a plot drew, for the test API: the plot area (CSS pixels in the canvas), the window
 * (seconds since the recording's start), the ticks of both axes, the units, and the cursor.
 * @typedef {{
 *   box: {x: number, y: number, w: number, h: number},
 *   window: {t0: number, t1: number},
 *   xUnit: string, yUnit: string,
 *   xTicks: {value: number, label: string, x: number}[],
 *   yTicks: {value: number, label: string, y: number}[],
 *   cursor: {t: number, x: number | null},
 * }} PlotLayout
 */

/** Space around the plot area: left holds the unit and the y labels, bottom the time labels. */
export const MARGIN = { left: 48, right: 8, top: 6, bottom: 17 };

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {{x: number, y: number, w: number, h: number}} outer
 * @param {{t0: number, t1: number, t: number, origin: number, unit: string, minSpan?: number, series: PlotSeries[]}} p
 *   t: the play head; origin: the recording's start (time labels count from it)
 * @returns {PlotLayout}
 */
export function drawPlot(ctx, outer, p) {
  const box = { x: outer.x + MARGIN.left, y: outer.y + MARGIN.top, w: outer.w - MARGIN.left - MARGIN.right, h: outer.h - MARGIN.top - MARGIN.bottom };
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of p.series) {
    for (let i = s.from; i < s.to; i++) {
      const v = s.values[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (!(hi >= lo)) {
    lo = 0;
    hi = 1;
  }
  const minSpan = p.minSpan ?? 1e-3;
  if (hi - lo < minSpan) {
    const mid = (hi + lo) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const pad = 0.08 * (hi - lo);
  lo -= pad;
  hi += pad;
  const X = (t) => box.x + ((t - p.t0) / (p.t1 - p.t0)) * box.w;
  const Y = (v) => box.y + box.h - ((v - lo) / (hi - lo)) * box.h;

  // y grid and tick labels
  const ticks = niceTicks(lo, hi, Math.max(2, Math.floor(box.h / 20)));
  const yTicks = ticks.values.map((v) => ({ value: v, label: tickLabel(v, ticks.step), y: Y(v) }));
  ctx.save();
  ctx.lineWidth = 1;
  for (const tk of yTicks) {
    ctx.strokeStyle = tk.value === 0 ? '#b0b9c3' : '#eef1f4';
    ctx.beginPath();
    ctx.moveTo(box.x, Math.round(tk.y) + 0.5);
    ctx.lineTo(box.x + box.w, Math.round(tk.y) + 0.5);
    ctx.stroke();
  }
  const xTicks = drawTimeAxis(ctx, box, { t0: p.t0, t1: p.t1, origin: p.origin, left: outer.x + 2 });
  ctx.fillStyle = '#44505c';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const room = MARGIN.left - 18;
  ctx.font = '10px system-ui, sans-serif';
  const widest = Math.max(0, ...yTicks.map((tk) => ctx.measureText(tk.label).width));
  if (widest > room) ctx.font = `${Math.max(6, Math.floor((10 * room) / widest))}px system-ui, sans-serif`;
  for (const tk of yTicks) ctx.fillText(tk.label, box.x - 4, Math.min(Math.max(tk.y, box.y + 4), box.y + box.h - 4));
  // The unit, along the y axis.
  ctx.translate(outer.x + 7, box.y + box.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillStyle = '#6b7682';
  ctx.font = '10px system-ui, sans-serif';
  const uw = ctx.measureText(p.unit).width;
  if (uw > box.h + MARGIN.bottom) ctx.font = `${Math.max(6, Math.floor((10 * (box.h + MARGIN.bottom)) / uw))}px system-ui, sans-serif`;
  ctx.fillText(p.unit, 0, 0);
  ctx.restore();

  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.w, box.h);
  ctx.clip();
  for (const s of p.series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(s.dash ?? []);
    ctx.beginPath();
    let pen = false;
    for (let i = s.from; i < s.to; i++) {
      const v = s.values[i];
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      const x = X(s.times[i]);
      const y = Y(v);
      if (pen) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      pen = true;
    }
    ctx.stroke();
  }
  ctx.restore();
  const inWindow = p.t >= p.t0 && p.t <= p.t1;
  veilFuture(ctx, box, inWindow ? X(p.t) : null);
  ctx.save();
  ctx.strokeStyle = '#c5ccd4';
  ctx.lineWidth = 1;
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w - 1, box.h - 1);
  ctx.restore();
  const cursorX = drawCursor(ctx, box, p.t0, p.t1, p.t);
  return {
    box,
    window: { t0: p.t0 - p.origin, t1: p.t1 - p.origin },
    xUnit: 's',
    yUnit: p.unit,
    xTicks,
    yTicks,
    cursor: { t: p.t - p.origin, x: cursorX },
  };
}
