/**
 * A horizontal wind disturbance for the drone-gust scenario: a steady push plus periodic
 * "1 − cosine" gusts, whose pattern switches once, mid-run, to another direction and strength.
 *
 * Force on the drone's centre of mass at time t (world frame, N; z = 0):
 *
 *   F_k(t) = S_k·(cos θ_k, sin θ_k) + A_k·g_k(t)·(cos φ_k, sin φ_k)        (pattern k = 0, 1)
 *   g_k(t) = ½(1 − cos(2π τ / D_k)) if τ = t mod P_k < D_k, else 0          (one gust of length D_k every P_k)
 *   F(t)   = ramp(t) · [(1 − c(t))·F_0(t) + c(t)·F_1(t)]
 *   ramp(t) = min(1, t / T_r),   c(t) = clamp((t − t_change) / T_r, 0, 1)
 *
 * The 1 − cosine shape is the standard discrete gust of flight-load certification
 * (MIL-F-8785C §3.7.3; EASA CS-25.341(a)). The short linear blends (T_r) avoid a force step at
 * take-over and at the change; the change itself is a new steady direction at least 90° away,
 * so a controller that learned the first wind is wrong afterwards and must adapt again.
 *
 * Sizes for the Crazyflie 2.x (27 g, weight 0.265 N): a steady 0.06–0.08 N is a 3–4 m/s breeze
 * on its ~0.01 m² frontal area (½ρC_dAv², C_d ≈ 1) and needs 13–17° of tilt; steady plus gust
 * stays below the 0.153 N the onboard controller's 30° tilt limit can hold at hover thrust.
 * The onboard velocity integrator covers at most ki·limit = 2 m/s² ≈ 0.054 N
 * (flightController.ts), so the steady wind exceeds what the flight controller cancels alone.
 *
 * Everything is drawn from the episode seed (stream 'gust'); `gustForce` is pure and allocates nothing.
 */
import { Rng } from '../loop/rng.js';
import type { SimWorld } from '../sim/world/simWorld.js';
import type { Body as CannonBody } from 'cannon-es';

/** One wind pattern. */
export interface GustPattern {
  /** Steady force magnitude S (N). */
  readonly steady_N: number;
  /** Direction θ of the steady force, counter-clockwise from world +x (rad). */
  readonly steadyDirection_rad: number;
  /** Peak force A of a gust (N). */
  readonly gustPeak_N: number;
  /** Direction φ of the gusts (rad). */
  readonly gustDirection_rad: number;
  /** Time P from one gust's start to the next (s). */
  readonly gustPeriod_s: number;
  /** Length D of a gust (s), D ≤ P. */
  readonly gustLength_s: number;
}

export interface GustProfile {
  /** Pattern before and after the change. */
  readonly patterns: readonly [GustPattern, GustPattern];
  /** Time the pattern starts changing (s). */
  readonly change_s: number;
  /** Length T_r of the take-over ramp and of the blend at the change (s). */
  readonly ramp_s: number;
}

/** Ranges the seeded draw takes its values from (uniform). */
export interface GustRanges {
  readonly steady_N: readonly [number, number];
  readonly gustPeak_N: readonly [number, number];
  readonly gustPeriod_s: readonly [number, number];
  readonly gustLength_s: readonly [number, number];
  /** Largest angle between the gusts and the steady wind (rad). */
  readonly gustSpread_rad: number;
  /** The steady direction turns by an angle in [min, π] (either way) at the change (rad). */
  readonly minTurn_rad: number;
  readonly ramp_s: number;
}

/** The draw of drone-gust-v1. */
export const GUST_RANGES_V1: GustRanges = {
  steady_N: [0.06, 0.08],
  gustPeak_N: [0.02, 0.03],
  gustPeriod_s: [5, 8],
  gustLength_s: [1.5, 3],
  gustSpread_rad: Math.PI / 4,
  minTurn_rad: Math.PI / 2,
  ramp_s: 1,
};

function checkRange(r: readonly [number, number], what: string, positive: boolean): void {
  if (!(Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] <= r[1] && (positive ? r[0] > 0 : r[0] >= 0))) {
    throw new RangeError(`gust ranges: ${what} must be [lo, hi] with ${positive ? '0 <' : '0 ≤'} lo ≤ hi, got [${r[0]}, ${r[1]}]`);
  }
}

/** Throws a RangeError naming the bad field. */
export function validateGustRanges(r: GustRanges): void {
  checkRange(r.steady_N, 'steady_N', false);
  checkRange(r.gustPeak_N, 'gustPeak_N', false);
  checkRange(r.gustPeriod_s, 'gustPeriod_s', true);
  checkRange(r.gustLength_s, 'gustLength_s', true);
  if (!(r.gustLength_s[1] <= r.gustPeriod_s[0])) {
    throw new RangeError(`gust ranges: the longest gust (${r.gustLength_s[1]} s) must fit in the shortest period (${r.gustPeriod_s[0]} s)`);
  }
  if (!(r.gustSpread_rad >= 0 && r.gustSpread_rad <= Math.PI)) throw new RangeError(`gust ranges: gustSpread_rad must be in [0, π], got ${r.gustSpread_rad}`);
  if (!(r.minTurn_rad >= 0 && r.minTurn_rad <= Math.PI)) throw new RangeError(`gust ranges: minTurn_rad must be in [0, π], got ${r.minTurn_rad}`);
  if (!(r.ramp_s > 0 && Number.isFinite(r.ramp_s))) throw new RangeError(`gust ranges: ramp_s must be > 0 s, got ${r.ramp_s}`);
}

function drawPattern(rng: Rng, r: GustRanges, steadyDirection_rad: number): GustPattern {
  return {
    steady_N: rng.range(r.steady_N[0], r.steady_N[1]),
    steadyDirection_rad,
    gustPeak_N: rng.range(r.gustPeak_N[0], r.gustPeak_N[1]),
    gustDirection_rad: steadyDirection_rad + rng.range(-r.gustSpread_rad, r.gustSpread_rad),
    gustPeriod_s: rng.range(r.gustPeriod_s[0], r.gustPeriod_s[1]),
    gustLength_s: rng.range(r.gustLength_s[0], r.gustLength_s[1]),
  };
}

/** The wind of episode `seed` (stream 'gust'), changing at `change_s`. */
export function drawGustProfile(seed: number, change_s: number, r: GustRanges = GUST_RANGES_V1): GustProfile {
  validateGustRanges(r);
  if (!(change_s > 0 && Number.isFinite(change_s))) throw new RangeError(`drawGustProfile: change_s must be > 0 s, got ${change_s}`);
  const rng = new Rng(seed, 'gust');
  const theta0 = rng.range(0, 2 * Math.PI);
  const first = drawPattern(rng, r, theta0);
  const turn = rng.range(r.minTurn_rad, Math.PI) * (rng.uniform() < 0.5 ? -1 : 1);
  const second = drawPattern(rng, r, theta0 + turn);
  return { patterns: [first, second], change_s, ramp_s: r.ramp_s };
}

/** Gust envelope g(t) ∈ [0, 1] of one pattern. */
export function gustEnvelope(p: GustPattern, t_s: number): number {
  const tau = t_s - p.gustPeriod_s * Math.floor(t_s / p.gustPeriod_s);
  return tau < p.gustLength_s ? 0.5 * (1 - Math.cos((2 * Math.PI * tau) / p.gustLength_s)) : 0;
}

/** Mean of g over one period, D / (2P): the gusts' share of the mean force. */
export function meanGustEnvelope(p: GustPattern): number {
  return p.gustLength_s / (2 * p.gustPeriod_s);
}

/** Writes the force (N, world x and y) at time `t_s` into out[0], out[1]. */
export function gustForce(g: GustProfile, t_s: number, out: Float64Array): void {
  gustForceAtStep(g, 1, t_s, out);
}

/**
 * `gustForce` at t = step · step_s. The physics hook calls this form with an integer step and the
 * world's fixed step, so no time accumulates rounding and no double is boxed for the call.
 */
export function gustForceAtStep(g: GustProfile, step: number, step_s: number, out: Float64Array): void {
  const t_s = step * step_s;
  const ramp = t_s >= g.ramp_s ? 1 : t_s <= 0 ? 0 : t_s / g.ramp_s;
  const c = t_s <= g.change_s ? 0 : t_s >= g.change_s + g.ramp_s ? 1 : (t_s - g.change_s) / g.ramp_s;
  let fx = 0;
  let fy = 0;
  for (let k = 0; k < 2; k++) {
    const wk = k === 0 ? 1 - c : c;
    if (wk === 0) continue;
    const p = g.patterns[k]!;
    // The envelope, written out (see gustEnvelope) so this hot path makes no call with a double.
    const P = p.gustPeriod_s;
    const tau = t_s - P * Math.floor(t_s / P);
    const gust = tau < p.gustLength_s ? p.gustPeak_N * 0.5 * (1 - Math.cos((2 * Math.PI * tau) / p.gustLength_s)) : 0;
    fx += wk * (p.steady_N * Math.cos(p.steadyDirection_rad) + gust * Math.cos(p.gustDirection_rad));
    fy += wk * (p.steady_N * Math.sin(p.steadyDirection_rad) + gust * Math.sin(p.gustDirection_rad));
  }
  out[0] = ramp * fx;
  out[1] = ramp * fy;
}

/** The applied wind: the force of the current physics step and the steps taken. */
export interface GustHook {
  readonly profile: GustProfile;
  /** Force applied in the latest physics step (N, world x, y). */
  readonly force_N: Float64Array;
  /** Physics steps since attachment; t = steps · h. */
  steps: number;
}

/**
 * Applies the wind to `body` before every physics step of `sim` (cannon-es clears forces after
 * each internal step, so a force must be added in every step). Time counts whole steps from
 * attachment, so it never drifts. The hook allocates nothing.
 */
export function attachGust(sim: SimWorld, body: CannonBody, profile: GustProfile): GustHook {
  const hook: GustHook = { profile, force_N: new Float64Array(2), steps: 0 };
  sim.beforeStep.push((h) => {
    gustForceAtStep(profile, hook.steps, h, hook.force_N);
    body.force.x += hook.force_N[0]!;
    body.force.y += hook.force_N[1]!;
    hook.steps++;
  });
  return hook;
}
