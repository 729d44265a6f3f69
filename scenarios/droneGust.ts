/**
 * drone-gust-v1 — hold a hover point while the wind pushes, and keep adapting when it changes.
 *
 * ## Description
 * A Crazyflie 2.x starts in hover at (0, 0, 1.5) m and must stay there for 200 s while a
 * horizontal wind pushes it: a steady force plus periodic "1 − cosine" gusts, drawn from the
 * seed (gustProfile.ts). At t = 100 s the pattern changes — the steady wind turns by 90–180°
 * and steady strength, gust strength, period and length are redrawn — so whatever a controller
 * learned about the first wind is wrong afterwards. The force is applied to the drone body in
 * every physics step by a `beforeStep` hook. The steady wind (0.06–0.08 N, 2.2–3.0 m/s² on
 * 27 g) exceeds what the onboard velocity loop's integrator cancels (≤ 2 m/s², and it stops
 * integrating outside a ±0.2 m/s velocity-error band), so a proportional position reflex alone
 * is left with a steady offset of about (a_wind)/(3 s⁻¹ · k_p) — near 1 m for k_p = 1 s⁻¹; an
 * adaptive controller must learn the missing force. This is the adaptive-reflex task of
 * issue 4: `training.plasticity` is 'online'.
 *
 * ## Action
 * Velocity level (quadrotorBody.ts): `cmd_linear` [3] m/s (vx, vy in the heading frame, vz along
 * world z) and `cmd_yaw_rate` [1] rad/s.
 *
 * ## Observation
 * The quadrotor body's sensors: odometry (`odom_position`, `odom_orientation`,
 * `odom_linear_velocity`, `odom_angular_velocity`), IMU (`imu_*`) and `collision`. Position and
 * velocity are all a position hold needs; the wind is not observed.
 *
 * ## Reward
 * Per control period T (terms by name, summed into the total):
 *  - `position_error`: −w_e · |p − p_ref| · T   (w_e = 1 m⁻¹s⁻¹: the sum is −∫|e| dt)
 *  - `effort`:         −w_ω · |ω_body|² · T     (w_ω = 0.01 s/rad²: attitude activity)
 *  - `crash`:          −10 once, when the drone touches the ground (the episode terminates).
 *
 * ## Start
 * Hover at `hold_m` with the rotors at hover speed, level, heading 0. The wind ramps in over 1 s.
 *
 * ## End
 * Terminated when the drone touches the ground; truncated at `duration_s` (200 s) by the time
 * limit `defineScenario` adds (the task itself never truncates).
 *
 * ## Metrics
 * `tracking_error_m`: mean |p − p_ref| over the control steps (sampled at the end of each
 * period); `tracking_error_first_m`, `…_pre_change_m`, `…_post_change_m`, `…_last_m`: the same
 * over the first `window_s` (30 s), the window before the change, the window after it, and the
 * last window; `collisions` (1 if the ground was hit), `energy` (Σ thrust·h over physics steps,
 * N·s), `min_clearance_m` (lowest altitude), `success` (1 if the drone did not crash and its
 * last-window error is below 0.2 m), `time_to_goal_s` (NaN: no goal).
 *
 * ## Versions
 * - v1: this task.
 */
import type { Body } from '../loop/body.js';
import type { Channels } from '../loop/channels.js';
import type { EpisodeStatus, RewardBreakdown, Task } from '../loop/task.js';
import { findBodyLayer } from '../loop/wrappers/bodyWrapper.js';
import { CRAZYFLIE_2X, hoverRpm } from '../sim/quadrotor/airframe.js';
import { QuadrotorBody } from '../sim/quadrotor/quadrotorBody.js';
import type { Vec3Tuple } from '../sim/world/obstacles.js';
import type { GustHook, GustRanges } from './gustProfile.js';
import { GUST_RANGES_V1, attachGust, drawGustProfile, validateGustRanges } from './gustProfile.js';
import { defineScenario } from './defineScenario.js';
import type { Scenario } from './scenario.js';

export interface DroneGustParams {
  /** Episode length (s). */
  readonly duration_s: number;
  /** Time the wind pattern changes (s). */
  readonly change_s: number;
  /** Length of the metric windows (s). */
  readonly window_s: number;
  readonly controlRate_Hz: number;
  /** Hover point, also the start (m, world). */
  readonly hold_m: Vec3Tuple;
  readonly gust: GustRanges;
  readonly errorWeight_perMS: number;
  readonly effortWeight_sPerRad2: number;
  readonly crashPenalty: number;
  /** Last-window error below which the episode counts as a success (m). */
  readonly successError_m: number;
}

export const DRONE_GUST_V1_PARAMS: DroneGustParams = {
  duration_s: 200,
  change_s: 100,
  window_s: 30,
  controlRate_Hz: 50,
  hold_m: [0, 0, 1.5],
  gust: GUST_RANGES_V1,
  errorWeight_perMS: 1,
  effortWeight_sPerRad2: 0.01,
  crashPenalty: 10,
  successError_m: 0.2,
};

/** Throws a RangeError naming the bad field. */
export function validateDroneGustParams(p: DroneGustParams): void {
  const pos = (x: number, what: string) => {
    if (!(Number.isFinite(x) && x > 0)) throw new RangeError(`drone-gust: ${what} must be a finite number > 0, got ${x}`);
  };
  pos(p.duration_s, 'duration_s');
  pos(p.change_s, 'change_s');
  pos(p.window_s, 'window_s');
  pos(p.controlRate_Hz, 'controlRate_Hz');
  pos(p.successError_m, 'successError_m');
  if (!(p.change_s < p.duration_s)) throw new RangeError(`drone-gust: change_s (${p.change_s} s) must fall inside the episode (duration_s ${p.duration_s} s)`);
  if (!(p.window_s <= p.change_s && p.change_s + p.window_s <= p.duration_s)) {
    throw new RangeError(`drone-gust: window_s (${p.window_s} s) must fit before and after the change at ${p.change_s} s in ${p.duration_s} s`);
  }
  for (const [k, v] of [['duration_s', p.duration_s], ['change_s', p.change_s], ['window_s', p.window_s]] as const) {
    const n = v * p.controlRate_Hz;
    if (Math.abs(n - Math.round(n)) > 1e-9 * n) throw new RangeError(`drone-gust: ${k} (${v} s) must be a whole number of control periods at ${p.controlRate_Hz} Hz`);
  }
  if (!(p.hold_m.length === 3 && p.hold_m.every(Number.isFinite) && p.hold_m[2] > 0.2)) {
    throw new RangeError(`drone-gust: hold_m must be 3 finite coordinates with z > 0.2 m, got ${JSON.stringify(p.hold_m)}`);
  }
  for (const [k, v] of [['errorWeight_perMS', p.errorWeight_perMS], ['effortWeight_sPerRad2', p.effortWeight_sPerRad2], ['crashPenalty', p.crashPenalty]] as const) {
    if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`drone-gust: ${k} must be a finite number ≥ 0, got ${v}`);
  }
  validateGustRanges(p.gust);
}

const WINDOWS = ['first', 'pre_change', 'post_change', 'last'] as const;
const ERROR_SUM = 0;
const SAMPLES = 1;
const ENERGY = 2;
const MIN_Z = 3;

/** The judge of one drone-gust episode. Allocates nothing per step. */
export class DroneGustTask implements Task {
  /** The wind applied in this episode. */
  readonly gust: GustHook;
  private readonly p: DroneGustParams;
  private readonly body: QuadrotorBody;
  private readonly r: RewardBreakdown = { total: 0, terms: { position_error: 0, effort: 0, crash: 0 } };
  private st: EpisodeStatus = 'running';
  /** Control steps in the episode, and the window bounds in steps: (lo, hi] per window. */
  private readonly nSteps: number;
  private readonly windowLo: Int32Array;
  private readonly windowHi: Int32Array;
  private readonly windowSum = new Float64Array(4);
  private readonly windowCount = new Int32Array(4);
  /** [Σ error (m), samples, energy (N·s), lowest z (m)]: a typed array, so updating them every step allocates nothing. */
  private readonly acc = Float64Array.of(0, 0, 0, Infinity);
  private crashed = false;

  constructor(wrapped: Body, seed: number, params: DroneGustParams) {
    // The body may come wrapped (sensor noise, latency, recording): the wind acts on the drone inside.
    const body = findBodyLayer(wrapped, QuadrotorBody);
    if (body === null) throw new TypeError('drone-gust: the task needs the QuadrotorBody the scenario built (wrapped or not)');
    this.p = params;
    this.body = body;
    const rate = params.controlRate_Hz;
    this.nSteps = Math.round(params.duration_s * rate);
    const w = Math.round(params.window_s * rate);
    const c = Math.round(params.change_s * rate);
    this.windowLo = Int32Array.of(0, c - w, c, this.nSteps - w);
    this.windowHi = Int32Array.of(w, c, c + w, this.nSteps);
    this.gust = attachGust(body.world, body.quadrotor.body, drawGustProfile(seed, params.change_s, params.gust));
    const quad = body.quadrotor;
    const acc = this.acc;
    body.world.afterStep.push((h) => {
      acc[ENERGY] += quad.wrench[0]! * h;
    });
  }

  evaluate(obs: Channels, t_s: number): RewardBreakdown {
    const p = this.p;
    const k = Math.round(t_s * p.controlRate_Hz);
    const terms = this.r.terms;
    terms.position_error = 0;
    terms.effort = 0;
    terms.crash = 0;
    this.r.total = 0;
    if (this.st !== 'running') return this.r;
    const quad = this.body.quadrotor;
    if (quad.groundContactSteps > 0) {
      this.crashed = true;
      this.st = 'terminated';
      terms.crash = -p.crashPenalty;
      this.r.total = terms.crash;
      return this.r;
    }
    const pos = obs['odom_position']!;
    const h = p.hold_m;
    const dx = pos[0]! - h[0];
    const dy = pos[1]! - h[1];
    const dz = pos[2]! - h[2];
    const err = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (pos[2]! < this.acc[MIN_Z]!) this.acc[MIN_Z] = pos[2]!;
    if (k > 0) {
      // The state at the end of control period k judges that period.
      const period = 1 / p.controlRate_Hz;
      const w = obs['odom_angular_velocity']!;
      terms.position_error = -p.errorWeight_perMS * err * period;
      terms.effort = -p.effortWeight_sPerRad2 * (w[0]! * w[0]! + w[1]! * w[1]! + w[2]! * w[2]!) * period;
      this.r.total = terms.position_error + terms.effort;
      this.acc[ERROR_SUM] += err;
      this.acc[SAMPLES]++;
      for (let i = 0; i < 4; i++) {
        if (k > this.windowLo[i]! && k <= this.windowHi[i]!) {
          this.windowSum[i] += err;
          this.windowCount[i]++;
        }
      }
    }
    return this.r;
  }

  status(): EpisodeStatus {
    return this.st;
  }

  metrics(): Record<string, number> {
    const m: Record<string, number> = {
      success: !this.crashed && this.windowCount[3]! > 0 && this.windowSum[3]! / this.windowCount[3]! < this.p.successError_m ? 1 : 0,
      collisions: this.crashed ? 1 : 0,
      time_to_goal_s: Number.NaN,
      min_clearance_m: this.acc[MIN_Z]!,
      tracking_error_m: this.acc[SAMPLES]! > 0 ? this.acc[ERROR_SUM]! / this.acc[SAMPLES]! : Number.NaN,
      energy: this.acc[ENERGY]!,
    };
    for (let i = 0; i < 4; i++) {
      m[`tracking_error_${WINDOWS[i]}_m`] = this.windowCount[i]! > 0 ? this.windowSum[i]! / this.windowCount[i]! : Number.NaN;
    }
    return m;
  }
}

/** A drone-gust scenario with other parameters (shortened runs for tests and experiments). */
export function droneGustScenario(params: DroneGustParams, id = 'drone-gust-v1'): Scenario {
  validateDroneGustParams(params);
  const hover = hoverRpm(CRAZYFLIE_2X);
  return defineScenario({
    id,
    summary: 'hover in place under seeded wind gusts whose pattern changes mid-run (adaptive reflex, online learning)',
    bodyKind: 'quadrotor',
    controlRate_Hz: params.controlRate_Hz,
    timeLimit_s: params.duration_s,
    controllers: { spiking: 'drone-hold-reflex-snn', baseline: 'drone-hold-pid' },
    training: { episodes: 4, batch: 1, plasticity: 'online' },
    createBody: () =>
      new QuadrotorBody({
        control: { level: 'velocity' },
        start: { position_m: params.hold_m, initialRpm: hover },
      }),
    createTask: (body, seed) => new DroneGustTask(body, seed, params),
    describeScene: () => ({ goal_m: params.hold_m }),
  });
}

export const DRONE_GUST_V1: Scenario = droneGustScenario(DRONE_GUST_V1_PARAMS);
