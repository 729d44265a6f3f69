/**
 * Add a neuron model: the quadratic integrate-and-fire (QIF) neuron, registered under the kind
 * 'examples/qif' and then named in a network spec like any built-in model.
 *
 *   τ dv/dt = v² + I            (dimensionless v; I = bias + external drive)
 *   v ≥ vPeak  →  spike, v ← vReset
 * Input events (`exc`, `inh`) jump v by their summed weight.
 *
 * For I > 0 the ODE has the closed form v(t) = √I·tan(√I·t/τ + θ₀), so the step advances the
 * phase θ = atan(v/√I) exactly and carries the time left over after a spike into the next
 * interval: the firing period is exactly T = τ/√I · (atan(vPeak/√I) − atan(vReset/√I)), which
 * the example (and its test) compares with the simulated rate. For I ≤ 0 it steps by Euler.
 *
 *   npx tsx examples/neuron-model.ts
 */
import { pathToFileURL } from 'node:url';
import { buildNetwork, emitSpike, findPopulation, registerNeuronModel, runSteps } from 'spikeloop';
import type { NeuronModel, NetworkSpec } from 'spikeloop';

/** Parameters: plain and readonly, the unit in the name where there is one. */
export interface QifParams {
  readonly tau_ms: number;
  readonly vPeak: number;
  readonly vReset: number;
  readonly bias: number;
}

export const QIF_DEFAULTS: QifParams = { tau_ms: 10, vPeak: 10, vReset: -10, bias: 0 };

/** State: one typed array per variable, plus the step's constant (derived from dt once). */
export interface QifState {
  readonly v: Float64Array;
  readonly dtOverTau: number;
}

export const qifModel: NeuronModel<QifParams, QifState> = {
  kind: 'examples/qif',
  create: (p, n, dt_ms) => {
    const s = { v: new Float64Array(n), dtOverTau: dt_ms / p.tau_ms };
    s.v.fill(p.vReset);
    return s;
  },
  reset: (p, s) => void s.v.fill(p.vReset),
  step: (p, s, input, out) => {
    const { v, dtOverTau } = s;
    for (let i = 0; i < v.length; i++) {
      let x = v[i]! + input.exc[i]! - input.inh[i]!;
      input.exc[i] = 0; // the contract: a step consumes its event input
      input.inh[i] = 0;
      const I = p.bias + input.ext[i]!;
      if (I > 0) {
        const r = Math.sqrt(I);
        const peak = Math.atan(p.vPeak / r);
        let theta = Math.atan(Math.min(x, p.vPeak) / r) + r * dtOverTau;
        if (theta >= peak) {
          emitSpike(out, i);
          theta = Math.atan(p.vReset / r) + (theta - peak);
          if (theta >= peak) theta = peak - 1e-9; // at most one spike per step
        }
        x = r * Math.tan(theta);
      } else {
        x += dtOverTau * (x * x + I);
        if (x >= p.vPeak) {
          emitSpike(out, i);
          x = p.vReset;
        }
      }
      v[i] = x;
    }
  },
  variables: (s) => ({ v: s.v }),
};

/** The analytic firing rate (Hz) of a QIF neuron under constant drive I > 0. */
export function qifRate_Hz(p: QifParams, I: number): number {
  const r = Math.sqrt(I);
  const period_ms = (p.tau_ms / r) * (Math.atan(p.vPeak / r) - Math.atan(p.vReset / r));
  return 1000 / period_ms;
}

export const DRIVES = [0.25, 1, 4] as const;

export interface NeuronModelResult {
  /** Simulated and analytic rate (Hz) per constant drive. */
  readonly rows: readonly { readonly drive: number; readonly rate_Hz: number; readonly analytic_Hz: number }[];
  /** Spikes of the population driven by Poisson input through a projection. */
  readonly drivenSpikes: number;
}

export function main(duration_ms = 2000, seed = 1): NeuronModelResult {
  registerNeuronModel({
    kind: 'examples/qif',
    defaults: QIF_DEFAULTS,
    model: qifModel,
    validate: (p) => {
      if (!(p.tau_ms > 0)) throw new RangeError(`tau_ms: expected > 0 ms, got ${p.tau_ms}`);
      if (!(p.vReset < p.vPeak)) throw new RangeError(`expected vReset < vPeak, got ${p.vReset} ≥ ${p.vPeak}`);
    },
  });
  const spec: NetworkSpec = {
    dt_ms: 0.1,
    populations: [
      { name: 'tonic', size: DRIVES.length, neuron: { kind: 'examples/qif' } },
      { name: 'noise', size: 50, source: { kind: 'poisson', rate_Hz: 100 } },
      { name: 'driven', size: 5, neuron: { kind: 'examples/qif', params: { bias: 0.1 } } },
    ],
    projections: [{ pre: 'noise', post: 'driven', connectivity: { kind: 'all-to-all' }, weight: 0.3 }],
  };
  const net = buildNetwork(spec, { seed });
  const tonic = findPopulation(net, 'tonic');
  tonic.input.ext.set(DRIVES); // a persistent drive per neuron
  const counts = new Float64Array(DRIVES.length);
  const driven = findPopulation(net, 'driven');
  let drivenSpikes = 0;
  const steps = Math.round(duration_ms / net.dt_ms);
  for (let k = 0; k < steps; k++) {
    runSteps(net, 1);
    for (let q = 0; q < tonic.spikes.count; q++) counts[tonic.spikes.list[q]!]!++;
    drivenSpikes += driven.spikes.count;
  }
  return {
    rows: DRIVES.map((drive, i) => ({ drive, rate_Hz: (counts[i]! * 1000) / duration_ms, analytic_Hz: qifRate_Hz(QIF_DEFAULTS, drive) })),
    drivenSpikes,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = main();
  for (const row of r.rows) console.log(`I = ${row.drive}: ${row.rate_Hz.toFixed(1)} Hz simulated, ${row.analytic_Hz.toFixed(1)} Hz analytic`);
  console.log(`Poisson-driven QIF neurons: ${r.drivenSpikes} spikes`);
}
