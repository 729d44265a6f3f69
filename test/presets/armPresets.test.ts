import { describe, expect, it } from 'vitest';
import type { Channels } from '../../loop/channels.js';
import { allocateChannels } from '../../loop/channels.js';
import { ChannelMismatchError, checkChannelsFit } from '../../loop/controlTick.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import { Rng } from '../../loop/rng.js';
import { PLANAR_2DOF } from '../../sim/arm/armPresets.js';
import { ARM_REACH_V1, createArmReachBody } from '../../scenarios/armReach.js';
import type { ArmPayloadTaskParams } from '../../scenarios/armPayload.js';
import { ARM_PAYLOAD_TASK, ARM_PAYLOAD_V1, armPayloadScenario, createArmPayloadBody } from '../../scenarios/armPayload.js';
import { ARM_PAYLOAD_LAYOUT } from '../../scenarios/armPayloadSchedule.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import { ARM_REACH_PID } from '../../controllers/presets/armReachPid.js';
import { ARM_REACH_SNN, ARM_REACH_SNN_PARAMS, polarErrorFeatures } from '../../controllers/presets/armReachSnn.js';
import { ARM_HOLD_PID, ARM_HOLD_PID_PARAMS } from '../../controllers/presets/armHoldPid.js';
import { ARM_HOLD_REFLEX_SNN, ARM_HOLD_REFLEX_SNN_PARAMS } from '../../controllers/presets/armHoldReflexSnn.js';
import { ARM_OBSTACLE_REFLEX, ARM_REACH_SENSORS, addObstacleReflex, dampedLeastSquares2, toolJacobianXZ } from '../../controllers/presets/planarArmReach.js';
import { restoreController, savedControllerOf } from '../../controllers/presets/controllerFile.js';
import type { PresetController } from '../../controllers/presets/preset.js';
import { fk } from '../sim/arm-fk.js';

/** Observation channels of the reach presets for joint angles q (test-side kinematics). */
function reachObs(q: readonly number[], target: readonly number[], obstacle: readonly number[] = [0, 0, -10, 0.05]): Channels {
  const o = allocateChannels(ARM_REACH_SENSORS);
  const f = fk(PLANAR_2DOF, q);
  o.joint_position!.set(q);
  o.joint_origin!.set([...f.joints[0]!, ...f.joints[1]!]);
  o.ee_position!.set(f.tip);
  o.target_position!.set(target);
  o.obstacle!.set(obstacle);
  return o;
}

function capsuleClearance(q: readonly number[], c: readonly number[], r: number): number {
  const f = fk(PLANAR_2DOF, q);
  const pts = [...f.joints, f.tip];
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const a = pts[i]!;
    const b = pts[i + 1]!;
    const d = [b[0] - a[0], b[2] - a[2]];
    const t = Math.min(1, Math.max(0, ((c[0]! - a[0]) * d[0]! + (c[2]! - a[2]) * d[1]!) / (d[0]! ** 2 + d[1]! ** 2)));
    best = Math.min(best, Math.hypot(a[0] + t * d[0]! - c[0]!, a[2] + t * d[1]! - c[2]!) - r - PLANAR_2DOF.links[i]!.width_m / 2);
  }
  return best;
}

describe('arm presets: channels and constants', () => {
  it('fit their scenarios’ bodies, and a reach preset on the payload body names what is missing', () => {
    const reach = createArmReachBody();
    const payload = createArmPayloadBody();
    for (const p of [ARM_REACH_PID, ARM_REACH_SNN]) checkChannelsFit(reach, p.create({ seed: 1, controlRate_Hz: ARM_REACH_V1.controlRate_Hz }));
    for (const p of [ARM_HOLD_PID, ARM_HOLD_REFLEX_SNN]) checkChannelsFit(payload, p.create({ seed: 1, controlRate_Hz: ARM_PAYLOAD_V1.controlRate_Hz }));
    let err: unknown = null;
    try {
      checkChannelsFit(payload, ARM_REACH_PID.create({ seed: 1, controlRate_Hz: 50 }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ChannelMismatchError);
    const msg = (err as Error).message;
    for (const name of ['target_position', 'obstacle', 'joint_torque']) expect(msg).toContain(`'${name}'`);
  });

  it('use the arm’s own limits and link width', () => {
    expect(ARM_OBSTACLE_REFLEX.halfWidth_m).toBe(PLANAR_2DOF.links[1]!.width_m / 2);
    expect(ARM_HOLD_PID_PARAMS.maxTorque_Nm).toEqual(PLANAR_2DOF.links.map((l) => l.maxTorque_Nm));
    expect(ARM_HOLD_REFLEX_SNN_PARAMS.maxTorque_Nm).toEqual(PLANAR_2DOF.links.map((l) => l.maxTorque_Nm));
  });
});

describe('planar reach geometry from observations', () => {
  it('the tool Jacobian from joint origins equals finite differences of the forward kinematics', () => {
    const rng = new Rng(4, 'poses');
    const J = new Float64Array(4);
    for (let k = 0; k < 10; k++) {
      const q = [rng.range(-1.5, 1.5), rng.range(-2, 2)];
      toolJacobianXZ(reachObs(q, [0, 0, 0]), J);
      const h = 1e-6;
      for (let j = 0; j < 2; j++) {
        const qp = [...q];
        const qm = [...q];
        qp[j]! += h;
        qm[j]! -= h;
        const a = fk(PLANAR_2DOF, qp).tip;
        const b = fk(PLANAR_2DOF, qm).tip;
        // Observations are Float32: compare to ~1e-6 m.
        expect(J[2 * j]).toBeCloseTo((a[0] - b[0]) / (2 * h), 5);
        expect(J[2 * j + 1]).toBeCloseTo((a[2] - b[2]) / (2 * h), 5);
      }
    }
  });

  it('damped least squares inverts the Jacobian exactly without damping and shrinks the step near the singularity', () => {
    const J = new Float64Array(4);
    const qd = new Float64Array(2);
    toolJacobianXZ(reachObs([0.3, 1.1], [0, 0, 0]), J);
    dampedLeastSquares2(J, 0.2, -0.1, 0, qd);
    expect(J[0]! * qd[0]! + J[2]! * qd[1]!).toBeCloseTo(0.2, 12);
    expect(J[1]! * qd[0]! + J[3]! * qd[1]!).toBeCloseTo(-0.1, 12);
    // Stretched out (q₁ = 0): the radial direction is singular; DLS gives a finite rate.
    toolJacobianXZ(reachObs([0.2, 0], [0, 0, 0]), J);
    dampedLeastSquares2(J, 0.1, 0, 0.03, qd);
    expect(Number.isFinite(qd[0]!) && Number.isFinite(qd[1]!)).toBe(true);
    expect(Math.hypot(qd[0]!, qd[1]!)).toBeLessThan(0.1 / (2 * 0.03));
  });

  it('the obstacle reflex moves the closest link away from the sphere inside its range, and does nothing outside', () => {
    const rng = new Rng(8, 'reflex');
    let pushed = 0;
    for (let k = 0; k < 40; k++) {
      const q = [rng.range(-1, 1), rng.range(0.3, 2)];
      const f = fk(PLANAR_2DOF, q);
      // A sphere near a random point of the forearm.
      const s = rng.range(0.2, 1);
      const px = f.joints[1]![0] + s * (f.tip[0] - f.joints[1]![0]);
      const pz = f.joints[1]![2] + s * (f.tip[2] - f.joints[1]![2]);
      const ang = rng.range(0, 2 * Math.PI);
      const r = 0.04;
      const gapWanted = rng.range(-0.005, 0.05);
      const d = r + ARM_OBSTACLE_REFLEX.halfWidth_m + gapWanted;
      const c = [px + d * Math.cos(ang), 0, pz + d * Math.sin(ang)];
      const before = capsuleClearance(q, c, r);
      const qd = new Float64Array(2);
      addObstacleReflex(reachObs(q, [0, 0, 0], [...c, r]), ARM_OBSTACLE_REFLEX, qd);
      if (before >= ARM_OBSTACLE_REFLEX.influence_m + 1e-6) {
        expect([...qd]).toEqual([0, 0]);
        continue;
      }
      if (before > ARM_OBSTACLE_REFLEX.influence_m - 1e-3) continue; // too weak to measure
      const dt = 1e-3;
      const after = capsuleClearance([q[0]! + dt * qd[0]!, q[1]! + dt * qd[1]!], c, r);
      expect(after).toBeGreaterThan(before);
      pushed++;
    }
    expect(pushed).toBeGreaterThan(10);
  });

  it('the spiking reach features are the squashed polar errors about the shoulder', () => {
    const q = [0.4, 1.2];
    const f = fk(PLANAR_2DOF, q);
    const s = f.joints[0]!;
    const target = [0.35, 0, 0.7];
    const out = new Float32Array(2);
    polarErrorFeatures(reachObs(q, target), ARM_REACH_SNN_PARAMS, out);
    const de = Math.atan2(target[2]! - s[2], target[0]! - s[0]) - Math.atan2(f.tip[2] - s[2], f.tip[0] - s[0]);
    const dr = Math.hypot(target[0]! - s[0], target[2]! - s[2]) - Math.hypot(f.tip[0] - s[0], f.tip[2] - s[2]);
    expect(out[0]).toBeCloseTo(Math.tanh(de / ARM_REACH_SNN_PARAMS.elevationScale_rad), 5);
    expect(out[1]).toBeCloseTo(Math.tanh(dr / ARM_REACH_SNN_PARAMS.distanceScale_m), 5);
  });
});

/** Success rate and mean of the time-averaged tool distance over held-out seeds, learning off. */
function evaluateReach(c: PresetController, seed: number, episodes: number): { success: number; meanDistance_m: number } {
  const body = createArmReachBody();
  const was = c.learning;
  c.learning = false;
  let success = 0;
  let dist = 0;
  for (let k = 0; k < episodes; k++) {
    const r = runScenarioEpisode(ARM_REACH_V1, body, c, { seed: episodeSeed(seed, 'eval', k) });
    success += r.metrics.success!;
    dist += r.metrics.mean_distance_m!;
  }
  c.learning = was;
  return { success: success / episodes, meanDistance_m: dist / episodes };
}

describe('arm-reach-snn', () => {
  it('learns to reach by reward: after 100 training episodes its held-out success rises ≥ 25 points and its mean distance falls ≥ 20 %', () => {
    const SEED = 7;
    const c = ARM_REACH_SNN.create({ seed: SEED, controlRate_Hz: ARM_REACH_V1.controlRate_Hz });
    const before = evaluateReach(c, SEED, 20);
    const body = createArmReachBody();
    c.learning = true;
    for (let k = 0; k < 100; k++) runScenarioEpisode(ARM_REACH_V1, body, c, { seed: episodeSeed(SEED, 'train', k) });
    const after = evaluateReach(c, SEED, 20);
    // The weak innate map reaches some targets within the time limit, slowly.
    expect(before.success).toBeLessThan(0.5);
    expect(after.success).toBeGreaterThanOrEqual(before.success + 0.25);
    expect(after.meanDistance_m).toBeLessThan(0.8 * before.meanDistance_m);
  });

  it('is deterministic by seed, frozen exactly with learning off, and restores from its file', () => {
    const body = createArmReachBody();
    const seed = episodeSeed(6, 'eval', 2);
    const a = ARM_REACH_SNN.create({ seed: 3, controlRate_Hz: 50 });
    a.learning = false;
    const w0 = Object.fromEntries(Object.entries(a.parameters()).map(([k, v]) => [k, Float32Array.from(v)]));
    const r1 = runScenarioEpisode(ARM_REACH_V1, body, a, { seed });
    for (const [k, v] of Object.entries(a.parameters())) expect(v).toEqual(w0[k]);
    const r2 = runScenarioEpisode(ARM_REACH_V1, body, a, { seed });
    expect(r2.metrics).toEqual(r1.metrics);
    expect(r2.activity).toEqual(r1.activity);
    // Learn one episode, save, restore: the copy behaves identically.
    a.learning = true;
    runScenarioEpisode(ARM_REACH_V1, body, a, { seed: episodeSeed(6, 'train', 0) });
    const changed = Object.entries(a.parameters()).some(([k, v]) => v.some((x, i) => x !== w0[k]![i]));
    expect(changed).toBe(true);
    const b = restoreController(JSON.parse(JSON.stringify(savedControllerOf(a))), ARM_REACH_SNN, 'memory');
    a.learning = false;
    b.learning = false;
    expect(runScenarioEpisode(ARM_REACH_V1, body, b, { seed }).metrics).toEqual(runScenarioEpisode(ARM_REACH_V1, body, a, { seed }).metrics);
  });
});

/** A reduced arm-payload-v1: 40 s, pattern change at 20 s, loads every 6–10 s, steady last 5 s. */
const SHORT_PAYLOAD: ArmPayloadTaskParams = {
  ...ARM_PAYLOAD_TASK,
  layout: { ...ARM_PAYLOAD_LAYOUT, duration_s: 40, patternChange_s: 20, segment_s: [6, 10], quietEnd_s: 5 },
  window_s: 5,
};

describe('arm-hold-reflex-snn', () => {
  it('learns online to cancel the payload (≥ 50 % less error than its frozen self) and recovers after the pattern change', () => {
    const sc = armPayloadScenario(SHORT_PAYLOAD, 'arm-payload-short');
    const body = sc.createBody();
    const seed = episodeSeed(1, 'eval', 0);
    const p = ARM_HOLD_REFLEX_SNN_PARAMS;
    /** At the last tick: the innate reflex's torque and the applied torque, per joint. */
    const run = (learning: boolean) => {
      const c = ARM_HOLD_REFLEX_SNN.create({ seed: 5, controlRate_Hz: sc.controlRate_Hz });
      c.learning = learning;
      const reflex = [0, 0];
      const applied = [0, 0];
      const res = runScenarioEpisode(sc, body, c, {
        seed,
        onTick: (s) => {
          for (let k = 0; k < 2; k++) {
            reflex[k] = p.kp_NmPerRad[k]! * (s.obs.posture_target![k]! - s.obs.joint_position![k]!) - p.kd_NmsPerRad[k]! * s.obs.joint_velocity![k]!;
            applied[k] = s.action.joint_torque![k]!;
          }
        },
      });
      return { res, reflex, applied };
    };
    const frozen = run(false);
    const learned = run(true);
    const f = frozen.res.metrics;
    const l = learned.res.metrics;
    expect(l.tracking_error_rad).toBeLessThan(0.5 * f.tracking_error_rad!);
    // Recovery: the steady end is better than the seconds right after the pattern change…
    expect(l.tracking_error_last_rad).toBeLessThan(l.tracking_error_after_change_rad!);
    // …and far better than the frozen reflex under the same final load.
    expect(l.tracking_error_last_rad).toBeLessThan(0.2 * f.tracking_error_last_rad!);
    // Mechanism: frozen, the innate reflex carries the load (the initial weights are balanced);
    // learned, the spiking feed-forward pathway carries most of it.
    for (let k = 0; k < 2; k++) {
      expect(Math.abs(frozen.reflex[k]!)).toBeGreaterThan(0.7 * Math.abs(frozen.applied[k]!));
      expect(Math.abs(learned.reflex[k]!)).toBeLessThan(0.25 * Math.abs(learned.applied[k]!));
    }
  });
});
