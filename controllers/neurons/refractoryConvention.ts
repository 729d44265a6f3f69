/**
 * How an absolute refractory period t_ref is counted on the time grid — simulators differ, and the
 * difference is one step in every interspike interval. With R = t_ref/dt whole steps and a spike
 * emitted in step s:
 *
 *  - 'spikeloop' (default) and 'nest': v is held at V_reset in steps s+1 … s+R and integrates
 *    again from step s+R+1, so the shortest interspike interval is R + 1 steps (t_ref + dt).
 *    This is NEST's update loop (iaf_psc_exp, iaf_cond_exp: `if (r == 0) integrate; else --r;`
 *    then `r = RefractoryCounts` on a spike): NEST clamps V for exactly t_ref after the spike,
 *    whose stamp is the end of its step, and needs one more step to reach threshold again.
 *  - 'brian2': Brian2's `(unless refractory)` with `not_refractory = timestep(t − lastspike) ≥
 *    timestep(t_ref)`: v is held in steps s+1 … s+R−1 and integrates from step s+R, so the
 *    shortest interval is R steps (t_ref). Brian2 stamps a spike at the start of the step in which
 *    v crossed; its clamp is t_ref − dt long in update steps.
 *
 * The convention is resolved once, at build time, into the number of held steps each model's
 * coefficients carry (`refSteps`), so no per-step kernel (JS or WebAssembly) depends on it.
 * 'spikeloop' stays the default because every preset's seeded episodes were generated with it.
 */

export type RefractoryConvention = 'spikeloop' | 'nest' | 'brian2';

export const REFRACTORY_CONVENTIONS: readonly RefractoryConvention[] = ['spikeloop', 'nest', 'brian2'];

/** Options a neuron model's `create` receives besides (params, n, dt). */
export interface NeuronCreateOptions {
  /** @default 'spikeloop' */
  readonly refractory?: RefractoryConvention;
}

/** Steps v is held after the spike step, for a refractory period of `steps` whole steps. */
export function heldSteps(steps: number, convention: RefractoryConvention = 'spikeloop'): number {
  switch (convention) {
    case 'spikeloop':
    case 'nest':
      return steps;
    case 'brian2':
      return Math.max(0, steps - 1);
    default:
      throw new RangeError(`refractory: expected one of ${REFRACTORY_CONVENTIONS.map((c) => `'${c}'`).join(', ')}, got '${String(convention)}'`);
  }
}
