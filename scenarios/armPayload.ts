/**
 * arm-payload-v1 — hold a posture while the payload on the tool changes (adaptive reflexes).
 *
 * Description: PLANAR_2DOF (shoulder 0.30 m / 1.0 kg, elbow 0.25 m / 0.6 kg, pitch joints about
 * +y) driven by joint torques must hold a seeded posture for 150 s of simulated time while the
 * load on its tool changes at seeded times (armPayloadSchedule.ts): in the first half, payloads
 * of 0.2–0.7 kg hanging from the tool, changed every 12–22 s; at 75 s the pattern changes to
 * heavier payloads (0.5–0.9 kg) plus a horizontal pull of 1.5–3.5 N (±x). Gravity on the arm
 * itself is not compensated by the body: the controller must supply it.
 * Action: `joint_torque` (2, N·m), clamped to ±12 / ±5 N·m.
 * Observation: the arm's sensors (`joint_position`, `joint_velocity`, `joint_effort`,
 * `ee_position`, `ee_orientation`, `contact_touch`, `contact_force`), `joint_origin` (6, m) and
 * the task channel `posture_target` (2, rad). The load is not observed.
 * Reward (per control step T = 10 ms; e_i = posture_i − q_i):
 *   posture = −10 /(rad·s) · T · mean_i |e_i|
 *   effort  = −0.01 /(N·m·s) · T · Σ_i |τ_i|
 * Start: the arm at rest in the posture (`new Rng(seed, 'payload-layout')`), first load applied.
 * End: truncated after 150 s (the time limit `defineScenario` adds); there is no success condition.
 * Metrics: tracking_error_rad (time mean of mean_i |e_i| over the episode), and the same over
 * windows: tracking_error_first_rad (the first 10 s), tracking_error_after_change_rad (the 2 s
 * right after the pattern change), tracking_error_last_rad (the last 10 s, a steady load);
 * tracking_error_phase_a_rad / _phase_b_rad (before / after the change); max_error_rad;
 * energy (Σ|τ|·T, N·m·s); success
 * (1 if the episode ran its full length), collisions (contacts with the environment),
 * time_to_goal_s (NaN: no goal), min_clearance_m (tool height above the ground).
 * Versions: v1.
 */
import type { Body } from '../loop/body.js';
import type { ChannelSpec, Channels } from '../loop/channels.js';
import type { EpisodeStatus, RewardBreakdown, Task } from '../loop/task.js';
import { timeReached } from '../loop/timeTolerance.js';
import { PLANAR_2DOF } from '../sim/arm/armPresets.js';
import type { ArmPayloadLayout, ArmPayloadLayoutParams } from './armPayloadSchedule.js';
import { ARM_PAYLOAD_LAYOUT, drawPayloadLayout, payloadForceAt } from './armPayloadSchedule.js';
import { ArmTaskBody } from './armTaskBody.js';
import { defineScenario } from './defineScenario.js';
import type { Scenario } from './scenario.js';

/** The arm of arm-payload-v1. */
export const ARM_PAYLOAD_ARM = PLANAR_2DOF;

export const ARM_PAYLOAD_TASK_CHANNELS: readonly ChannelSpec[] = [
  { name: 'posture_target', size: ARM_PAYLOAD_ARM.links.length, low: -Math.PI, high: Math.PI, unit: 'rad', doc: 'joint angles to hold' },
];

export interface ArmPayloadTaskParams {
  readonly controlRate_Hz: number;
  readonly layout: ArmPayloadLayoutParams;
  /** Length of the first and last metric windows. */
  readonly window_s: number;
  /** Length of the window right after the pattern change. */
  readonly changeWindow_s: number;
  readonly posture_perRadS: number;
  readonly effort_perNms: number;
}

export const ARM_PAYLOAD_TASK: ArmPayloadTaskParams = {
  controlRate_Hz: 100,
  layout: ARM_PAYLOAD_LAYOUT,
  window_s: 10,
  changeWindow_s: 2,
  posture_perRadS: 10,
  effort_perNms: 0.01,
};

/** A fresh arm-payload-v1 body (torque mode) for the given task parameters. */
export function createArmPayloadBody(p: ArmPayloadTaskParams = ARM_PAYLOAD_TASK): ArmTaskBody<ArmPayloadLayout> {
  const joints = ARM_PAYLOAD_ARM.links.length;
  return new ArmTaskBody<ArmPayloadLayout>({
    arm: { params: ARM_PAYLOAD_ARM, mode: { kind: 'torque' } },
    layout: (seed) => drawPayloadLayout(joints, seed, p.layout),
    startPose: (l) => l.posture,
    taskChannels: ARM_PAYLOAD_TASK_CHANNELS,
    taskValues: (l, out) => out.posture_target!.set(l.posture),
    toolForce: payloadForceAt,
  });
}

/** Running mean of a sampled signal over the samples that fall in a time window. */
class WindowMean {
  private sum = 0;
  private n = 0;
  constructor(
    private readonly from_s: number,
    private readonly to_s: number,
  ) {}
  add(t_s: number, v: number): void {
    if (timeReached(t_s, this.from_s) && !timeReached(t_s, this.to_s)) {
      this.sum += v;
      this.n++;
    }
  }
  value(): number {
    return this.n > 0 ? this.sum / this.n : NaN;
  }
}

/** The judge of one arm-payload-v1 episode (see the module doc). */
export class ArmPayloadTask implements Task {
  readonly layout: ArmPayloadLayout;
  private readonly r: RewardBreakdown = { total: 0, terms: { posture: 0, effort: 0 } };
  private readonly all: WindowMean;
  private readonly first: WindowMean;
  private readonly afterChange: WindowMean;
  private readonly last: WindowMean;
  private readonly phaseA: WindowMean;
  private readonly phaseB: WindowMean;
  private readonly T_s: number;
  private maxError_rad = 0;
  private energy_Nms = 0;
  private collisions = 0;
  private minToolHeight_m = Infinity;
  private lastT_s = 0;

  constructor(
    seed: number,
    private readonly p: ArmPayloadTaskParams = ARM_PAYLOAD_TASK,
  ) {
    this.layout = drawPayloadLayout(ARM_PAYLOAD_ARM.links.length, seed, p.layout);
    const { duration_s: D, patternChange_s: C } = this.layout;
    const w = p.window_s;
    this.all = new WindowMean(0, D + 1);
    this.first = new WindowMean(0, w);
    this.afterChange = new WindowMean(C, C + p.changeWindow_s);
    this.last = new WindowMean(D - w, D + 1);
    this.phaseA = new WindowMean(0, C);
    this.phaseB = new WindowMean(C, D + 1);
    this.T_s = 1 / p.controlRate_Hz;
  }

  evaluate(obs: Channels, t_s: number): RewardBreakdown {
    const q = obs.joint_position!;
    const target = this.layout.posture;
    let e = 0;
    for (let i = 0; i < target.length; i++) e += Math.abs(target[i]! - q[i]!);
    e /= target.length;
    if (e > this.maxError_rad) this.maxError_rad = e;
    this.all.add(t_s, e);
    this.first.add(t_s, e);
    this.afterChange.add(t_s, e);
    this.last.add(t_s, e);
    this.phaseA.add(t_s, e);
    this.phaseB.add(t_s, e);
    const tau = obs.joint_effort!;
    let effort = 0;
    for (let i = 0; i < tau.length; i++) effort += Math.abs(tau[i]!);
    // Effort of the period that just ended (none before the first one).
    const dt = t_s > 0 ? this.T_s : 0;
    this.energy_Nms += effort * dt;
    const touch = obs.contact_touch!;
    for (let i = 0; i < touch.length; i++) if (touch[i]! > 0) this.collisions++;
    const z = obs.ee_position![2]!;
    if (z < this.minToolHeight_m) this.minToolHeight_m = z;
    const terms = this.r.terms;
    terms.posture = -this.p.posture_perRadS * this.T_s * e;
    terms.effort = -this.p.effort_perNms * effort * dt;
    this.r.total = terms.posture! + terms.effort!;
    this.lastT_s = t_s;
    return this.r;
  }

  /** Never ends the episode itself: the time limit `defineScenario` adds truncates it. */
  status(): EpisodeStatus {
    return 'running';
  }

  metrics(): Record<string, number> {
    return {
      success: timeReached(this.lastT_s, this.layout.duration_s) ? 1 : 0,
      collisions: this.collisions,
      time_to_goal_s: NaN,
      min_clearance_m: this.minToolHeight_m,
      tracking_error_rad: this.all.value(),
      tracking_error_first_rad: this.first.value(),
      tracking_error_after_change_rad: this.afterChange.value(),
      tracking_error_last_rad: this.last.value(),
      tracking_error_phase_a_rad: this.phaseA.value(),
      tracking_error_phase_b_rad: this.phaseB.value(),
      max_error_rad: this.maxError_rad,
      energy: this.energy_Nms,
    };
  }
}

/** arm-payload-v1 with other task parameters (e.g. a shorter schedule for tests). */
export function armPayloadScenario(p: ArmPayloadTaskParams = ARM_PAYLOAD_TASK, id = 'arm-payload-v1'): Scenario {
  return defineScenario({
    id,
    summary: 'planar 2-DOF arm holds a posture with joint torques while the tool payload changes at seeded times (pattern changes mid-run)',
    bodyKind: 'arm',
    controlRate_Hz: p.controlRate_Hz,
    timeLimit_s: p.layout.duration_s,
    controllers: { spiking: 'arm-hold-reflex-snn', baseline: 'arm-hold-pid' },
    training: { episodes: 1, batch: 1, plasticity: 'online' },
    createBody: (): Body => createArmPayloadBody(p),
    createTask: (_body: Body, seed: number): Task => new ArmPayloadTask(seed, p),
  });
}

export const ARM_PAYLOAD_V1: Scenario = armPayloadScenario();
