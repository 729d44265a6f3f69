// @ts-check
/**
 * Axes shared by the time plots and the raster: the time window shown around the play head,
 * "nice" tick values (1, 2, 5 × 10^k steps) and their labels, and the cursor drawn at the play
 * head. Times on the axes are seconds since the start of the recording (the clock under the 3D
 * view counts the same way), so a ROS recording stamped in wall time reads 0…duration too.
 */

/** Colour of the play-head cursor on every plot (no series uses it). */
export const CURSOR_COLOR = '#d81b60';
/** Where the play head sits in a window that does not reach the recording's end (fraction of its width). */
export const CURSOR_AT = 0.75;

/**
 * The window [t0, t0 + width] shown for play-head time t over a recording [start, end]: the
 * play head at CURSOR_AT of the width, unless that would cross the start (then the window
 * begins at the start) or go past the end (then it ends at the end, so a live page following
 * the newest message has the play head at the right edge). What lies after the play head is
 * drawn faint.
 */
export function timeWindow(t, start, end, width) {
  if (!Number.isFinite(start) || !Number.isFinite(end)) return { t0: t - width, t1: t };
  const t0 = Math.max(start, Math.min(t - CURSOR_AT * width, end - width));
  return { t0, t1: t0 + width };
}

/**
 * About `count` evenly spaced round values covering [lo, hi] (inside it), with their step.
 * @returns {{ step: number, values: number[] }}
 */
export function niceTicks(lo, hi, count) {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return { step: 1, values: Number.isFinite(lo) ? [lo] : [] };
  // At least two ticks, so the axis has a scale (a coarse step can leave one inside [lo, hi]).
  for (let n = Math.max(count, 1); n < count + 8; n++) {
    const t = ticksOf(lo, hi, span / n);
    if (t.values.length >= 2) return t;
  }
  return ticksOf(lo, hi, span / (count + 8));
}

function ticksOf(lo, hi, raw) {
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw * 0.999) ?? 10 * mag;
  const values = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let k = first; k * step <= hi + step * 1e-9; k++) values.push(roundTo(k * step, step));
  return { step, values };
}

/** A tick value as text, with as many decimals as its step needs ("0", "2.5", "0.05"; 1.50e+5 when large). */
export function tickLabel(v, step) {
  if (Math.abs(v) < step * 1e-6) return '0';
  if (Math.abs(v) >= 1e5) return v.toExponential(2);
  return v.toFixed(decimals(step));
}

/** Decimals needed to write multiples of `step` exactly (0.25 → 2, 5 → 0), at most 6. */
function decimals(step) {
  for (let d = 0; d < 6; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(Math.round(scaled) - scaled) < 1e-6 * scaled) return d;
  }
  return 6;
}

function roundTo(v, step) {
  return Number(v.toFixed(decimals(step)));
}

/**
 * Draws the time axis under `box` (ticks, labels of seconds since `origin`, light grid lines
 * inside the box), and the unit "t (s)" in the corner left of the first label.
 * @param {CanvasRenderingContext2D} ctx
 * @param {{x: number, y: number, w: number, h: number}} box the plot area
 * @param {{t0: number, t1: number, origin: number, left: number, grid?: boolean}} a left: where the corner text may start; grid: light lines across the box at the ticks (default true)
 * @returns {{value: number, label: string, x: number}[]} the ticks drawn (value in seconds since origin)
 */
export function drawTimeAxis(ctx, box, a) {
  const ticks = niceTicks(a.t0 - a.origin, a.t1 - a.origin, Math.max(2, Math.floor(box.w / 70)));
  const out = [];
  ctx.save();
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  for (const v of ticks.values) {
    const x = box.x + ((v + a.origin - a.t0) / (a.t1 - a.t0)) * box.w;
    const label = tickLabel(v, ticks.step);
    if (a.grid !== false) {
      ctx.strokeStyle = '#eef1f4';
      ctx.beginPath();
      ctx.moveTo(Math.round(x) + 0.5, box.y);
      ctx.lineTo(Math.round(x) + 0.5, box.y + box.h);
      ctx.stroke();
    }
    ctx.strokeStyle = '#9aa5b1';
    ctx.beginPath();
    ctx.moveTo(Math.round(x) + 0.5, box.y + box.h);
    ctx.lineTo(Math.round(x) + 0.5, box.y + box.h + 3);
    ctx.stroke();
    ctx.fillStyle = '#44505c';
    const w = ctx.measureText(label).width;
    // Keep the outermost labels inside the canvas.
    const cx = Math.min(Math.max(x, box.x + w / 2), box.x + box.w - w / 2 - 1);
    ctx.fillText(label, cx, box.y + box.h + 4);
    out.push({ value: v, label, x });
  }
  ctx.textAlign = 'left';
  ctx.fillStyle = '#6b7682';
  ctx.fillText('t (s)', a.left, box.y + box.h + 4);
  ctx.restore();
  return out;
}

/**
 * The play-head cursor: a vertical line over the box at time t (nothing when t is outside the window).
 * @returns {number | null} its x (CSS pixels in the canvas)
 */
export function drawCursor(ctx, box, t0, t1, t) {
  if (!(t >= t0 && t <= t1)) return null;
  const x = box.x + ((t - t0) / (t1 - t0)) * box.w;
  // Two device-independent pixels wide, on whole pixels (crisp, the same colour all along).
  ctx.save();
  ctx.fillStyle = CURSOR_COLOR;
  ctx.fillRect(Math.round(x) - 1, box.y, 2, box.h);
  ctx.restore();
  return x;
}

/** Fades what lies right of x (after the play head) inside the box. */
export function veilFuture(ctx, box, x) {
  if (x === null || x >= box.x + box.w) return;
  ctx.save();
  ctx.fillStyle = 'rgba(255, 255, 255, 0.6)';
  ctx.fillRect(x, box.y, box.x + box.w - x, box.h);
  ctx.restore();
}
