import { describe, expect, it } from 'vitest';
import { allocateChannels } from '../../loop/channels.js';
import type { Channels } from '../../loop/channels.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { runEpisode } from '../../loop/runEpisode.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import { CRAZYFLIE_2X } from '../../sim/quadrotor/airframe.js';
import { CRAZYFLIE_2X_GAINS } from '../../sim/quadrotor/flightController.js';
import type { DroneGustParams } from '../../scenarios/droneGust.js';
import { DRONE_GUST_V1_PARAMS, DroneGustTask, droneGustScenario } from '../../scenarios/droneGust.js';
import { meanGustEnvelope } from '../../scenarios/gustProfile.js';
import type { GustPattern } from '../../scenarios/gustProfile.js';
import { HOLD_ACTUATORS, HOLD_SENSORS, HoldState, commandWorldVelocity, headingOf } from '../../controllers/presets/dronePositionHold.js';
import { DRONE_HOLD_PID, HOLD_PID_GAINS, HoldPidController } from '../../controllers/presets/droneHoldPid.js';
import { DRONE_HOLD_REFLEX_SNN, HOLD_REFLEX_PARAMS, HoldReflexController } from '../../controllers/presets/droneHoldReflexSnn.js';
import { restoreController, savedControllerOf } from '../../controllers/presets/controllerFile.js';

const RATE = 50;
const MASS = CRAZYFLIE_2X.mass_kg;

/** Odometry channels with a yaw ψ, a world position and a body-frame velocity. */
function odom(yaw: number, pos: readonly number[], vBody: readonly number[] = [0, 0, 0]): Channels {
  const o = allocateChannels(HOLD_SENSORS);
  o['odom_position']!.set(pos);
  o['odom_orientation']!.set([0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)]);
  o['odom_linear_velocity']!.set(vBody);
  return o;
}

function meanForce(p: GustPattern): [number, number] {
  const g = p.gustPeak_N * meanGustEnvelope(p);
  return [
    p.steady_N * Math.cos(p.steadyDirection_rad) + g * Math.cos(p.gustDirection_rad),
    p.steady_N * Math.sin(p.steadyDirection_rad) + g * Math.sin(p.gustDirection_rad),
  ];
}

describe('position hold through the velocity interface', () => {
  it('latches the set-point on the first update and reports world-frame error and velocity', () => {
    const h = new HoldState();
    const yaw = 0.7;
    h.update(odom(yaw, [1, 2, 1.5]));
    expect([...h.setpoint]).toEqual([1, 2, 1.5]);
    expect([...h.error]).toEqual([0, 0, 0]);
    h.update(odom(yaw, [1.25, 1.5, 1.75], [1, 0, 0.5]));
    expect([...h.error]).toEqual([0.25, -0.5, 0.25]);
    // Body x at heading ψ is world (cos ψ, sin ψ).
    expect(h.velocity[0]).toBeCloseTo(Math.cos(yaw), 6);
    expect(h.velocity[1]).toBeCloseTo(Math.sin(yaw), 6);
    expect(h.velocity[2]).toBeCloseTo(0.5, 6);
    h.clear();
    h.update(odom(yaw, [3, 3, 3]));
    expect([...h.setpoint]).toEqual([3, 3, 3]);
  });

  it('turns a world velocity into the heading frame of cmd_linear (REP-103 cmd_vel)', () => {
    const out = allocateChannels(HOLD_ACTUATORS);
    for (const yaw of [0, 0.4, -2.2, 3]) {
      const o = odom(yaw, [0, 0, 1]);
      expect(headingOf(o['odom_orientation']!)).toBeCloseTo(yaw, 6);
      commandWorldVelocity(0.3, -0.8, 0.2, o, out);
      const [hx, hy, vz] = out['cmd_linear']!;
      // Rotating the heading-frame command by ψ gives the world command back.
      expect(Math.cos(yaw) * hx! - Math.sin(yaw) * hy!).toBeCloseTo(0.3, 6);
      expect(Math.sin(yaw) * hx! + Math.cos(yaw) * hy!).toBeCloseTo(-0.8, 6);
      expect(vz).toBeCloseTo(0.2, 6);
      expect(out['cmd_yaw_rate']![0]).toBe(0);
    }
  });
});

describe('drone-hold-pid', () => {
  it('commands −k_p·e − k_i·∫e − k_d·v with the integral clamped at integralLimit / k_i', () => {
    const c = DRONE_HOLD_PID.create({ seed: 1, controlRate_Hz: RATE }) as HoldPidController;
    expect(c.network).toBeNull();
    expect(c.parameters()).toEqual({});
    const g = HOLD_PID_GAINS;
    const out = allocateChannels(c.actuators);
    const dt = 1 / RATE;
    c.reset(1);
    c.act(odom(0, [0, 0, 1.5]), 0, dt, out);
    expect(out['cmd_linear']!.every((x) => x === 0)).toBe(true);
    const e = [0.01, -0.02, 0.005];
    const v = [0.1, 0.05, -0.02];
    const o = odom(0, [e[0]!, e[1]!, 1.5 + e[2]!], v);
    const n = 10;
    for (let k = 0; k < n; k++) c.act(o, 0, dt, out);
    for (let i = 0; i < 3; i++) {
      // The float32 channel holds e; its integral after n steps is n·dt·e (well inside the clamp).
      const ei = o['odom_position']![i]! - (i === 2 ? Math.fround(1.5) : 0);
      const vi = o['odom_linear_velocity']![i]!;
      expect(out['cmd_linear']![i]).toBeCloseTo(-g.kp_perS * ei - g.ki_perS2 * n * dt * ei - g.kd * vi, 5);
    }
    // Held far off for long, the integral term saturates at integralLimit_mps.
    const far = odom(0, [1, 0, 1.5]);
    for (let k = 0; k < 200; k++) c.act(far, 0, dt, out);
    expect(out['cmd_linear']![0]).toBeCloseTo(-g.kp_perS * 1 - g.integralLimit_mps, 5);
  });

  it('rejects bad gains, naming the gain', () => {
    expect(() => new HoldPidController({ seed: 1, controlRate_Hz: RATE }, { ...HOLD_PID_GAINS, ki_perS2: -1 })).toThrow(/ki_perS2 must be a finite number ≥ 0/);
  });
});

/** A shortened drone-gust (60 s, change at 30 s, 10-s windows): the README run, reduced. */
const SHORT: DroneGustParams = { ...DRONE_GUST_V1_PARAMS, duration_s: 60, change_s: 30, window_s: 10 };
const short = droneGustScenario(SHORT, 'drone-gust-short');
const body = short.createBody();
const EPISODE_SEED = 4;

interface Run {
  readonly r: EpisodeResult;
  readonly c: HoldReflexController;
  readonly task: DroneGustTask;
  /** Mean learned command (m/s, world x, y) over the last window. */
  readonly learnedLast: [number, number];
}

function runReflex(learning: boolean, params: DroneGustParams = SHORT, seed = EPISODE_SEED): Run {
  const c = DRONE_HOLD_REFLEX_SNN.create({ seed: 2, controlRate_Hz: RATE }) as HoldReflexController;
  c.learning = learning;
  let task: DroneGustTask | null = null;
  const fromStep = (params.duration_s - params.window_s) * RATE;
  const sum = [0, 0];
  const r = runEpisode(
    body,
    c,
    (b, s) => {
      task = new DroneGustTask(b, s, params);
      // The scenario's time limit (defineScenario adds it; the task never truncates).
      return withTimeLimit(task, params.duration_s);
    },
    {
      seed,
      controlRate_Hz: RATE,
      onTick: (s) => {
        if (s.steps > fromStep) {
          sum[0] += c.learned[0]!;
          sum[1] += c.learned[1]!;
        }
      },
    },
  );
  const n = params.window_s * RATE;
  return { r, c, task: task! as DroneGustTask, learnedLast: [sum[0]! / n, sum[1]! / n] };
}

let cached: { on: Run; off: Run } | null = null;
function learningRuns(): { on: Run; off: Run } {
  cached ??= { on: runReflex(true), off: runReflex(false) };
  return cached;
}

describe('drone-hold-reflex-snn', () => {
  it('builds four plastic mossy → side projections, each neuron with its own mossy subset', () => {
    const c = DRONE_HOLD_REFLEX_SNN.create({ seed: 3, controlRate_Hz: RATE }) as HoldReflexController;
    const p = c.parameters();
    expect(Object.keys(p).sort()).toEqual(['mossy->x_neg', 'mossy->x_pos', 'mossy->y_neg', 'mossy->y_pos']);
    const P = HOLD_REFLEX_PARAMS;
    for (const w of Object.values(p)) {
      expect(w.length).toBe(P.neuronsPerSide * P.mossyPerNeuron);
      expect(w.every((x) => x === P.initialWeight_pA)).toBe(true);
    }
    const proj = c.network.projections[0]!.syn;
    const sets = new Set<string>();
    for (let j = 0; j < P.neuronsPerSide; j++) {
      const pre: number[] = [];
      for (let s = 0; s < proj.nSyn; s++) if (proj.postOf[s] === j) pre.push(proj.preOf[s]!);
      expect(pre.length).toBe(P.mossyPerNeuron);
      sets.add(pre.sort((a, b) => a - b).join(','));
    }
    expect(sets.size).toBe(P.neuronsPerSide);
  });

  it('learning cuts the position error by at least half against the innate reflex alone, and recovers after the change', () => {
    const { on, off } = learningRuns();
    const a = on.r.metrics;
    const b = off.r.metrics;
    expect(on.r.outcome).toBe('truncated');
    expect(off.r.outcome).toBe('truncated');
    // The target, on a 60-s run: ≥ 50 % less mean position error than the same controller frozen.
    expect(a.tracking_error_m!).toBeLessThan(0.5 * b.tracking_error_m!);
    // The change hurts (the learned command now points the wrong way) …
    expect(a.tracking_error_post_change_m!).toBeGreaterThan(1.5 * a.tracking_error_pre_change_m!);
    // … and learning goes on: the last window is at most half the window right after the change.
    expect(a.tracking_error_last_m!).toBeLessThan(0.5 * a.tracking_error_post_change_m!);
    expect(a.tracking_error_last_m!).toBeLessThan(0.5 * b.tracking_error_last_m!);
  });

  it('the learned command opposes the mean wind and is the velocity the onboard loop needs to balance it', () => {
    const { on } = learningRuns();
    const [fx, fy] = meanForce(on.task.gust.profile.patterns[1]);
    const [ux, uy] = on.learnedLast;
    const f = Math.hypot(fx, fy);
    const u = Math.hypot(ux, uy);
    expect((ux * fx + uy * fy) / (u * f)).toBeLessThan(0);
    // Holding still, the onboard velocity loop's acceleration k_v·v_cmd + k_i·I must cancel F̄/m,
    // and its integrator holds at most |k_i·I| ≤ k_i·limit: the learned command supplies the rest.
    const g = CRAZYFLIE_2X_GAINS;
    const residual = Math.hypot(fx / MASS + g.velKpXY_perS * ux, fy / MASS + g.velKpXY_perS * uy);
    expect(residual).toBeLessThan(1.05 * g.velKiXY_perS2 * g.velIntegralLimit_m);
    expect(u).toBeLessThan((1.1 * f) / MASS / g.velKpXY_perS);
    // Weights encode it: on the axis the learned command mostly loads, the side of its sign has the larger weights.
    const w = on.c.parameters();
    const mean = (x: Float32Array) => x.reduce((acc, v) => acc + v, 0) / x.length;
    const axis = Math.abs(ux) > Math.abs(uy) ? 'x' : 'y';
    const ua = axis === 'x' ? ux : uy;
    const pos = mean(w[`mossy->${axis}_pos`]!);
    const neg = mean(w[`mossy->${axis}_neg`]!);
    expect(Math.sign(pos - neg)).toBe(Math.sign(ua));
  });

  it('learning off leaves every weight exactly as it was; same seeds give bit-identical runs', () => {
    const brief: DroneGustParams = { ...SHORT, duration_s: 20, change_s: 10, window_s: 5 };
    const frozen = runReflex(false, brief);
    for (const w of Object.values(frozen.c.parameters())) expect(w.every((x) => x === HOLD_REFLEX_PARAMS.initialWeight_pA)).toBe(true);
    expect(frozen.r.activity.spikes).toBeGreaterThan(0);
    const a = runReflex(true, brief);
    const b = runReflex(true, brief);
    expect(b.r.metrics).toEqual(a.r.metrics);
    expect(b.r.return).toBe(a.r.return);
    expect(b.r.activity).toEqual(a.r.activity);
    const wa = a.c.parameters();
    const wb = b.c.parameters();
    for (const k of Object.keys(wa)) expect(wb[k]).toEqual(wa[k]);
    expect(Object.values(wa).some((w) => w.some((x) => x !== HOLD_REFLEX_PARAMS.initialWeight_pA))).toBe(true);
  });

  it('saves and restores its learned weights bit for bit', () => {
    const { on } = learningRuns();
    const saved = JSON.parse(JSON.stringify(savedControllerOf(on.c)));
    const back = restoreController(saved, DRONE_HOLD_REFLEX_SNN, 'test');
    const w0 = on.c.parameters();
    const w1 = back.parameters();
    for (const k of Object.keys(w0)) expect(w1[k]).toEqual(w0[k]);
  });

  it('rejects bad parameters, naming them', () => {
    const o = { seed: 1, controlRate_Hz: RATE };
    expect(() => new HoldReflexController(o, { ...HOLD_REFLEX_PARAMS, initialWeight_pA: 10 })).toThrow(/initialWeight_pA \(10\) must lie in \[wMin_pA, wMax_pA\]/);
    expect(() => new HoldReflexController(o, { ...HOLD_REFLEX_PARAMS, reflexGain_perS: -1 })).toThrow(/reflexGain_perS must be a finite number ≥ 0/);
    expect(() => new HoldReflexController(o, { ...HOLD_REFLEX_PARAMS, eta_per_ms: -1e-3 })).toThrow(/eta_per_ms must be ≥ 0/);
  });
});
