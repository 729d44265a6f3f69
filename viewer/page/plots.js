// @ts-check
/**
 * The time plots beside the 3D view, over the last `PLOT_WINDOW_s` up to the play head (or
 * from the start, when less has passed):
 * - firing rates: per population, spikes per neuron per second in a sliding `RATE_BIN_s` box
 *   (neurons = the raster's count), from `/spikeloop/spikes/<population>`;
 * - reward (`/spikeloop/reward`, per control step) and dopamine (`/spikeloop/dopamine`);
 * - commanded (`/cmd_vel`, dashed) vs measured (`/odom` twist, solid) velocity, both in the body
 *   frame (REP-105): linear x, y, z, and the yaw rate; for an arm (no `/odom`), each joint's
 *   commanded (`/forward_velocity_controller/commands`, dashed) vs measured (`/joint_states`)
 *   velocity, and its effort.
 */
import { fitCanvas } from './canvas2d.js';
import { column } from './columns.js';
import { drawPlot } from './linePlot.js';

export const PLOT_WINDOW_s = 10;
export const RATE_BIN_s = 0.1;
const POP_COLORS = ['#1565c0', '#c62828', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037'];
const AXES = /** @type {const} */ (['x', 'y', 'z']);
const AXIS_COLORS = { x: '#d32f2f', y: '#2e7d32', z: '#1565c0' };

export class TimePlots {
  /**
   * @param {{rates: HTMLCanvasElement, reward: HTMLCanvasElement, velocity: HTMLCanvasElement}} canvases
   * @param {import('./raster.js').Raster} raster (for the population sizes)
   */
  constructor(canvases, raster) {
    this.canvases = canvases;
    this.raster = raster;
  }

  /** @param {import('./store.js').Store} store */
  draw(store, t) {
    // The last PLOT_WINDOW_s, or the episode so far when it is shorter (at least half a second).
    const t0 = Math.min(Math.max(t - PLOT_WINDOW_s, store.start_s), t - 0.5);
    this.drawRates(store, t0, t);
    this.drawReward(store, t0, t);
    this.drawVelocity(store, t0, t);
  }

  drawRates(store, t0, t1) {
    const { ctx, width, height } = fitCanvas(this.canvases.rates);
    const series = [];
    store.topicsUnder('/spikeloop/spikes/').forEach((topic, p) => {
      const s = /** @type {import('./store.js').Series} */ (store.series(topic));
      const n = Math.max(this.raster.neurons(s), 1);
      const counts = column(s, 'count', (m) => (Array.isArray(m?.data) ? m.data.length >> 1 : 0));
      const from = s.indexAfter(t0);
      const to = s.indexAt(t1) + 1;
      const rates = new Float64Array(to);
      let sum = 0;
      let tail = Math.max(0, s.indexAfter(s.times[from] - RATE_BIN_s));
      for (let i = tail; i < from; i++) sum += counts[i];
      for (let i = from; i < to; i++) {
        sum += counts[i];
        while (s.times[tail] <= s.times[i] - RATE_BIN_s) sum -= counts[tail++];
        rates[i] = sum / (n * RATE_BIN_s);
      }
      series.push({ label: topic.slice('/spikeloop/spikes/'.length), color: POP_COLORS[p % POP_COLORS.length], times: s.times, values: rates, from, to });
    });
    drawPlot(ctx, { x: 0, y: 0, w: width, h: height }, { t0, t1, title: 'firing rate', unit: 'Hz per neuron', minSpan: 1, series });
  }

  drawReward(store, t0, t1) {
    const { ctx, width, height } = fitCanvas(this.canvases.reward);
    const series = [];
    for (const [topic, label, color] of [
      ['/spikeloop/reward', 'reward', '#ef6c00'],
      ['/spikeloop/dopamine', 'dopamine', '#6a1b9a'],
    ]) {
      const s = store.series(topic);
      if (!s) continue;
      series.push({ label, color, times: s.times, values: column(s, 'data', (m) => m?.data), from: s.indexAfter(t0), to: s.indexAt(t1) + 1 });
    }
    drawPlot(ctx, { x: 0, y: 0, w: width, h: height }, { t0, t1, title: 'reward, dopamine', unit: 'per step', minSpan: 0.01, series });
  }

  drawVelocity(store, t0, t1) {
    if (!store.series('/odom') && store.series('/joint_states')) return this.drawJoints(store, t0, t1);
    const { ctx, width, height } = fitCanvas(this.canvases.velocity);
    const cmd = store.series('/cmd_vel');
    const odom = store.series('/odom');
    const lin = [];
    const yaw = [];
    const add = (list, s, key, f, label, color, dash) => {
      if (s) list.push({ label, color, dash, times: s.times, values: column(s, key, f), from: s.indexAfter(t0), to: s.indexAt(t1) + 1 });
    };
    for (const a of AXES) {
      add(lin, cmd, `lin.${a}`, (m) => m?.linear?.[a], `cmd ${a}`, AXIS_COLORS[a], [4, 3]);
      add(lin, odom, `lin.${a}`, (m) => m?.twist?.twist?.linear?.[a], `${a}`, AXIS_COLORS[a]);
    }
    add(yaw, cmd, 'ang.z', (m) => m?.angular?.z, 'cmd', '#455a64', [4, 3]);
    add(yaw, odom, 'ang.z', (m) => m?.twist?.twist?.angular?.z, 'measured', '#455a64');
    const h1 = Math.round(height * 0.62);
    drawPlot(ctx, { x: 0, y: 0, w: width, h: h1 - 2 }, { t0, t1, title: 'velocity (body)', unit: 'm/s', minSpan: 0.1, series: lin });
    drawPlot(ctx, { x: 0, y: h1, w: width, h: height - h1 }, { t0, t1, title: 'yaw rate', unit: 'rad/s', minSpan: 0.1, series: yaw });
  }

  drawJoints(store, t0, t1) {
    const { ctx, width, height } = fitCanvas(this.canvases.velocity);
    const js = /** @type {import('./store.js').Series} */ (store.series('/joint_states'));
    const cmd = store.series('/forward_velocity_controller/commands');
    const names = js.messages[js.length - 1]?.name ?? [];
    const from = js.indexAfter(t0);
    const to = js.indexAt(t1) + 1;
    const vel = [];
    const eff = [];
    names.forEach((name, j) => {
      const color = POP_COLORS[j % POP_COLORS.length];
      if (cmd) vel.push({ label: `cmd ${name}`, color, dash: [4, 3], times: cmd.times, values: column(cmd, `data.${j}`, (m) => m?.data?.[j]), from: cmd.indexAfter(t0), to: cmd.indexAt(t1) + 1 });
      vel.push({ label: name, color, times: js.times, values: column(js, `vel.${j}`, (m) => m?.velocity?.[j]), from, to });
      eff.push({ label: name, color, times: js.times, values: column(js, `eff.${j}`, (m) => m?.effort?.[j]), from, to });
    });
    const h1 = Math.round(height * 0.62);
    drawPlot(ctx, { x: 0, y: 0, w: width, h: h1 - 2 }, { t0, t1, title: 'joint velocity', unit: 'rad/s', minSpan: 0.1, series: vel });
    drawPlot(ctx, { x: 0, y: h1, w: width, h: height - h1 }, { t0, t1, title: 'joint effort', unit: 'N·m', minSpan: 0.1, series: eff });
  }
}
