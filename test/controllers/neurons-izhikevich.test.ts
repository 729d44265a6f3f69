/**
 * Izhikevich (2003) neurons: exact agreement with a scalar reference written from the paper's
 * MATLAB loop, then the firing patterns of Fig. 2 under the paper's protocol (a DC step I = 10)
 * asserted as numbers: RS adapts, FS fires fast and tonically, CH and IB burst.
 */
import { describe, expect, it } from 'vitest';
import {
  IZHIKEVICH_PRESETS,
  IZHIKEVICH_PRESET_NAMES,
  createIzhikevichState,
  izhikevichStep,
} from '../../controllers/neurons/izhikevich.js';
import type { IzhikevichParams, IzhikevichPresetName } from '../../controllers/neurons/izhikevich.js';
import { clearSpikes, createPopulationInput, createSpikeOutput } from '../../controllers/neurons/model.js';

const I_STEP = 10; // the paper's Fig. 2 DC step
const T_ON = 10; // ms, step onset
const DURATION = 500; // ms

/**
 * The paper's loop, scalar, no shared code: at each step first detect v ≥ 30 (record, reset),
 * then two half-steps of v and one step of u. Returns the step indices at which spikes were
 * detected. Time step generalised from 1 ms to dt (half-steps of dt/2).
 */
function referenceSpikeSteps(a: number, b: number, c: number, d: number, dt: number): number[] {
  let v = -65;
  let u = b * v;
  const fired: number[] = [];
  const steps = Math.round(DURATION / dt);
  for (let k = 0; k < steps; k++) {
    if (v >= 30) {
      fired.push(k);
      v = c;
      u = u + d;
    }
    const I = k * dt >= T_ON ? I_STEP : 0;
    v = v + (dt / 2) * (0.04 * v * v + 5 * v + 140 - u + I);
    v = v + (dt / 2) * (0.04 * v * v + 5 * v + 140 - u + I);
    u = u + dt * a * (b * v - u);
  }
  return fired;
}

/** Runs all presets side by side in one population; returns spike step indices per preset. */
function modelSpikeSteps(p: IzhikevichParams, dt: number): number[] {
  const s = createIzhikevichState(p, 1, dt);
  const input = createPopulationInput(1);
  const out = createSpikeOutput(1);
  const steps = Math.round(DURATION / dt);
  const spikes: number[] = [];
  for (let k = 0; k < steps; k++) {
    input.ext[0] = k * dt >= T_ON ? I_STEP : 0;
    clearSpikes(out);
    izhikevichStep(p, s, input, out);
    // The model resets at the end of the step in which v crossed; the paper's loop notices it at
    // the start of the next step: the same spike, labelled k + 1 there.
    if (out.count) spikes.push(k + 1);
  }
  return spikes;
}

const isisOf = (t: number[]) => t.slice(1).map((x, k) => x - t[k]);
const mean = (x: number[]) => x.reduce((s, y) => s + y, 0) / x.length;

/** Splits a spike train at pauses: ISIs longer than 4× the shortest ISI of the train. */
function bursts(times: number[]): number[][] {
  const isi = isisOf(times);
  const minIsi = Math.min(...isi);
  const groups: number[][] = [[times[0]]];
  isi.forEach((x, k) => {
    if (x > 4 * minIsi) groups.push([]);
    groups[groups.length - 1].push(times[k + 1]);
  });
  return groups;
}

describe('Izhikevich 2003', () => {
  it('matches the paper\'s loop spike for spike for every preset (dt = 1, 0.25, 0.1 ms)', () => {
    for (const dt of [1, 0.25, 0.1]) {
      for (const name of IZHIKEVICH_PRESET_NAMES) {
        const p = IZHIKEVICH_PRESETS[name];
        const ref = referenceSpikeSteps(p.a, p.b, p.c, p.d, dt);
        expect(ref.length, `${name} at dt ${dt} fires`).toBeGreaterThan(3);
        expect(modelSpikeSteps(p, dt), `${name} at dt ${dt}`).toEqual(ref);
      }
    }
  });

  describe('firing patterns of Fig. 2 (I = 10 from 10 ms, dt = 0.25 ms as in Izhikevich\'s figure code)', () => {
    const dt = 0.25;
    const trains = {} as Record<IzhikevichPresetName, number[]>;
    for (const name of IZHIKEVICH_PRESET_NAMES) {
      trains[name] = modelSpikeSteps(IZHIKEVICH_PRESETS[name], dt).map((k) => k * dt);
    }

    it('RS: regular spiking with spike-frequency adaptation', () => {
      const t = trains.RS;
      const isi = isisOf(t);
      expect(isi.length).toBeGreaterThanOrEqual(8);
      expect(bursts(t)).toHaveLength(1); // no pauses: tonic
      // Never speeds up (beyond one step of grid jitter once the ISI has settled).
      for (let k = 1; k < isi.length; k++) expect(isi[k]).toBeGreaterThanOrEqual(isi[k - 1] - dt);
      expect(isi[isi.length - 1] / isi[0]).toBeGreaterThan(1.5); // slows down markedly
    });

    it('FS: tonic firing at high rate without slow adaptation', () => {
      const t = trains.FS;
      const isi = isisOf(t);
      expect(bursts(t)).toHaveLength(1);
      const steady = isi.slice(-10);
      const rateFs = 1000 / mean(steady);
      const rateRs = 1000 / mean(isisOf(trains.RS).slice(-3));
      expect(rateFs).toBeGreaterThan(100);
      expect(rateFs / rateRs).toBeGreaterThan(4);
      // After the onset transient (two intervals) the rate holds: no slow drift over the train.
      const early = isi.slice(2, 12);
      expect(Math.abs(mean(steady) / mean(early) - 1)).toBeLessThan(0.05);
      for (const x of steady) expect(Math.abs(x / mean(steady) - 1)).toBeLessThan(0.15);
    });

    it('CH: repetitive bursts of closely spaced spikes separated by long pauses', () => {
      const g = bursts(trains.CH);
      expect(g.length).toBeGreaterThanOrEqual(8);
      const later = g.slice(1);
      for (const b of later) expect(b.length).toBeGreaterThanOrEqual(3);
      // Same burst size once settled; the first burst (from rest) is the longest.
      const sizes = later.map((b) => b.length);
      expect(new Set(sizes.slice(2)).size).toBe(1);
      expect(g[0].length).toBeGreaterThan(sizes[sizes.length - 1]);
      // Pauses dwarf intra-burst intervals.
      const intra = g.flatMap((b) => isisOf(b));
      const pauses = g.slice(1).map((b, k) => b[0] - g[k][g[k].length - 1]);
      expect(Math.min(...pauses) / Math.max(...intra)).toBeGreaterThan(5);
      expect(1000 / mean(intra)).toBeGreaterThan(200); // intra-burst rate, Hz
    });

    it('IB: an initial burst, then tonic single spikes', () => {
      const g = bursts(trains.IB);
      expect(g[0].length).toBeGreaterThanOrEqual(2);
      const rest = g.slice(1);
      expect(rest.length).toBeGreaterThanOrEqual(8);
      for (const b of rest) expect(b).toHaveLength(1);
      const burstIsi = Math.max(...isisOf(g[0]));
      const tonicIsi = isisOf(rest.map((b) => b[0]));
      expect(Math.min(...tonicIsi) / burstIsi).toBeGreaterThan(4);
    });

    it('LTS: high-frequency onset with stronger adaptation than RS', () => {
      const isiLts = isisOf(trains.LTS);
      const isiRs = isisOf(trains.RS);
      const adaptLts = isiLts[isiLts.length - 1] / isiLts[0];
      expect(adaptLts).toBeGreaterThan(3);
      expect(adaptLts).toBeGreaterThan(isiRs[isiRs.length - 1] / isiRs[0]);
      expect(1000 / isiLts[0]).toBeGreaterThan(200);
    });
  });

  it('starts at v = −65, u = b·v, and treats exc − inh as current for one step only', () => {
    const p = IZHIKEVICH_PRESETS.RS;
    const s = createIzhikevichState(p, 2, 1);
    expect(s.v_mV[0]).toBe(-65);
    expect(s.u[0]).toBe(p.b * -65);
    const input = createPopulationInput(2);
    const out = createSpikeOutput(2);
    input.exc[0] = 7;
    input.inh[0] = 3;
    input.ext[1] = 4; // same net current, persistent
    izhikevichStep(p, s, input, out);
    expect(s.v_mV[0]).toBe(s.v_mV[1]);
    expect(s.u[0]).toBe(s.u[1]);
    expect(input.exc[0]).toBe(0);
    expect(input.inh[0]).toBe(0);
    expect(input.ext[1]).toBe(4);
    izhikevichStep(p, s, input, out);
    expect(s.v_mV[0]).toBeLessThan(s.v_mV[1]); // the event's current is gone in step 2
    expect(() => createIzhikevichState({ ...p, c: 40 }, 1, 1)).toThrow(/izhikevich: c \(40\) must be below vPeak_mV \(30\)/);
  });
});
