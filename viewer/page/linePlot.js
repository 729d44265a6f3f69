// @ts-check
/**
 * A small time plot on a 2D canvas: a header row with the title and the legend, a frame, the y
 * range as two labels, a zero line when the range spans zero, and one polyline per series over
 * [t0, t1] (newest at the right edge).
 * The y range is fitted to the data shown (with a floor so a flat signal is not blown up).
 */

/**
 * @typedef {{ label: string, color: string, dash?: number[], times: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number }} PlotSeries
 *   a series' points are indices [from, to) of times/values
 */

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {{x: number, y: number, w: number, h: number}} box
 * @param {{t0: number, t1: number, title: string, unit: string, minSpan?: number, series: PlotSeries[]}} p
 */
export function drawPlot(ctx, outer, p) {
  const HEADER = 14;
  const box = { x: outer.x, y: outer.y + HEADER, w: outer.w, h: outer.h - HEADER };
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
  ctx.save();
  ctx.strokeStyle = '#c5ccd4';
  ctx.lineWidth = 1;
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w - 1, box.h - 1);
  if (lo < 0 && hi > 0) {
    ctx.beginPath();
    ctx.moveTo(box.x, Y(0));
    ctx.lineTo(box.x + box.w, Y(0));
    ctx.stroke();
  }
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
  ctx.save();
  ctx.fillStyle = '#44505c';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  const title = `${p.title} (${p.unit})`;
  ctx.fillText(title, outer.x + 2, outer.y + 1);
  let lx = outer.x + 2 + ctx.measureText(title).width + 12;
  for (const s of p.series) {
    ctx.fillStyle = s.color;
    ctx.fillText(s.label, lx, outer.y + 1);
    lx += ctx.measureText(s.label).width + 8;
  }
  ctx.fillStyle = '#44505c';
  ctx.textAlign = 'right';
  ctx.fillText(fmt(hi - pad), box.x + box.w - 4, box.y + 3);
  ctx.textBaseline = 'bottom';
  ctx.fillText(fmt(lo + pad), box.x + box.w - 4, box.y + box.h - 2);
  ctx.restore();
}

function fmt(v) {
  const a = Math.abs(v);
  return a !== 0 && (a < 0.01 || a >= 1e4) ? v.toExponential(1) : v.toFixed(a < 1 ? 3 : a < 100 ? 2 : 0);
}
