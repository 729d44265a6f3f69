// @ts-check
/**
 * The spike raster: one band per population (`/spikeloop/spikes/<population>`, pairs of neuron
 * index and SNN step), the last `RASTER_WINDOW_s` up to the play head, scrolling left as time
 * goes on. A spike is drawn at the time of its SNN step, (episode start) + step·dt_snn, when the
 * stream states the SNN time step (an episode record with `snn_dt_s`); the standard topics do
 * not, so otherwise it is drawn as a bar over the control period of the message that carried
 * it (from the previous message's time to its own): the step is known to lie in there. A
 * population's band has one row per neuron up to the highest index seen.
 */
import { fitCanvas } from './canvas2d.js';

export const RASTER_WINDOW_s = 2;
const COLORS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037'];

export class Raster {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    /** Spikes drawn in the last frame. */
    this.drawn = 0;
    /** @type {Map<string, {scanned: number, neurons: number}>} */
    this.meta = new Map();
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
    // Each band gets 2 px per neuron, at least one label's height, at most 96 px.
    const bands = sizes.map((n) => Math.min(Math.max(2 * n, 14), 96));
    const cssHeight = `${Math.max(bands.reduce((a, b) => a + b, 0), 60)}px`;
    if (this.canvas.style.height !== cssHeight) this.canvas.style.height = cssHeight;
    const { ctx, width, height } = fitCanvas(this.canvas);
    this.drawn = 0;
    const label = 86;
    const t0 = t - RASTER_WINDOW_s;
    const X = (ts) => label + ((ts - t0) / RASTER_WINDOW_s) * (width - label);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    if (topics.length === 0) {
      ctx.fillStyle = '#7a8591';
      ctx.fillText('no spike topics in the stream', 8, height / 2);
      return;
    }
    const total = bands.reduce((a, b) => a + b, 0);
    let y = 0;
    series.forEach((s, p) => {
      const h = (bands[p] / total) * height;
      const rowH = h / sizes[p];
      ctx.fillStyle = p % 2 ? '#f4f6f8' : '#fbfcfd';
      ctx.fillRect(label, y, width - label, h);
      ctx.fillStyle = '#44505c';
      ctx.fillText(`${s.topic.slice('/spikeloop/spikes/'.length)} (${sizes[p]})`, 4, y + h / 2);
      ctx.fillStyle = COLORS[p % COLORS.length];
      // Spikes up to one control period before t0 can still fall inside the window.
      const from = Math.max(0, s.indexAfter(t0 - 0.5));
      const to = s.indexAt(t) + 1;
      const pxPerS = (width - label) / RASTER_WINDOW_s;
      for (let i = from; i < to; i++) {
        const d = s.messages[i]?.data;
        if (!Array.isArray(d)) continue;
        const end = s.times[i];
        const begin = i > 0 ? s.times[i - 1] : end;
        for (let j = 0; j + 1 < d.length; j += 2) {
          let ts = end;
          let w = Math.max(1.5, (end - begin) * pxPerS);
          if (snnClock) {
            ts = snnClock.start_s + (d[j + 1] + 1) * snnClock.dt_s;
            w = Math.max(1.5, snnClock.dt_s * pxPerS);
          }
          if (ts < t0 || ts > t) continue;
          ctx.fillRect(X(ts) - w, y + d[j] * rowH, w, Math.max(rowH, 1));
          this.drawn++;
        }
      }
      y += h;
    });
    ctx.strokeStyle = '#c5ccd4';
    ctx.strokeRect(label + 0.5, 0.5, width - label - 1, height - 1);
  }
}
