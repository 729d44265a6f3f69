/**
 * Shared pieces of the NIR neuron models (nirLif.ts, nirCubaLif.ts, nirIf.ts, nirLi.ts,
 * nirCubaLi.ts, nirI.ts, nirThreshold.ts): the forward-Euler coefficient with its stability
 * check, and the input a NIR node sees in one step.
 *
 * NIR (neuromorphs/NIR, nir/ir/neuron.py) defines its neurons as dimensionless continuous-time
 * equations. Every discrete-time backend (Norse, snnTorch, Rockpool, the NIR project's own numpy
 * reference, paper/03_rnn/extras/debug_CubaLIF/nir_reference_impl.py) runs them on a time grid
 * with the input held constant over a step, a spike being a value of 1 for one step. These
 * models do the same, by forward Euler, so a spike of weight w moves a LIF membrane by
 * (dt/τ)·r·w — the convention the published reference traces were produced with (the NIR
 * repository's paper/01_lif/debug_spike_representation notes that it makes a spike's effect
 * depend on dt).
 */
import type { PopulationInput } from './model.js';

/**
 * dt/τ, the forward-Euler factor of a time constant. Refuses dt > τ: the update would overshoot
 * the fixed point (and diverge past 2τ), which almost always means the time constants were read
 * in the wrong unit.
 */
export function eulerFactor(model: string, name: string, tau_ms: number, dt_ms: number): number {
  const a = dt_ms / tau_ms;
  if (!(a <= 1)) {
    throw new RangeError(
      `${model}: ${name} = ${tau_ms} ms is shorter than the step dt = ${dt_ms} ms (dt/τ = ${a.toPrecision(3)}); forward Euler needs dt ≤ τ — use a smaller step, or check the time unit the parameters were read in`,
    );
  }
  return a;
}

/**
 * The input of neuron i in this step — arriving events (inhibitory ones subtracted) plus the
 * persistent external input — and consumes the events.
 */
export function takeInput(input: PopulationInput, i: number): number {
  const x = input.exc[i] - input.inh[i] + input.ext[i];
  input.exc[i] = 0;
  input.inh[i] = 0;
  return x;
}
