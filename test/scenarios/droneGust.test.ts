import { describe, expect, it } from 'vitest';
import * as CANNON from 'cannon-es';
import type { Body } from '../../loop/body.js';
import type { Channels } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import { runEpisode } from '../../loop/runEpisode.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import type { Task } from '../../loop/task.js';
import { createSimWorld, advanceWorld } from '../../sim/world/simWorld.js';
import { CRAZYFLIE_2X } from '../../sim/quadrotor/airframe.js';
import { CRAZYFLIE_2X_GAINS } from '../../sim/quadrotor/flightController.js';
import { QuadrotorBody } from '../../sim/quadrotor/quadrotorBody.js';
import type { GustPattern, GustProfile } from '../../scenarios/gustProfile.js';
import { GUST_RANGES_V1, attachGust, drawGustProfile, gustEnvelope, gustForce, meanGustEnvelope, validateGustRanges } from '../../scenarios/gustProfile.js';
import type { DroneGustParams } from '../../scenarios/droneGust.js';
import { DRONE_GUST_V1, DRONE_GUST_V1_PARAMS, DroneGustTask, droneGustScenario } from '../../scenarios/droneGust.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import { HOLD_ACTUATORS, HOLD_SENSORS, HoldState, commandWorldVelocity } from '../../controllers/presets/dronePositionHold.js';
import { DRONE_HOLD_PID, HOLD_PID_GAINS } from '../../controllers/presets/droneHoldPid.js';

/** A shortened drone-gust: 40 s, change at 20 s, 10-s windows. */
const SHORT: DroneGustParams = { ...DRONE_GUST_V1_PARAMS, duration_s: 40, change_s: 20, window_s: 10 };
const short = droneGustScenario(SHORT, 'drone-gust-short');
const MASS = CRAZYFLIE_2X.mass_kg;

/** Pure proportional position reflex v = −k·e (no integral, no learning). */
class PReflex implements Controller {
  readonly sensors = HOLD_SENSORS;
  readonly actuators = HOLD_ACTUATORS;
  private readonly hold = new HoldState();
  constructor(private readonly k_perS: number) {}
  reset(): void {
    this.hold.clear();
  }
  act(obs: Channels, _r: number, _dt: number, out: Channels): void {
    this.hold.update(obs);
    const e = this.hold.error;
    commandWorldVelocity(-this.k_perS * e[0]!, -this.k_perS * e[1]!, -this.k_perS * e[2]!, obs, out);
  }
}

/** Commands a constant world velocity. */
class Constant implements Controller {
  readonly sensors = HOLD_SENSORS;
  readonly actuators = HOLD_ACTUATORS;
  constructor(private readonly vz: number) {}
  reset(): void {}
  act(obs: Channels, _r: number, _dt: number, out: Channels): void {
    commandWorldVelocity(0, 0, this.vz, obs, out);
  }
}

/** Mean wind force of a pattern over a gust period (N, world x, y). */
function meanForce(p: GustPattern): [number, number] {
  const g = p.gustPeak_N * meanGustEnvelope(p);
  return [
    p.steady_N * Math.cos(p.steadyDirection_rad) + g * Math.cos(p.gustDirection_rad),
    p.steady_N * Math.sin(p.steadyDirection_rad) + g * Math.sin(p.gustDirection_rad),
  ];
}

/** Runs a scenario episode and keeps the task. */
function runKeepingTask(body: Body, c: Controller, seed: number, params = SHORT) {
  let task: DroneGustTask | null = null;
  const r = runEpisode(
    body,
    c,
    (b, s) => {
      task = new DroneGustTask(b, s, params);
      // The scenario's time limit (defineScenario adds it; the task never truncates).
      return withTimeLimit(task, params.duration_s);
    },
    { seed, controlRate_Hz: params.controlRate_Hz },
  );
  return { r, task: task! as DroneGustTask };
}

describe('gust profile', () => {
  const pattern: GustPattern = { steady_N: 0.07, steadyDirection_rad: 0.3, gustPeak_N: 0.025, gustDirection_rad: -0.2, gustPeriod_s: 6, gustLength_s: 2 };

  it('each gust is a 1 − cosine pulse of length D every P, whose mean over a period is D/(2P)', () => {
    const { gustPeriod_s: P, gustLength_s: D } = pattern;
    expect(gustEnvelope(pattern, 3 * P + D / 2)).toBeCloseTo(1, 12);
    expect(gustEnvelope(pattern, 3 * P + D / 4)).toBeCloseTo(0.5, 12);
    expect(gustEnvelope(pattern, 3 * P + D + 0.1)).toBe(0);
    expect(gustEnvelope(pattern, 3 * P)).toBe(0);
    // Midpoint rule over one period against the closed form.
    const n = 60_000;
    let sum = 0;
    for (let k = 0; k < n; k++) sum += gustEnvelope(pattern, ((k + 0.5) * P) / n);
    expect(sum / n).toBeCloseTo(D / (2 * P), 8);
    expect(meanGustEnvelope(pattern)).toBe(D / (2 * P));
  });

  it('the force is steady + gust along their directions, ramps in, and blends into the second pattern', () => {
    const second: GustPattern = { ...pattern, steady_N: 0.05, steadyDirection_rad: 2.5, gustDirection_rad: 2.8, gustPeriod_s: 7 };
    const g: GustProfile = { patterns: [pattern, second], change_s: 30, ramp_s: 1 };
    const f = new Float64Array(2);
    const expected = (p: GustPattern, t: number) => {
      const a = p.gustPeak_N * gustEnvelope(p, t);
      return [p.steady_N * Math.cos(p.steadyDirection_rad) + a * Math.cos(p.gustDirection_rad), p.steady_N * Math.sin(p.steadyDirection_rad) + a * Math.sin(p.gustDirection_rad)];
    };
    gustForce(g, 0, f);
    expect([f[0], f[1]]).toEqual([0, 0]);
    for (const t of [1, 6.7, 13, 29.9]) {
      gustForce(g, t, f);
      const e = expected(pattern, t);
      expect(f[0]).toBeCloseTo(e[0]!, 14);
      expect(f[1]).toBeCloseTo(e[1]!, 14);
    }
    gustForce(g, 0.25, f);
    expect(f[0]).toBeCloseTo(0.25 * expected(pattern, 0.25)[0]!, 14);
    gustForce(g, 30.5, f);
    expect(f[1]).toBeCloseTo(0.5 * expected(pattern, 30.5)[1]! + 0.5 * expected(second, 30.5)[1]!, 14);
    for (const t of [31, 45.2, 100]) {
      gustForce(g, t, f);
      const e = expected(second, t);
      expect(f[0]).toBeCloseTo(e[0]!, 14);
      expect(f[1]).toBeCloseTo(e[1]!, 14);
    }
  });

  it('is drawn from the seed inside the ranges, and the steady wind turns by at least the minimum', () => {
    const R = GUST_RANGES_V1;
    expect(drawGustProfile(5, 100)).toEqual(drawGustProfile(5, 100));
    expect(drawGustProfile(5, 100)).not.toEqual(drawGustProfile(6, 100));
    let minTurn = Math.PI;
    for (let seed = 0; seed < 200; seed++) {
      const g = drawGustProfile(seed, 100);
      for (const p of g.patterns) {
        expect(p.steady_N).toBeGreaterThanOrEqual(R.steady_N[0]);
        expect(p.steady_N).toBeLessThan(R.steady_N[1]);
        expect(p.gustPeak_N).toBeGreaterThanOrEqual(R.gustPeak_N[0]);
        expect(p.gustPeak_N).toBeLessThan(R.gustPeak_N[1]);
        expect(p.gustLength_s).toBeLessThanOrEqual(p.gustPeriod_s);
        expect(Math.abs(p.gustDirection_rad - p.steadyDirection_rad)).toBeLessThanOrEqual(R.gustSpread_rad);
      }
      const d = g.patterns[1].steadyDirection_rad - g.patterns[0].steadyDirection_rad;
      const turn = Math.abs(Math.atan2(Math.sin(d), Math.cos(d)));
      minTurn = Math.min(minTurn, turn);
    }
    expect(minTurn).toBeGreaterThanOrEqual(R.minTurn_rad - 1e-12);
  });

  it('rejects bad ranges, naming the field', () => {
    expect(() => validateGustRanges({ ...GUST_RANGES_V1, steady_N: [0.1, 0.05] })).toThrow(/steady_N must be \[lo, hi\]/);
    expect(() => validateGustRanges({ ...GUST_RANGES_V1, gustLength_s: [1, 9] })).toThrow(/longest gust \(9 s\) must fit in the shortest period \(5 s\)/);
    expect(() => validateGustRanges({ ...GUST_RANGES_V1, ramp_s: 0 })).toThrow(/ramp_s must be > 0 s/);
    expect(() => drawGustProfile(1, -1)).toThrow(/change_s must be > 0 s/);
  });

  it('the hook pushes a body in every physics step: Δv = Σ F(k·h)·h / m', () => {
    const sim = createSimWorld({ gravity_mps2: 0, ground: false });
    const m = 0.5;
    const body = new CANNON.Body({ mass: m, shape: new CANNON.Sphere(0.1), linearDamping: 0 });
    sim.world.addBody(body);
    const g = drawGustProfile(11, 3);
    const hook = attachGust(sim, body, g);
    advanceWorld(sim, 5);
    const h = sim.fixedStep_s;
    expect(hook.steps).toBe(sim.steps);
    const f = new Float64Array(2);
    let vx = 0;
    let vy = 0;
    for (let k = 0; k < sim.steps; k++) {
      gustForce(g, k * h, f);
      vx += (f[0]! * h) / m;
      vy += (f[1]! * h) / m;
    }
    expect(body.velocity.x).toBeCloseTo(vx, 12);
    expect(body.velocity.y).toBeCloseTo(vy, 12);
    expect(body.velocity.z).toBe(0);
  });
});

describe('drone-gust task', () => {
  it('is drone-gust-v1 with the documented settings', () => {
    expect(DRONE_GUST_V1.id).toBe('drone-gust-v1');
    expect(DRONE_GUST_V1.timeLimit_s).toBe(DRONE_GUST_V1_PARAMS.duration_s);
    expect(DRONE_GUST_V1.training.plasticity).toBe('online');
    expect(DRONE_GUST_V1.controllers).toEqual({ spiking: 'drone-hold-reflex-snn', baseline: 'drone-hold-pid' });
    const b = DRONE_GUST_V1.createBody();
    expect(b.actuators.map((a) => a.name)).toEqual(['cmd_linear', 'cmd_yaw_rate']);
  });

  it('a proportional reflex is left with the offset |F̄| / (m · k_v · k_p) the scenario predicts', () => {
    // Steady state: v = 0, so the onboard velocity loop's proportional term k_v·(−k_p·e) must
    // balance the mean wind F̄/m (its integrator is frozen: the velocity error is outside its band).
    const body = short.createBody();
    const kp = 2;
    const kv = CRAZYFLIE_2X_GAINS.velKpXY_perS;
    for (const seed of [1, 2, 3, 4]) {
      const { r, task } = runKeepingTask(body, new PReflex(kp), seed);
      const [fx, fy] = meanForce(task.gust.profile.patterns[0]);
      const predicted = Math.hypot(fx, fy) / (MASS * kv * kp);
      expect(r.metrics.tracking_error_pre_change_m!).toBeGreaterThan(0.85 * predicted);
      expect(r.metrics.tracking_error_pre_change_m!).toBeLessThan(1.15 * predicted);
      expect(r.metrics.success).toBe(0);
    }
  });

  it('reward terms sum to the total every step; −Σ position_error is the mean error times the episode time', () => {
    const body = short.createBody();
    let checked = 0;
    let task: DroneGustTask | null = null;
    const r = runEpisode(
      body,
      new PReflex(2),
      (b, s) => {
        const t = new DroneGustTask(b, s, SHORT);
        task = t;
        const wrapped: Task = {
          evaluate(obs, t_s) {
            const rb = t.evaluate(obs, t_s);
            const sum = rb.terms.position_error! + rb.terms.effort! + rb.terms.crash!;
            if (sum !== rb.total) throw new Error(`terms sum to ${sum}, total ${rb.total} at t = ${t_s}`);
            checked++;
            return rb;
          },
          status: () => t.status(),
          metrics: () => t.metrics(),
        };
        return withTimeLimit(wrapped, SHORT.duration_s);
      },
      { seed: 3, controlRate_Hz: SHORT.controlRate_Hz },
    );
    expect(task).not.toBeNull();
    const steps = SHORT.duration_s * SHORT.controlRate_Hz;
    expect(r.outcome).toBe('truncated');
    expect(r.steps).toBe(steps);
    expect(checked).toBe(steps + 1);
    const terms = r.rewardTerms;
    expect(terms.position_error! + terms.effort! + terms.crash!).toBeCloseTo(r.return, 10);
    expect(-terms.position_error!).toBeCloseTo(r.metrics.tracking_error_m! * SHORT.duration_s, 9);
    expect(terms.effort!).toBeLessThan(0);
    expect(terms.crash).toBe(0);
    // The whole-episode mean is the mean of the two halves, each made of two windows here.
    const m = r.metrics;
    expect(m.tracking_error_m!).toBeCloseTo((m.tracking_error_first_m! + m.tracking_error_pre_change_m! + m.tracking_error_post_change_m! + m.tracking_error_last_m!) / 4, 12);
    expect(m.collisions).toBe(0);
    expect(m.time_to_goal_s).toBeNaN();
    expect(m.min_clearance_m!).toBeGreaterThan(SHORT.hold_m[2] - 0.2);
  });

  it('the PID holds position under the gusts, and its energy is ∫ √((mg)² + |F|²) dt', () => {
    const body = short.createBody();
    const kv = CRAZYFLIE_2X_GAINS.velKpXY_perS;
    for (const seed of [5, 6]) {
      const { r, task } = runKeepingTask(body, DRONE_HOLD_PID.create({ seed: 1, controlRate_Hz: SHORT.controlRate_Hz }), seed);
      const m = r.metrics;
      // The proportional offset the same k_p would leave, for the stronger of the two patterns.
      const offsets = task.gust.profile.patterns.map((p) => Math.hypot(...meanForce(p)) / (MASS * kv * HOLD_PID_GAINS.kp_perS));
      const pOffset = Math.min(...offsets);
      expect(m.collisions).toBe(0);
      expect(m.success).toBe(1);
      // Integral action removes the offset: less than 15 % of it remains in the last window.
      expect(m.tracking_error_last_m!).toBeLessThan(0.15 * pOffset);
      expect(m.tracking_error_m!).toBeLessThan(0.3 * pOffset);
      // Holding still, the rotors carry the weight and the wind: |T| = √((mg)² + |F|²).
      const h = (body as QuadrotorBody).world.fixedStep_s;
      const f = new Float64Array(2);
      const w = MASS * 9.81;
      let e = 0;
      for (let k = 0; k < task.gust.steps; k++) {
        gustForce(task.gust.profile, k * h, f);
        e += Math.sqrt(w * w + f[0]! * f[0]! + f[1]! * f[1]!) * h;
      }
      expect(Math.abs(m.energy! / e - 1)).toBeLessThan(0.002);
    }
  });

  it('same seed ⇒ bit-identical metrics and return; another seed ⇒ another wind', () => {
    const body = short.createBody();
    const run = (seed: number) => runScenarioEpisode(short, body, DRONE_HOLD_PID.create({ seed: 1, controlRate_Hz: 50 }), { seed });
    const a = run(8);
    const b = run(8);
    const c = run(9);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.return).toBe(a.return);
    expect(b.rewardTerms).toEqual(a.rewardTerms);
    expect(c.metrics.energy).not.toBe(a.metrics.energy);
  });

  it('touching the ground ends the episode with a collision and the crash penalty', () => {
    const body = short.createBody();
    const r = runScenarioEpisode(short, body, new Constant(-3), { seed: 1 });
    expect(r.outcome).toBe('terminated');
    expect(r.metrics.collisions).toBe(1);
    expect(r.metrics.success).toBe(0);
    expect(r.rewardTerms.crash).toBe(-SHORT.crashPenalty);
    // 1.5 m at up to 3 m/s: well before the time limit.
    expect(r.duration_s).toBeLessThan(3);
    expect(r.metrics.min_clearance_m!).toBeLessThan(0.1);
  });

  it('rejects bad parameters and bodies, naming what was wrong', () => {
    expect(() => droneGustScenario({ ...SHORT, change_s: 40 })).toThrow(/change_s \(40 s\) must fall inside the episode/);
    expect(() => droneGustScenario({ ...SHORT, window_s: 25 })).toThrow(/window_s \(25 s\) must fit before and after the change/);
    expect(() => droneGustScenario({ ...SHORT, duration_s: 40.001 })).toThrow(/duration_s \(40.001 s\) must be a whole number of control periods/);
    expect(() => droneGustScenario({ ...SHORT, hold_m: [0, 0, 0] })).toThrow(/hold_m must be 3 finite coordinates with z > 0.2 m/);
    const notADrone = { sensors: [], actuators: [], reset() {}, observe() {}, command() {}, advance() {} } as Body;
    expect(() => short.createTask(notADrone, 1)).toThrow(/needs the QuadrotorBody/);
  });
});
