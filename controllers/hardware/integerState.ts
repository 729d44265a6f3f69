/**
 * Integer neuron state, TrueNorth/Loihi style, for current-based LIF populations (NEST
 * iaf_psc_exp, neurons/lif.ts): after every step the state is put back on a saturating integer
 * grid, i.e. stored as fixed-point numbers, while the step's arithmetic stays the model's own
 * exact propagators (a chip rounds inside the step too; this rounds once per step).
 *
 *  - membrane: u = round((v − E_L) / Δv) as a signed b_v-bit integer, clamped to
 *    [−2^(b_v−1), 2^(b_v−1) − 1], with Δv = (V_th − E_L) / (2^(b_v−1) − 1): rest is 0 and the
 *    threshold is the largest code, so v ∈ [E_L − 2^(b_v−1)·Δv, V_th] (inhibition saturates about
 *    V_th − E_L below rest, where Loihi and TrueNorth also floor the membrane);
 *  - synaptic currents: c = round(I / ΔI) as a signed b_I-bit integer, clamped to ±(2^(b_I−1) − 1),
 *    where ΔI is the smallest weight step (quantiser scale) of the projections onto that input, so
 *    a single weight step is one current unit, as on Loihi where the current accumulates integer
 *    weights.
 * Rounding is half away from zero. Only 'lif' populations are supported; spike sources have no
 * state. Grids derive from the model's parameters and are built once (`integerStateHook`).
 */
import type { StateArray } from '../network/boundNeurons.js';
import type { Network } from '../network/network.js';
import type { NeuronPopulationSpec } from '../network/networkSpec.js';
import type { LifParams } from '../neurons/lif.js';
import { resolveNeuronSpec } from '../neurons/registry.js';
import type { IntegerStateSpec } from './hardwareSpec.js';

/** The integer grid of one LIF population. */
export interface LifStateGrid {
  readonly eLeak_mV: number;
  /** Membrane step Δv (mV per code). */
  readonly dv_mV: number;
  readonly vMinCode: number;
  readonly vMaxCode: number;
  /** Current steps ΔI (pA per code) of the excitatory and inhibitory inputs. */
  readonly diExc_pA: number;
  readonly diInh_pA: number;
  /** Largest current code (the smallest is its negative). */
  readonly iMaxCode: number;
}

/** The grid of a LIF population with parameters `p`; currents in steps of `excStep_pA` / `inhStep_pA`. */
export function lifStateGrid(p: LifParams, spec: IntegerStateSpec, excStep_pA: number, inhStep_pA: number, where = 'lif'): LifStateGrid {
  const half = 2 ** (spec.membraneBits - 1);
  const dv = (p.vThresh_mV - p.eLeak_mV) / (half - 1);
  if (!(dv > 0)) throw new RangeError(`${where}: integer state needs vThresh_mV above eLeak_mV, got ${p.vThresh_mV} ≤ ${p.eLeak_mV}`);
  const vLow = p.eLeak_mV - half * dv;
  if (p.vReset_mV < vLow) {
    throw new RangeError(`${where}: vReset_mV ${p.vReset_mV} is below the ${spec.membraneBits}-bit membrane grid, which reaches down to ${vLow.toFixed(3)} mV`);
  }
  for (const [name, d] of [['excitatory', excStep_pA], ['inhibitory', inhStep_pA]] as const) {
    if (!(Number.isFinite(d) && d > 0)) throw new RangeError(`${where}: ${name} current step must be > 0 pA, got ${d}`);
  }
  return { eLeak_mV: p.eLeak_mV, dv_mV: dv, vMinCode: -half, vMaxCode: half - 1, diExc_pA: excStep_pA, diInh_pA: inhStep_pA, iMaxCode: 2 ** (spec.currentBits - 1) - 1 };
}

/** x → origin + step · clamp(round((x − origin)/step), lo, hi), in place, rounding half away from 0. */
export function snapToGrid(a: Float64Array | Float32Array, origin: number, step: number, lo: number, hi: number): void {
  const inv = 1 / step;
  for (let i = 0; i < a.length; i++) {
    const r = (a[i]! - origin) * inv;
    let c = r < 0 ? -Math.floor(-r + 0.5) : Math.floor(r + 0.5);
    c = c < lo ? lo : c > hi ? hi : c;
    a[i] = origin + c * step;
  }
}

/**
 * The network's `afterUpdate` hook holding every neuron population's LIF state on its grid.
 * `weightStep(projection)` is the quantiser scale of each projection (its weight step).
 * Throws a RangeError naming a population whose model is not 'lif'.
 */
export function integerStateHook(net: Network, spec: IntegerStateSpec, weightStep: (projectionName: string) => number): (net: Network) => void {
  const snaps: Array<{ v: StateArray; ie: StateArray; ii: StateArray; g: LifStateGrid }> = [];
  net.populations.forEach((pop, k) => {
    if (pop.dynamics.kind !== 'neurons') return;
    const ps = net.spec.populations[k] as NeuronPopulationSpec;
    const r = resolveNeuronSpec(ps.neuron, `populations[${k}].neuron`);
    if (r.kind !== 'lif') {
      throw new RangeError(`integer state supports 'lif' populations (current-based LIF, as on TrueNorth and Loihi); population '${pop.name}' is '${r.kind}'`);
    }
    const step = (target: 'exc' | 'inh') => {
      let d = Infinity;
      for (const np of net.projections) {
        if (np.syn.postIndex !== k || np.syn.target !== target) continue;
        const s = weightStep(np.syn.name);
        if (s > 0 && s < d) d = s;
      }
      return Number.isFinite(d) ? d : 1; // no input of that kind: the current stays 0 on any grid
    };
    const vars = pop.dynamics.neurons.variables;
    snaps.push({ v: vars['v_mV']!, ie: vars['iExc_pA']!, ii: vars['iInh_pA']!, g: lifStateGrid(r.params, spec, step('exc'), step('inh'), `population '${pop.name}'`) });
  });
  return () => {
    for (let k = 0; k < snaps.length; k++) {
      const s = snaps[k]!;
      const g = s.g;
      snapToGrid(s.v, g.eLeak_mV, g.dv_mV, g.vMinCode, g.vMaxCode);
      snapToGrid(s.ie, 0, g.diExc_pA, -g.iMaxCode, g.iMaxCode);
      snapToGrid(s.ii, 0, g.diInh_pA, -g.iMaxCode, g.iMaxCode);
    }
  };
}
