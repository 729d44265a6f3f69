/**
 * A spikeloop neuron population as the parameters of a NIR neuron node, per neuron kind — the
 * inverse of neuronFromNir.ts.
 *
 * `lif` (NEST iaf_psc_exp) becomes a CubaLIF: τ_mem, τ_syn, r = τ_mem/C (mV/pA), v_leak = E_L,
 * v_threshold, v_reset, w_in = 1. Its event weight w (a jump of w pA in the synaptic current)
 * becomes the NIR weight W = w·τ_syn/dt, so that one spike — input 1 for one step, NIR's
 * discrete-time convention — moves the current by (dt/τ_syn)·W = w. The two synaptic time
 * constants must be equal (CubaLIF has one). What NIR cannot say: the refractory period and
 * the threshold test (v ≥ θ here, v > θ in NIR, which differ only on exact equality); the
 * exporter warns about a refractory period and keeps it in spikeloop metadata.
 * The `nir-*` kinds map one to one onto their NIR types, weights unchanged.
 */
import type { ResolvedNeuronSpec } from '../neurons/registry.js';
import type { NeuronNodeType } from './neuronFromNir.js';

export interface ExportedNeuron {
  readonly type: NeuronNodeType;
  /** Dataset values (one element; the exporter repeats them over the population). */
  readonly values: Readonly<Record<string, number>>;
  /** NIR weight = w · tauSyn_ms / dt, or w itself when null. */
  readonly factor: { readonly tauSyn_ms: number } | null;
}

/** Neuron kinds with a NIR counterpart. */
export const EXPORTABLE_KINDS = ['lif', 'nir-lif', 'nir-cuba-lif', 'nir-if', 'nir-li', 'nir-cuba-li', 'nir-i', 'nir-threshold'] as const;

export function neuronToNir(r: ResolvedNeuronSpec, msPerUnit: number, where: string): ExportedNeuron {
  const f = msPerUnit;
  switch (r.kind) {
    case 'lif': {
      const p = r.params;
      if (p.tauSynExc_ms !== p.tauSynInh_ms) {
        throw new RangeError(
          `${where}: tauSynExc_ms (${p.tauSynExc_ms}) and tauSynInh_ms (${p.tauSynInh_ms}) differ; a NIR CubaLIF has one synaptic time constant, so this population cannot be exported`,
        );
      }
      return {
        type: 'CubaLIF',
        values: { tau_syn: p.tauSynExc_ms / f, tau_mem: p.tauMem_ms / f, r: p.tauMem_ms / p.cMem_pF, v_leak: p.eLeak_mV, v_threshold: p.vThresh_mV, v_reset: p.vReset_mV, w_in: 1 },
        factor: { tauSyn_ms: p.tauSynExc_ms },
      };
    }
    case 'nir-lif': {
      const p = r.params;
      return { type: 'LIF', values: { tau: p.tau_ms / f, r: p.r, v_leak: p.vLeak, v_threshold: p.vThreshold, v_reset: p.vReset }, factor: null };
    }
    case 'nir-cuba-lif': {
      const p = r.params;
      return {
        type: 'CubaLIF',
        values: { tau_syn: p.tauSyn_ms / f, tau_mem: p.tauMem_ms / f, r: p.r, v_leak: p.vLeak, v_threshold: p.vThreshold, v_reset: p.vReset, w_in: p.wIn },
        factor: null,
      };
    }
    case 'nir-if':
      return { type: 'IF', values: { r: r.params.r_perMs * f, v_threshold: r.params.vThreshold, v_reset: r.params.vReset }, factor: null };
    case 'nir-li':
      return { type: 'LI', values: { tau: r.params.tau_ms / f, r: r.params.r, v_leak: r.params.vLeak }, factor: null };
    case 'nir-cuba-li': {
      const p = r.params;
      return { type: 'CubaLI', values: { tau_syn: p.tauSyn_ms / f, tau_mem: p.tauMem_ms / f, r: p.r, v_leak: p.vLeak, w_in: p.wIn }, factor: null };
    }
    case 'nir-i':
      return { type: 'I', values: { r: r.params.r_perMs * f }, factor: null };
    case 'nir-threshold':
      return { type: 'Threshold', values: { threshold: r.params.threshold }, factor: null };
    default:
      throw new RangeError(
        `${where}: neuron kind '${r.kind}' has no NIR counterpart (NIR's neurons are current-based LIF/CubaLIF/IF/LI/CubaLI/I/Threshold); exportable kinds: ${EXPORTABLE_KINDS.join(', ')}`,
      );
  }
}

/** The NIR weight for event weight `w` into a population exported as `n`, at step dt. */
export function nirWeight(w: number, n: ExportedNeuron, dt_ms: number): number {
  return n.factor === null ? w : (w * n.factor.tauSyn_ms) / dt_ms;
}
