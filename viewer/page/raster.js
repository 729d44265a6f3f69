// @ts-check
/**
 * The spike raster: one band per population (`/spikeloop/spikes/<population>`, pairs of neuron
 * index and SNN step) over a `RASTER_WINDOW_s` window around the play head (axes.js
 * timeWindow), with a time axis, the play-head cursor, and what lies after the play head faded.
 * Each band is labelled with the population's full name and size: the label column is as wide
 * as the longest label (the font shrinks when that would take more than 40 % of the width), and
 * the canvas's tooltip lists them all. A spike is drawn at the time of its SNN step, (episode start) + step·dt_snn, when the
 * stream states the SNN time step (an episode record with `snn_dt_s`); the standard topics do
 * not, so otherwise it is drawn as a bar over the control period of the message that carried
 * it (from the previous message's time to its own): the step is known to lie in there. A
 * population's band has one row per neuron up to the highest index seen.
 */
import { drawCursor, drawTimeAxis, timeWindow, veilFuture } from './axes.js';
import { fitCanvas } from './canvas2d.js';

export const RASTER_WINDOW_s = 2;
/** One colour per population (raster bands, firing-rate lines), ten before they repeat. */
export const POP_COLORS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037', '#f9a825', '#9e9d24', '#546e7a'];

export class Raster {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    /** Spikes drawn in the last frame. */
    this.drawn = 0;
    /** @type {Map<string, {scanned: number, neurons: number}>} */
    this.meta = new Map();
    /**
     * What the last frame drew, for the test API: as a line plot's layout (linePlot.js), plus
     * each band's label as drawn and whether it fit its column.
     * @type {(import('./linePlot.js').PlotLayout & {labels: {text: string, width: number, fits: boolean}[]}) | null}
     */
    this.layout = null;
  }

  /** Neurons of a population: highest index seen + 1 (scanning only new messages). */
  neurons(series) {
    let m = this.meta.get(series.topic);
    if (!m || m.scanned > series.length) {
      m = { scanned: 0, neurons: 0 };
      this.meta.set(series.topic, m);
    }
    for (let i = m.scanned; i < series.length; i++) {
      const d = series.messages[i]?.data;
      if (Array.isArray(d)) for (let j = 0; j < d.length; j += 2) if (d[j] + 1 > m.neurons) m.neurons = d[j] + 1;
    }
    m.scanned = series.length;
    return m.neurons;
  }

  /**
   * @param {import('./store.js').Store} store
   * @param {number} t
   * @param {{dt_s: number, start_s: number} | null} snnClock
   */
  draw(store, t, snnClock) {
    const topics = store.topicsUnder('/spikeloop/spikes/');
    const series = topics.map((tp) => /** @type {import('./store.js').Series} */ (store.series(tp)));
    const sizes = series.map((s) => Math.max(this.neurons(s), 1));
    // Each band gets 1.5 px per neuron, at least one label's height, at most 72 px; then the time axis.
    const AXIS = 17;
    const bands = sizes.map((n) => Math.min(Math.max(1.5 * n, 13), 72));
    const cssHeight = `${Math.max(bands.reduce((a, b) => a + b, 0), 60) + AXIS}px`;
    if (this.canvas.style.height !== cssHeight) this.canvas.style.height = cssHeight;
    const { ctx, width, height } = fitCanvas(this.canvas);
    this.drawn = 0;
    const origin = Number.isFinite(store.start_s) ? store.start_s : 0;
    const { t0, t1 } = timeWindow(t, store.start_s, store.end_s, RASTER_WINDOW_s);
    const texts = series.map((s, p) => `${s.topic.slice('/spikeloop/spikes/'.length)} (${sizes[p]})`);
    const tooltip = `one row per neuron; population (neurons):\n${texts.join('\n')}`;
    if (this.canvas.title !== tooltip) this.canvas.title = tooltip;
    // The label column: as wide as the longest label, at most 40 % of the width (then a smaller font).
    let fontPx = 11;
    ctx.font = `${fontPx}px system-ui, sans-serif`;
    const widest = Math.max(0, ...texts.map((x) => ctx.measureText(x).width));
    const maxLabel = Math.round(0.4 * width);
    const label = Math.min(Math.max(Math.ceil(widest) + 10, 60), maxLabel);
    if (widest + 10 > label) {
      fontPx = Math.max(7, Math.floor((fontPx * (label - 10)) / widest));
      ctx.font = `${fontPx}px system-ui, sans-serif`;
    }
    const box = { x: label, y: 0, w: width - label, h: height - AXIS };
    const X = (ts) => box.x + ((ts - t0) / RASTER_WINDOW_s) * box.w;
    ctx.textBaseline = 'middle';
    /** @type {{text: string, width: number, fits: boolean}[]} */
    const labels = [];
    if (topics.length === 0) {
      ctx.fillStyle = '#7a8591';
      ctx.fillText('no spike topics in the stream', 8, box.h / 2);
    }
    const total = bands.reduce((a, b) => a + b, 0);
    let y = 0;
    series.forEach((s, p) => {
      const h = (bands[p] / total) * box.h;
      const rowH = h / sizes[p];
      ctx.fillStyle = p % 2 ? '#f4f6f8' : '#fbfcfd';
      ctx.fillRect(box.x, y, box.w, h);
      ctx.fillStyle = '#44505c';
      const w = ctx.measureText(texts[p]).width;
      labels.push({ text: texts[p], width: w, fits: w <= label - 6 });
      ctx.fillText(texts[p], 4, y + h / 2);
      ctx.fillStyle = POP_COLORS[p % POP_COLORS.length];
      // Spikes up to one control period before t0 can still fall inside the window.
      const from = Math.max(0, s.indexAfter(t0 - 0.5));
      const to = s.indexAt(t1) + 1;
      const pxPerS = box.w / RASTER_WINDOW_s;
      for (let i = from; i < to; i++) {
        const d = s.messages[i]?.data;
        if (!Array.isArray(d)) continue;
        const end = s.times[i];
        const begin = i > 0 ? s.times[i - 1] : end;
        for (let j = 0; j + 1 < d.length; j += 2) {
          let ts = end;
          let bw = Math.max(1.5, (end - begin) * pxPerS);
          if (snnClock) {
            ts = snnClock.start_s + (d[j + 1] + 1) * snnClock.dt_s;
            bw = Math.max(1.5, snnClock.dt_s * pxPerS);
          }
          if (ts < t0 || ts > t1) continue;
          ctx.fillRect(X(ts) - bw, y + d[j] * rowH, bw, Math.max(rowH, 1));
          this.drawn++;
        }
      }
      y += h;
    });
    const inWindow = t >= t0 && t <= t1;
    veilFuture(ctx, box, inWindow ? X(t) : null);
    const xTicks = drawTimeAxis(ctx, box, { t0, t1, origin, left: 4, grid: false });
    ctx.strokeStyle = '#c5ccd4';
    ctx.lineWidth = 1;
    ctx.strokeRect(box.x + 0.5, 0.5, box.w - 1, box.h - 1);
    const cursorX = drawCursor(ctx, box, t0, t1, t);
    this.layout = { box, window: { t0: t0 - origin, t1: t1 - origin }, xUnit: 's', yUnit: 'neuron', xTicks, yTicks: [], cursor: { t: t - origin, x: cursorX }, labels };
  }
}
