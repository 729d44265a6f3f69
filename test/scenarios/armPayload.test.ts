import { describe, expect, it } from 'vitest';
import type { Channels } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import { runEpisode } from '../../loop/runEpisode.js';
import { withTimeLimit } from '../../loop/wrappers/withTimeLimit.js';
import type { RewardBreakdown, Task } from '../../loop/task.js';
import { PLANAR_2DOF } from '../../sim/arm/armPresets.js';
import type { ArmPayloadLayout } from '../../scenarios/armPayloadSchedule.js';
import { ARM_PAYLOAD_LAYOUT, drawPayloadLayout, payloadForceAt, segmentAt } from '../../scenarios/armPayloadSchedule.js';
import type { ArmPayloadTaskParams } from '../../scenarios/armPayload.js';
import { ARM_PAYLOAD_TASK, ARM_PAYLOAD_V1, ArmPayloadTask, armPayloadScenario, createArmPayloadBody } from '../../scenarios/armPayload.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import { ARM_HOLD_ACTUATORS, ARM_HOLD_SENSORS } from '../../controllers/presets/armHoldChannels.js';
import { ARM_HOLD_PID, ARM_HOLD_PID_PARAMS, ArmHoldPidController } from '../../controllers/presets/armHoldPid.js';
import { fk, holdingTorques } from '../sim/arm-fk.js';

const RATE = ARM_PAYLOAD_V1.controlRate_Hz;
const G = ARM_PAYLOAD_LAYOUT.gravity_mps2;

/** Joint torques that hold the arm still at `q` against gravity and a tool force F. */
function holdTorques(q: readonly number[], F: readonly number[]): number[] {
  const f = fk(PLANAR_2DOF, q);
  const grav = holdingTorques(PLANAR_2DOF, q, G);
  return grav.map((g, i) => {
    const r = [f.tip[0] - f.joints[i]![0], f.tip[1] - f.joints[i]![1], f.tip[2] - f.joints[i]![2]];
    const m = [r[1]! * F[2]! - r[2]! * F[1]!, r[2]! * F[0]! - r[0]! * F[2]!, r[0]! * F[1]! - r[1]! * F[0]!];
    const a = f.axes[i]!;
    return g - (m[0]! * a[0] + m[1]! * a[1] + m[2]! * a[2]);
  });
}

/** Proportional–derivative posture control, no integral: its steady error shows the load. */
class PdHold implements Controller {
  readonly sensors = ARM_HOLD_SENSORS;
  readonly actuators = ARM_HOLD_ACTUATORS;
  constructor(
    readonly kp: readonly number[],
    readonly kd: readonly number[],
  ) {}
  reset(): void {}
  act(obs: Channels, _r: number, _dt: number, out: Channels): void {
    for (let i = 0; i < 2; i++) out.joint_torque![i] = this.kp[i]! * (obs.posture_target![i]! - obs.joint_position![i]!) - this.kd[i]! * obs.joint_velocity![i]!;
  }
}

/** Keeps what evaluate saw, and checks each step's terms against its total. */
class Recorder implements Task {
  readonly t: number[] = [];
  readonly q: number[][] = [];
  readonly tau: number[][] = [];
  readonly totalsMatch: boolean[] = [];
  readonly posture: number[] = [];
  constructor(readonly inner: ArmPayloadTask) {}
  evaluate(obs: Channels, t_s: number): RewardBreakdown {
    this.t.push(t_s);
    this.q.push([...obs.joint_position!]);
    this.tau.push([...obs.joint_effort!]);
    const r = this.inner.evaluate(obs, t_s);
    this.totalsMatch.push(r.total === r.terms.posture! + r.terms.effort!);
    this.posture.push(r.terms.posture!);
    return r;
  }
  status() {
    return this.inner.status();
  }
  metrics() {
    return this.inner.metrics();
  }
}

/** A short schedule: 24 s, change at 12 s, one load per phase. */
const ONE_LOAD_PER_PHASE: ArmPayloadTaskParams = {
  ...ARM_PAYLOAD_TASK,
  layout: { ...ARM_PAYLOAD_LAYOUT, duration_s: 24, patternChange_s: 12, segment_s: [30, 40], quietEnd_s: 4 },
  window_s: 4,
};

describe('arm-payload-v1 schedules', () => {
  it('split the episode into seeded segments: phase A hangs payloads, phase B adds a pull, the end is steady', () => {
    const lp = ARM_PAYLOAD_LAYOUT;
    const signs = new Set<number>();
    for (let k = 0; k < 50; k++) {
      const seed = episodeSeed(21, 'train', k);
      const l = drawPayloadLayout(2, seed);
      expect(drawPayloadLayout(2, seed)).toEqual(l);
      for (let i = 0; i < 2; i++) {
        expect(l.posture[i]).toBeGreaterThanOrEqual(lp.posture_rad[i]![0]);
        expect(l.posture[i]).toBeLessThan(lp.posture_rad[i]![1]);
      }
      const s = [...l.segmentStart_s];
      expect(s[0]).toBe(0);
      expect(s).toContain(lp.patternChange_s);
      for (let j = 1; j < s.length; j++) {
        expect(s[j]).toBeGreaterThan(s[j - 1]!);
        const len = s[j]! - s[j - 1]!;
        // Segments end early only where a phase ends.
        if (s[j] !== lp.patternChange_s) expect(len).toBeGreaterThanOrEqual(lp.segment_s[0]);
        expect(len).toBeLessThanOrEqual(lp.segment_s[1]);
        if (s[j] !== lp.patternChange_s) expect(s[j]).toBeLessThan(lp.duration_s - lp.quietEnd_s);
      }
      for (let j = 0; j < s.length; j++) {
        const [fx, fy, fz] = [l.force_N[3 * j]!, l.force_N[3 * j + 1]!, l.force_N[3 * j + 2]!];
        const m = -fz / G;
        expect(fy).toBe(0);
        if (s[j]! < lp.patternChange_s) {
          expect(fx).toBe(0);
          expect(m).toBeGreaterThanOrEqual(lp.massA_kg[0] - 1e-12);
          expect(m).toBeLessThanOrEqual(lp.massA_kg[1] + 1e-12);
        } else {
          expect(Math.abs(fx)).toBeGreaterThanOrEqual(lp.pushB_N[0]);
          expect(Math.abs(fx)).toBeLessThanOrEqual(lp.pushB_N[1]);
          expect(m).toBeGreaterThanOrEqual(lp.massB_kg[0] - 1e-12);
          expect(m).toBeLessThanOrEqual(lp.massB_kg[1] + 1e-12);
          signs.add(Math.sign(fx));
        }
        // The force holds from the segment's start until the next one.
        const out = new Float64Array(3);
        payloadForceAt(l, s[j]!, out);
        expect([...out]).toEqual([fx, fy, fz]);
        expect(segmentAt(l, s[j]! - 1e-6)).toBe(Math.max(0, j - 1));
      }
    }
    expect(signs).toEqual(new Set([-1, 1]));
  });
});

describe('arm-payload-v1 physics and judging', () => {
  it('a PD hold settles where kp·e equals the torque holding gravity and the tool force (independent statics)', () => {
    const sc = armPayloadScenario(ONE_LOAD_PER_PHASE, 'arm-payload-short');
    const kp = [30, 10];
    const seed = episodeSeed(2, 'eval', 0);
    let rec: Recorder | null = null;
    const res = runEpisode(sc.createBody(), new PdHold(kp, [1.5, 0.3]), (_b, s) => withTimeLimit((rec = new Recorder(new ArmPayloadTask(s, ONE_LOAD_PER_PHASE))), ONE_LOAD_PER_PHASE.layout.duration_s), { seed, controlRate_Hz: RATE });
    expect(res.outcome).toBe('truncated');
    const r = rec as unknown as Recorder;
    const l: ArmPayloadLayout = r.inner.layout;
    for (const [tEnd, F] of [
      [ONE_LOAD_PER_PHASE.layout.patternChange_s, [...l.force_N.subarray(0, 3)]],
      [ONE_LOAD_PER_PHASE.layout.duration_s, [...l.force_N.subarray(3, 6)]],
    ] as const) {
      // The last tick before the phase ends: settled (10 s after the load step).
      const k = r.t.findLastIndex((t) => t < tEnd - 1e-9);
      const q = r.q[k]!;
      const want = holdTorques(q, F);
      for (let i = 0; i < 2; i++) {
        const e = l.posture[i]! - q[i]!;
        expect(Math.abs(kp[i]! * e - want[i]!)).toBeLessThan(0.01 * Math.abs(want[i]!) + 1e-3);
        // The encoder's effort is the torque the controller applied.
        expect(r.tau[k]![i]).toBeCloseTo(kp[i]! * e, 3);
      }
    }
    // The pull of phase B changes the holding torques: the two settled errors differ.
    expect(r.q[r.q.length - 1]).not.toEqual(r.q[r.t.findLastIndex((t) => t < 12 - 1e-9)]);
  });

  it('reports window means, energy and reward terms by their definitions', () => {
    const p = ONE_LOAD_PER_PHASE;
    const sc = armPayloadScenario(p, 'arm-payload-short');
    let rec: Recorder | null = null;
    const res = runEpisode(sc.createBody(), new PdHold([30, 10], [1.5, 0.3]), (_b, s) => withTimeLimit((rec = new Recorder(new ArmPayloadTask(s, p))), p.layout.duration_s), { seed: 77, controlRate_Hz: RATE });
    const r = rec as unknown as Recorder;
    const post = r.inner.layout.posture;
    const err = r.q.map((q) => (Math.abs(post[0]! - q[0]!) + Math.abs(post[1]! - q[1]!)) / 2);
    const mean = (from: number, to: number) => {
      const v = err.filter((_, k) => r.t[k]! >= from - 1e-9 && r.t[k]! < to - 1e-9);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    const D = p.layout.duration_s;
    const C = p.layout.patternChange_s;
    const m = res.metrics;
    expect(r.t[r.t.length - 1]).toBeCloseTo(D, 9);
    expect(m.tracking_error_rad).toBeCloseTo(mean(0, D + 1), 12);
    expect(m.tracking_error_first_rad).toBeCloseTo(mean(0, p.window_s), 12);
    expect(m.tracking_error_after_change_rad).toBeCloseTo(mean(C, C + p.changeWindow_s), 12);
    expect(m.tracking_error_last_rad).toBeCloseTo(mean(D - p.window_s, D + 1), 12);
    expect(m.tracking_error_phase_a_rad).toBeCloseTo(mean(0, C), 12);
    expect(m.tracking_error_phase_b_rad).toBeCloseTo(mean(C, D + 1), 12);
    expect(m.max_error_rad).toBe(Math.max(...err));
    const T = 1 / RATE;
    const energy = r.tau.slice(1).reduce((s, t) => s + (Math.abs(t[0]!) + Math.abs(t[1]!)) * T, 0);
    expect(m.energy).toBeCloseTo(energy, 9);
    expect(r.totalsMatch.every((x) => x)).toBe(true);
    expect(res.rewardTerms.posture).toBeCloseTo(-p.posture_perRadS * T * err.reduce((a, b) => a + b, 0), 9);
    expect(res.rewardTerms.effort).toBeCloseTo(-p.effort_perNms * energy, 9);
    expect(res.return).toBeCloseTo(res.rewardTerms.posture! + res.rewardTerms.effort!, 9);
    expect(m.success).toBe(1);
    expect(m.collisions).toBe(0);
  });
});

describe('arm-payload-v1 with the PID baseline', () => {
  it('is deterministic by seed (bit for bit)', () => {
    const sc = armPayloadScenario(ONE_LOAD_PER_PHASE, 'arm-payload-short');
    const a = runScenarioEpisode(sc, sc.createBody(), ARM_HOLD_PID.create({ seed: 1, controlRate_Hz: RATE }), { seed: 4242 });
    const b = runScenarioEpisode(sc, sc.createBody(), ARM_HOLD_PID.create({ seed: 1, controlRate_Hz: RATE }), { seed: 4242 });
    expect(b.metrics).toEqual(a.metrics);
    expect(b.return).toBe(a.return);
  });

  it('holds the posture through the full 150 s schedule: the integral removes the steady error a PD keeps', () => {
    const body = createArmPayloadBody();
    const seed = episodeSeed(1, 'eval', 0);
    const pid = runScenarioEpisode(ARM_PAYLOAD_V1, body, new ArmHoldPidController({ seed: 1, controlRate_Hz: RATE }), { seed });
    const pd = runScenarioEpisode(ARM_PAYLOAD_V1, body, new PdHold(ARM_HOLD_PID_PARAMS.kp_NmPerRad, ARM_HOLD_PID_PARAMS.kd_NmsPerRad), { seed });
    expect(pid.duration_s).toBeCloseTo(ARM_PAYLOAD_LAYOUT.duration_s, 9);
    // The last window holds a steady load (quiet end): PD sits at its static error, PID at ~0.
    const l = drawPayloadLayout(2, seed);
    const F = [...l.force_N.subarray(l.force_N.length - 3)];
    const qPosture = [...l.posture];
    const staticErr = holdTorques(qPosture, F).map((t, i) => Math.abs(t) / ARM_HOLD_PID_PARAMS.kp_NmPerRad[i]!);
    const staticMean = (staticErr[0]! + staticErr[1]!) / 2;
    expect(pd.metrics.tracking_error_last_rad).toBeGreaterThan(0.9 * staticMean);
    expect(pd.metrics.tracking_error_last_rad).toBeLessThan(1.1 * staticMean);
    expect(pid.metrics.tracking_error_last_rad).toBeLessThan(0.01 * staticMean);
    // Over the whole episode only the load steps leave errors: ≤ 2 % of the PD's.
    expect(pid.metrics.tracking_error_rad).toBeLessThan(0.02 * pd.metrics.tracking_error_rad!);
    expect(pid.metrics.max_error_rad).toBeLessThan(pd.metrics.max_error_rad!);
  });
});
