/**
 * One element of a NIR neuron node as a spikeloop neuron spec, per node type.
 *
 * Discretisation 'euler' (the default) maps each type onto its dimensionless NIR model
 * (controllers/neurons/nir*.ts: forward Euler, input held over the step — what the NIR
 * reference implementation, Norse and snnTorch run), parameters unchanged except time
 * constants to ms. A weight W on an edge into the node is the event weight as is.
 *
 * Discretisation 'exact' maps CubaLIF onto the engine's current-based `lif` (exact integration
 * per step, Rotter & Diesmann 1999): with v in mV and I in pA, τ_mem dv/dt = (v_leak − v) + r·I
 * is C dv/dt = −(C/τ_mem)(v − E_L) + I with C = τ_mem/r (pF for r in mV/pA = GΩ), and a spike,
 * one step of input 1 through w_in·W, moves the synaptic current by (dt/τ_syn)·w_in·W pA —
 * the engine's event weight. There is no refractory period (NIR has none). Other types have no
 * exact counterpart here and are refused.
 */
import type { NeuronSpec } from '../neurons/registry.js';
import type { NirParamNode } from './nirGraph.js';
import type { NirParamType } from './nirNodeTypes.js';

export type Discretisation = 'euler' | 'exact';
export const DISCRETISATIONS: readonly Discretisation[] = ['euler', 'exact'];

/** A neuron element as imported: its spec, and how an incoming NIR weight becomes an event weight. */
export interface ImportedNeuron {
  readonly spec: NeuronSpec & { readonly params: Readonly<Record<string, number>> };
  /** Event weight = W · factor.wIn · dt / factor.tauSyn_ms, or W itself when null. */
  readonly factor: { readonly wIn: number; readonly tauSyn_ms: number } | null;
}

export type NeuronNodeType = Extract<NirParamType, 'LIF' | 'CubaLIF' | 'IF' | 'LI' | 'CubaLI' | 'I' | 'Threshold'>;

/** Reads parameter `name` of the element. */
type Param = (name: string) => number;

/** Per type: the element under 'euler', given ms per file time unit. */
const EULER: { readonly [T in NeuronNodeType]: (p: Param, msPerUnit: number) => ImportedNeuron['spec'] } = {
  LIF: (p, f) => ({ kind: 'nir-lif', params: { tau_ms: p('tau') * f, r: p('r'), vLeak: p('v_leak'), vThreshold: p('v_threshold'), vReset: p('v_reset') } }),
  CubaLIF: (p, f) => ({
    kind: 'nir-cuba-lif',
    params: { tauSyn_ms: p('tau_syn') * f, tauMem_ms: p('tau_mem') * f, r: p('r'), vLeak: p('v_leak'), vThreshold: p('v_threshold'), vReset: p('v_reset'), wIn: p('w_in') },
  }),
  IF: (p, f) => ({ kind: 'nir-if', params: { r_perMs: p('r') / f, vThreshold: p('v_threshold'), vReset: p('v_reset') } }),
  LI: (p, f) => ({ kind: 'nir-li', params: { tau_ms: p('tau') * f, r: p('r'), vLeak: p('v_leak') } }),
  CubaLI: (p, f) => ({ kind: 'nir-cuba-li', params: { tauSyn_ms: p('tau_syn') * f, tauMem_ms: p('tau_mem') * f, r: p('r'), vLeak: p('v_leak'), wIn: p('w_in') } }),
  I: (p, f) => ({ kind: 'nir-i', params: { r_perMs: p('r') / f } }),
  Threshold: (p) => ({ kind: 'nir-threshold', params: { threshold: p('threshold') } }),
};

/** The element `i` of neuron node `node` (named `name`) as a spikeloop neuron. */
export function neuronFromNir(name: string, node: NirParamNode, i: number, msPerUnit: number, disc: Discretisation): ImportedNeuron {
  const type = node.type as NeuronNodeType;
  const p: Param = (k) => node.params[k]!.data[i]!;
  if (disc === 'euler') return { spec: EULER[type](p, msPerUnit), factor: null };
  if (type !== 'CubaLIF') {
    throw new RangeError(
      `node '${name}' (${type}): discretisation 'exact' maps only CubaLIF nodes (onto the engine's exactly integrated current-based 'lif'); use discretisation 'euler' for ${type}`,
    );
  }
  const tauMem = p('tau_mem') * msPerUnit;
  const tauSyn = p('tau_syn') * msPerUnit;
  if (!(p('r') > 0)) throw new RangeError(`node '${name}' (CubaLIF): r[${i}] = ${p('r')}; discretisation 'exact' needs r > 0 (the capacitance is τ_mem/r)`);
  return {
    spec: {
      kind: 'lif',
      params: {
        cMem_pF: tauMem / p('r'),
        tauMem_ms: tauMem,
        eLeak_mV: p('v_leak'),
        vThresh_mV: p('v_threshold'),
        vReset_mV: p('v_reset'),
        tRef_ms: 0,
        tauSynExc_ms: tauSyn,
        tauSynInh_ms: tauSyn,
      },
    },
    factor: { wIn: p('w_in'), tauSyn_ms: tauSyn },
  };
}

/** The engine's event weight for NIR weight `w` into a neuron imported as `n`, at step dt. */
export function eventWeight(w: number, n: ImportedNeuron, dt_ms: number): number {
  return n.factor === null ? w : (w * n.factor.wIn * dt_ms) / n.factor.tauSyn_ms;
}
