/**
 * Pair-based STDP parameters (Song, Miller & Abbott 2000; Morrison, Diesmann & Gerstner 2008).
 *
 * For a pre spike arriving at the synapse at t_pre and a post spike at t_post, Δt = t_post − t_pre:
 *   Δt ≥ 0:  Δw = +aPlus  · f₊(w) · e^{−Δt/τ₊}      (pre before post: potentiation)
 *   Δt < 0:  Δw = −aMinus · f₋(w) · e^{+Δt/τ₋}      (post before pre: depression)
 * additive:        f₊ = f₋ = 1, then w is clipped to [wMin, wMax];
 * multiplicative:  f₊ = (wMax − w)/(wMax − wMin), f₋ = (w − wMin)/(wMax − wMin) (soft bounds).
 * Traces: 'all-to-all' sums every earlier spike (trace += 1); 'nearest' keeps only the latest
 * (trace = 1). Δt is measured at the synapse: the pre time is the arrival time (emission + delay).
 */
import { z } from 'zod';
import { finite, nonNegative, positive } from '../network/specLeaves.js';
export interface StdpParams {
  readonly aPlus: number;
  readonly aMinus: number;
  readonly tauPlus_ms: number;
  readonly tauMinus_ms: number;
  readonly wMin: number;
  readonly wMax: number;
  readonly weightDependence: 'additive' | 'multiplicative';
  readonly pairing: 'all-to-all' | 'nearest';
}

export const STDP_DEFAULTS: StdpParams = {
  aPlus: 0.01,
  aMinus: 0.0105,
  tauPlus_ms: 20,
  tauMinus_ms: 20,
  wMin: 0,
  wMax: 1,
  weightDependence: 'additive',
  pairing: 'all-to-all',
};

/** The spec fields of StdpParams (all optional), shared by the rules built on STDP. */
export const STDP_FIELDS = {
  aPlus: nonNegative().optional(),
  aMinus: nonNegative().optional(),
  tauPlus_ms: positive().optional(),
  tauMinus_ms: positive().optional(),
  wMin: finite().optional(),
  wMax: finite().optional(),
  weightDependence: z.enum(['additive', 'multiplicative']).optional(),
  pairing: z.enum(['all-to-all', 'nearest']).optional(),
};

export function validateStdpParams(p: StdpParams, where: string): void {
  for (const k of ['aPlus', 'aMinus'] as const) {
    if (!(Number.isFinite(p[k]) && p[k] >= 0)) throw new RangeError(`${where}.${k}: expected a finite number ≥ 0, got ${p[k]}`);
  }
  for (const k of ['tauPlus_ms', 'tauMinus_ms'] as const) {
    if (!(Number.isFinite(p[k]) && p[k] > 0)) throw new RangeError(`${where}.${k}: expected a time constant > 0 ms, got ${p[k]}`);
  }
  if (!(p.wMin < p.wMax)) throw new RangeError(`${where}: expected wMin < wMax, got wMin=${p.wMin}, wMax=${p.wMax}`);
}

/** Weight-dependence factor for potentiation at weight w. */
export function potentiationFactor(p: StdpParams, w: number): number {
  return p.weightDependence === 'additive' ? 1 : (p.wMax - w) / (p.wMax - p.wMin);
}

/** Weight-dependence factor for depression at weight w. */
export function depressionFactor(p: StdpParams, w: number): number {
  return p.weightDependence === 'additive' ? 1 : (w - p.wMin) / (p.wMax - p.wMin);
}

export function clipWeight(p: StdpParams, w: number): number {
  return w < p.wMin ? p.wMin : w > p.wMax ? p.wMax : w;
}
