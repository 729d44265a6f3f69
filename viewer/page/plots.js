// @ts-check
/**
 * The time plots beside the 3D view, each over a `PLOT_WINDOW_s` window around the play head
 * (axes.js timeWindow: the play head at 3/4 of the width, at the right edge when following a
 * live stream), with a time axis, a y axis in the unit of what is drawn (units.js) and the
 * play-head cursor:
 * - firing rates: per population, spikes per neuron per second in a sliding `RATE_BIN_s` box
 *   (neurons = the raster's count), from `/spikeloop/spikes/<population>`;
 * - reward (`/spikeloop/reward`, per control step) and dopamine (`/spikeloop/dopamine`);
 * - commanded (`/cmd_vel`, dashed) vs measured (`/odom` twist, solid) velocity, both in the body
 *   frame (REP-105): linear x, y, z, and the yaw rate; for an arm (no `/odom`), each joint's
 *   commanded (`/forward_velocity_controller/commands`, dashed) vs measured (`/joint_states`)
 *   velocity, and its effort.
 */
import { timeWindow } from './axes.js';
import { fitCanvas } from './canvas2d.js';
import { column } from './columns.js';
import { drawPlot } from './linePlot.js';
import { PlotFrame } from './plotFrame.js';
import { POP_COLORS } from './raster.js';
import { RATE_UNIT, commonUnit, unitOf } from './units.js';

export const PLOT_WINDOW_s = 10;
export const RATE_BIN_s = 0.1;
const AXES = /** @type {const} */ (['x', 'y', 'z']);
const AXIS_COLORS = { x: '#d32f2f', y: '#2e7d32', z: '#1565c0' };

/** @typedef {import('./linePlot.js').PlotSeries & {detail?: string}} Series */

export class TimePlots {
  /**
   * @param {{rates: HTMLCanvasElement, reward: HTMLCanvasElement, velocity: HTMLCanvasElement, yaw: HTMLCanvasElement}} canvases
   *   yaw: the yaw rate for a drone, the joints' effort for an arm
   * @param {import('./raster.js').Raster} raster (for the population sizes)
   */
  constructor(canvases, raster) {
    this.raster = raster;
    this.frames = {
      rates: new PlotFrame(canvases.rates),
      reward: new PlotFrame(canvases.reward),
      velocity: new PlotFrame(canvases.velocity),
      yaw: new PlotFrame(canvases.yaw),
    };
  }

  /** @param {import('./store.js').Store} store */
  draw(store, t) {
    const { t0, t1 } = timeWindow(t, store.start_s, store.end_s, PLOT_WINDOW_s);
    const w = { t0, t1, t, origin: Number.isFinite(store.start_s) ? store.start_s : 0 };
    this.drawRates(store, w);
    this.drawReward(store, w);
    this.drawVelocity(store, w);
  }

  /**
   * Draws one plot: its header (title with unit, legend) and its canvas.
   * @param {PlotFrame} frame
   * @param {{t0: number, t1: number, t: number, origin: number}} w
   * @param {string} title
   * @param {string} unit
   * @param {number} minSpan
   * @param {Series[]} series
   */
  plot(frame, w, title, unit, minSpan, series) {
    frame.setHeader(`${title} (${unit})`, series.map((s) => ({ label: s.label, color: s.color, dash: s.dash !== undefined, detail: s.detail })));
    const { ctx, width, height } = fitCanvas(frame.canvas);
    frame.layout = drawPlot(ctx, { x: 0, y: 0, w: width, h: height }, { ...w, unit, minSpan, series });
  }

  drawRates(store, w) {
    const { t0, t1 } = w;
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
      const label = topic.slice('/spikeloop/spikes/'.length);
      series.push({ label, detail: `${label}: ${n} neurons, spikes per neuron per second in ${RATE_BIN_s} s bins (${topic})`, color: POP_COLORS[p % POP_COLORS.length], times: s.times, values: rates, from, to });
    });
    this.plot(this.frames.rates, w, 'firing rate', RATE_UNIT, 1, series);
  }

  drawReward(store, w) {
    const series = [];
    const units = [];
    for (const [topic, label, color] of [
      ['/spikeloop/reward', 'reward', '#ef6c00'],
      ['/spikeloop/dopamine', 'dopamine', '#6a1b9a'],
    ]) {
      const s = store.series(topic);
      if (!s) continue;
      units.push(unitOf(s));
      series.push({ label, detail: `${label} per control step (${topic})`, color, times: s.times, values: column(s, 'data', (m) => m?.data), from: s.indexAfter(w.t0), to: s.indexAt(w.t1) + 1 });
    }
    this.plot(this.frames.reward, w, 'reward, dopamine', units.length ? commonUnit(units) : 'dimensionless', 0.01, series);
  }

  drawVelocity(store, w) {
    if (!store.series('/odom') && store.series('/joint_states')) return this.drawJoints(store, w);
    const cmd = store.series('/cmd_vel');
    const odom = store.series('/odom');
    const lin = [];
    const yaw = [];
    const add = (list, s, key, f, label, detail, color, dash) => {
      if (s) list.push({ label, detail, color, dash, times: s.times, values: column(s, key, f), from: s.indexAfter(w.t0), to: s.indexAt(w.t1) + 1 });
    };
    for (const a of AXES) {
      add(lin, cmd, `lin.${a}`, (m) => m?.linear?.[a], `cmd ${a}`, `commanded ${a} (/cmd_vel linear.${a})`, AXIS_COLORS[a], [4, 3]);
      add(lin, odom, `lin.${a}`, (m) => m?.twist?.twist?.linear?.[a], `${a}`, `measured ${a} (/odom twist.linear.${a})`, AXIS_COLORS[a]);
    }
    add(yaw, cmd, 'ang.z', (m) => m?.angular?.z, 'cmd', 'commanded (/cmd_vel angular.z)', '#455a64', [4, 3]);
    add(yaw, odom, 'ang.z', (m) => m?.twist?.twist?.angular?.z, 'measured', 'measured (/odom twist.angular.z)', '#455a64');
    const linUnit = commonUnit([...(cmd ? [unitOf(cmd, 'linear')] : []), ...(odom ? [unitOf(odom, 'twist.twist.linear')] : [])]);
    const yawUnit = commonUnit([...(cmd ? [unitOf(cmd, 'angular')] : []), ...(odom ? [unitOf(odom, 'twist.twist.angular')] : [])]);
    this.plot(this.frames.velocity, w, 'velocity in the body frame', lin.length ? linUnit : 'm/s', 0.1, lin);
    this.plot(this.frames.yaw, w, 'yaw rate', yaw.length ? yawUnit : 'rad/s', 0.1, yaw);
  }

  drawJoints(store, w) {
    const js = /** @type {import('./store.js').Series} */ (store.series('/joint_states'));
    const cmd = store.series('/forward_velocity_controller/commands');
    const names = js.messages[js.length - 1]?.name ?? [];
    const from = js.indexAfter(w.t0);
    const to = js.indexAt(w.t1) + 1;
    const vel = [];
    const eff = [];
    names.forEach((name, j) => {
      const color = POP_COLORS[j % POP_COLORS.length];
      if (cmd) vel.push({ label: `cmd ${name}`, detail: `commanded ${name} (${cmd.topic} data[${j}])`, color, dash: [4, 3], times: cmd.times, values: column(cmd, `data.${j}`, (m) => m?.data?.[j]), from: cmd.indexAfter(w.t0), to: cmd.indexAt(w.t1) + 1 });
      vel.push({ label: name, detail: `measured ${name} (/joint_states velocity[${j}])`, color, times: js.times, values: column(js, `vel.${j}`, (m) => m?.velocity?.[j]), from, to });
      eff.push({ label: name, detail: `${name} (/joint_states effort[${j}])`, color, times: js.times, values: column(js, `eff.${j}`, (m) => m?.effort?.[j]), from, to });
    });
    const velUnit = commonUnit([unitOf(js, 'velocity'), ...(cmd ? [unitOf(cmd)] : [])]);
    this.plot(this.frames.velocity, w, 'joint velocity', velUnit, 0.1, vel);
    this.plot(this.frames.yaw, w, 'joint effort', unitOf(js, 'effort'), 0.1, eff);
  }

  /** What each plot drew (test API): id, title, legend (DOM text) and layout. */
  layouts() {
    return Object.entries(this.frames).map(([id, f]) => ({ id, title: f.title, legend: f.legend(), ...(f.layout ?? {}) }));
  }
}
