/**
 * Homeostatic synaptic scaling (Turrigiano 2008; van Rossum, Bi & Turrigiano 2000): each post
 * neuron estimates its rate with an exponential trace and, every `interval_ms`, multiplies all
 * its incoming weights by 1 + gain·(target − rate)/target (clamped to [0.5, 2] per interval,
 * then to the projection's weight bounds), pulling its rate towards the target.
 */
import type { SpikeOutput } from '../neurons/model.js';
import type { PlasticProjection, PlasticityRule } from './plasticityRule.js';
import { flushSynapse } from './plasticityRule.js';

export interface SynapticScalingParams {
  readonly kind: 'synaptic-scaling';
  readonly targetRate_Hz: number;
  /** Time constant of the rate estimate. @default 1000 */
  readonly tauRate_ms: number;
  /** How often weights are scaled. @default 100 */
  readonly interval_ms: number;
  /** Relative correction per interval at 100 % rate error. @default 0.1 */
  readonly gain: number;
  readonly wMin: number;
  readonly wMax: number;
}

export const SYNAPTIC_SCALING_DEFAULTS: Omit<SynapticScalingParams, 'kind' | 'targetRate_Hz'> = { tauRate_ms: 1000, interval_ms: 100, gain: 0.1, wMin: 0, wMax: Infinity };

export interface SynapticScalingState {
  readonly kind: 'synaptic-scaling';
  readonly rule: PlasticityRule<SynapticScalingState>;
  readonly params: SynapticScalingParams;
  /** Rate estimate per post neuron, Hz. */
  readonly rate_Hz: Float64Array;
  readonly decay: number;
  /** Hz added per spike so a regular train at f Hz settles at f. */
  readonly jump_Hz: number;
  readonly intervalSteps: number;
}

export function validateSynapticScaling(p: SynapticScalingParams, where: string): void {
  if (!(p.targetRate_Hz > 0)) throw new RangeError(`${where}.targetRate_Hz: expected > 0, got ${p.targetRate_Hz}`);
  if (!(p.tauRate_ms > 0)) throw new RangeError(`${where}.tauRate_ms: expected > 0, got ${p.tauRate_ms}`);
  if (!(p.interval_ms > 0)) throw new RangeError(`${where}.interval_ms: expected > 0, got ${p.interval_ms}`);
  if (!(p.gain >= 0)) throw new RangeError(`${where}.gain: expected ≥ 0, got ${p.gain}`);
  if (!(p.wMin < p.wMax)) throw new RangeError(`${where}: expected wMin < wMax, got ${p.wMin}, ${p.wMax}`);
}

export function createSynapticScaling(p: SynapticScalingParams, nPost: number, dt_ms: number): SynapticScalingState {
  const decay = Math.exp(-dt_ms / p.tauRate_ms);
  return {
    kind: 'synaptic-scaling',
    rule: synapticScalingRule,
    params: p,
    rate_Hz: new Float64Array(nPost),
    decay,
    jump_Hz: (1000 / p.tauRate_ms) * (-p.tauRate_ms / dt_ms) * Math.expm1(-dt_ms / p.tauRate_ms),
    intervalSteps: Math.max(1, Math.round(p.interval_ms / dt_ms)),
  };
}

export function resetSynapticScaling(st: SynapticScalingState): void {
  st.rate_Hz.fill(0);
}

/** After the post population stepped. Lazy rules on the projection are flushed before scaling. */
export function synapticScalingStep(st: SynapticScalingState, np: PlasticProjection, post: SpikeOutput, step: number): void {
  const r = st.rate_Hz;
  for (let j = 0; j < r.length; j++) r[j] *= st.decay;
  for (let k = 0; k < post.count; k++) r[post.list[k]] += st.jump_Hz;
  if ((step + 1) % st.intervalSteps !== 0) return;
  const { targetRate_Hz: target, gain, wMin, wMax } = st.params;
  const { colStart, colSyn, weight } = np.syn;
  for (let j = 0; j < r.length; j++) {
    let f = 1 + (gain * (target - r[j])) / target;
    f = f < 0.5 ? 0.5 : f > 2 ? 2 : f;
    for (let c = colStart[j]; c < colStart[j + 1]; c++) {
      const s = colSyn[c];
      flushSynapse(np, s);
      const w = weight[s] * f;
      weight[s] = w < wMin ? wMin : w > wMax ? wMax : w;
    }
  }
}

/** Homeostasis through the same contract as the learning rules: it acts at the end of a step. */
export const synapticScalingRule: PlasticityRule<SynapticScalingState> = {
  endStep: synapticScalingStep,
  reset: resetSynapticScaling,
};
