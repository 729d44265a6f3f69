/**
 * The Vogels & Abbott (2005) random networks as used in Brette et al. (2007), "Simulation of
 * networks of spiking neurons: a review of tools and strategies", Benchmarks 1 (COBA) and 2
 * (CUBA): 4000 LIF neurons (3200 excitatory, 800 inhibitory), connection probability 0.02,
 * no external input; activity is self-sustained from the random initial state.
 * Parameters follow the Brian2 example scripts of these benchmarks, and so do the conventions:
 * delay 0 (Brian2's default, delivered within the step) and refractory 'brian2' (shortest
 * interval t_ref), so bench/brian2/vogels_abbott.py simulates the same network.
 */
import type { NetworkSpec, ProjectionSpec } from '../../controllers/network/networkSpec.js';
import type { RefractoryConvention } from '../../controllers/neurons/refractoryConvention.js';

export interface VogelsAbbottOptions {
  readonly nExc?: number;
  readonly nInh?: number;
  readonly p?: number;
  readonly dt_ms?: number;
  /** Synaptic delay. @default 0 (Brian2's default) */
  readonly delay_ms?: number;
  /** @default 'brian2' */
  readonly refractory?: RefractoryConvention;
}

function projections(p: number, wExc: number, wInh: number, delay_ms: number): ProjectionSpec[] {
  const conn = { kind: 'fixed-probability' as const, p };
  return [
    { name: 'ee', pre: 'exc', post: 'exc', target: 'exc', connectivity: conn, weight: wExc, delay_ms },
    { name: 'ei', pre: 'exc', post: 'inh', target: 'exc', connectivity: conn, weight: wExc, delay_ms },
    { name: 'ie', pre: 'inh', post: 'exc', target: 'inh', connectivity: conn, weight: wInh, delay_ms },
    { name: 'ii', pre: 'inh', post: 'inh', target: 'inh', connectivity: conn, weight: wInh, delay_ms },
  ];
}

/**
 * Benchmark 1 (COBA): E_L −60 mV, g_L 10 nS, τ_m 20 ms, V_th −50, V_reset −60 mV, t_ref 5 ms,
 * E_e 0, E_i −80 mV, τ_e 5, τ_i 10 ms, Δg_e 6 nS, Δg_i 67 nS; v₀ = E_L + N(−5, 5) mV,
 * g_e₀ = N(4, 1.5)·g_L, g_i₀ = N(20, 12)·g_L. Delay 0, as Brian2's default.
 */
export function cobaSpec(o: VogelsAbbottOptions = {}): NetworkSpec {
  const dt = o.dt_ms ?? 0.1;
  const gL = 10;
  const init = {
    v_mV: { kind: 'normal' as const, mean: -65, sd: 5 },
    gExc_nS: { kind: 'normal' as const, mean: 4 * gL, sd: 1.5 * gL },
    gInh_nS: { kind: 'normal' as const, mean: 20 * gL, sd: 12 * gL },
  };
  return {
    dt_ms: dt,
    refractory: o.refractory ?? 'brian2',
    populations: [
      { name: 'exc', size: o.nExc ?? 3200, neuron: { kind: 'coba-lif', params: {} }, init },
      { name: 'inh', size: o.nInh ?? 800, neuron: { kind: 'coba-lif', params: {} }, init },
    ],
    projections: projections(o.p ?? 0.02, 6, 67, o.delay_ms ?? 0),
  };
}

/**
 * Benchmark 2 (CUBA): τ_m 20 ms, E_L −49 mV, V_th −50, V_reset −60 mV, t_ref 5 ms, τ_e 5, τ_i 10 ms,
 * w_e +1.62 mV, w_i −9 mV (jumps of R·I), v₀ ~ U(V_reset, V_th). Our current-based LIF takes
 * currents in pA, so with C = 200 pF (R = τ_m/C = 0.1 GΩ) the jumps are 16.2 pA and 90 pA.
 */
export function cubaSpec(o: VogelsAbbottOptions = {}): NetworkSpec {
  const dt = o.dt_ms ?? 0.1;
  const cMem_pF = 200;
  const tauMem_ms = 20;
  const r_GOhm = tauMem_ms / cMem_pF;
  const params = { cMem_pF, tauMem_ms, eLeak_mV: -49, vThresh_mV: -50, vReset_mV: -60, tRef_ms: 5, tauSynExc_ms: 5, tauSynInh_ms: 10 };
  const init = { v_mV: { kind: 'uniform' as const, low: -60, high: -50 } };
  return {
    dt_ms: dt,
    refractory: o.refractory ?? 'brian2',
    populations: [
      { name: 'exc', size: o.nExc ?? 3200, neuron: { kind: 'lif', params }, init },
      { name: 'inh', size: o.nInh ?? 800, neuron: { kind: 'lif', params }, init },
    ],
    projections: projections(o.p ?? 0.02, 1.62 / r_GOhm, 9 / r_GOhm, o.delay_ms ?? 0),
  };
}
