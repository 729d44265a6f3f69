/**
 * arm-reach-v1 — reach a target beside an obstacle with a planar two-link arm.
 *
 * Description: PLANAR_2DOF (shoulder 0.30 m, elbow 0.25 m, pitch joints about +y, mounted 0.6 m
 * up) moves in the vertical x–z plane. Each episode has ONE target and one spherical obstacle
 * (radius 3.5–5.5 cm), placed by the seed (armReachLayout.ts) either just beyond the target
 * (surface 5–9 cm past it, roughly along the approach: overshooting hits it) or, in half the
 * episodes, across the straight line from the tool to the target (a straight-line reach hits
 * it; a straight joint-space motion is guaranteed clear). Reaching fast is rewarded, touching
 * the obstacle ends the episode.
 * Action: `joint_velocity_target` (2, rad/s): the hinge motors' rate targets, clamped to ±4 rad/s
 * with at most the joint's torque (12 / 5 N·m).
 * Observation: the arm's sensors (`joint_position`, `joint_velocity`, `joint_effort`,
 * `ee_position`, `ee_orientation`, `contact_touch`, `contact_force`), `joint_origin` (6, m: world
 * position of each joint), and the task channels `target_position` (3, m) and `obstacle`
 * (4, m: centre x, y, z and radius of the sphere, as a perception system would report it).
 * Reward (per control step T = 20 ms; d = tool-to-target distance, c = link clearance to the
 * sphere, links as capsules of half their width):
 *   progress   = 10 /m · (d_prev − d)            (sums to 10·(d_start − d_end) over an episode)
 *   reach      = +1 when the target is reached and held
 *   contact    = −1 when a link touches the obstacle (physics contact)
 *   proximity  = −1 /s · T · max(0, 1 − c / 3 cm)
 *   effort     = −0.01 /(N·m·s) · Σ|τ_i| · T
 * Start: pose, target and obstacle from `new Rng(seed, 'reach-layout')`; the arm at rest.
 * End: terminated when the tool stays within 2 cm of the target for 0.3 s (success) or when a
 * link touches the obstacle (collision); truncated after 5 s (the time limit `defineScenario`
 * adds; the task itself never truncates).
 * Metrics: success, collisions, time_to_goal_s (when the successful hold began; NaN if none),
 * min_clearance_m, tracking_error_m (final tool-to-target distance), mean_distance_m (time
 * average of d), start_distance_m, energy (Σ|τ|·T, N·m·s, motor torques).
 * Versions: v1.
 */
import type { Body } from '../loop/body.js';
import type { ChannelSpec, Channels } from '../loop/channels.js';
import type { EpisodeStatus, RewardBreakdown, Task } from '../loop/task.js';
import { timeReached } from '../loop/timeTolerance.js';
import { PLANAR_2DOF } from '../sim/arm/armPresets.js';
import { closestPointOnLink } from '../loop/geometry/closestPointOnLink.js';
import type { ArmReachLayout } from './armReachLayout.js';
import { drawReachLayout } from './armReachLayout.js';
import { ArmTaskBody } from './armTaskBody.js';
import { defineScenario } from './defineScenario.js';
import type { Scenario } from './scenario.js';

/** The arm of arm-reach-v1. */
export const ARM_REACH_ARM = PLANAR_2DOF;

/** Task channels the reach body adds to the arm's sensors. */
export const ARM_REACH_TASK_CHANNELS: readonly ChannelSpec[] = [
  { name: 'target_position', size: 3, low: -Infinity, high: Infinity, unit: 'm', doc: 'target of the tool point, world frame' },
  { name: 'obstacle', size: 4, low: -Infinity, high: Infinity, unit: 'm', doc: 'obstacle sphere: centre x, y, z and radius' },
];

export interface ArmReachTaskParams {
  readonly controlRate_Hz: number;
  readonly timeLimit_s: number;
  /** Reach tolerance on the tool-to-target distance. */
  readonly tolerance_m: number;
  /** Time the tool must stay within tolerance. */
  readonly hold_s: number;
  readonly progress_perM: number;
  readonly reachBonus: number;
  readonly contactPenalty: number;
  /** Clearance below which the proximity penalty starts. */
  readonly proximityMargin_m: number;
  readonly proximity_perS: number;
  readonly effort_perNms: number;
}

export const ARM_REACH_TASK: ArmReachTaskParams = {
  controlRate_Hz: 50,
  timeLimit_s: 5,
  tolerance_m: 0.02,
  hold_s: 0.3,
  progress_perM: 10,
  reachBonus: 1,
  contactPenalty: 1,
  proximityMargin_m: 0.03,
  proximity_perS: 1,
  effort_perNms: 0.01,
};

/** A fresh arm-reach-v1 body (velocity mode). */
export function createArmReachBody(): ArmTaskBody<ArmReachLayout> {
  return new ArmTaskBody<ArmReachLayout>({
    arm: { params: ARM_REACH_ARM, mode: { kind: 'velocity' } },
    layout: (seed) => drawReachLayout(ARM_REACH_ARM, seed),
    startPose: (l) => l.startPose,
    obstacles: (l) => [l.obstacle],
    taskChannels: ARM_REACH_TASK_CHANNELS,
    taskValues: (l, out) => {
      out.target_position!.set(l.target);
      const o = out.obstacle!;
      o.set(l.obstacle.center_m);
      o[3] = l.obstacle.radius_m;
    },
  });
}

const LINK_POINT = new Float64Array(3);

/**
 * Link clearance to a sphere from observed joint origins and tool position (x–z capsules of
 * radius `halfWidth_m`; the sphere may sit off the plane). Allocates nothing.
 */
export function observedClearance(obs: Channels, halfWidth_m: ArrayLike<number>, cx: number, cy: number, cz: number, r: number): number {
  const o = obs.joint_origin!;
  const ee = obs.ee_position!;
  const n = o.length / 3;
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    closestPointOnLink(o, ee, i, cx, cy, cz, LINK_POINT);
    const ex = LINK_POINT[0]! - cx;
    const ey = LINK_POINT[1]! - cy;
    const ez = LINK_POINT[2]! - cz;
    const d = Math.sqrt(ex * ex + ey * ey + ez * ez) - r - halfWidth_m[i]!;
    if (d < best) best = d;
  }
  return best;
}

/** The judge of one arm-reach-v1 episode (see the module doc). */
export class ArmReachTask implements Task {
  readonly layout: ArmReachLayout;
  private readonly r: RewardBreakdown = { total: 0, terms: { progress: 0, reach: 0, contact: 0, proximity: 0, effort: 0 } };
  private readonly halfWidth_m: Float64Array;
  private st: EpisodeStatus = 'running';
  private started = false;
  private tPrev_s = 0;
  private dPrev_m = 0;
  private dStart_m = NaN;
  private holdStart_s = NaN;
  private timeToGoal_s = NaN;
  private success = 0;
  private collisions = 0;
  private minClearance_m = Infinity;
  private energy_Nms = 0;
  /** ∫ d dt (m·s). */
  private distanceTimeIntegral = 0;
  private lastDistance_m = NaN;

  constructor(
    seed: number,
    private readonly p: ArmReachTaskParams = ARM_REACH_TASK,
  ) {
    this.layout = drawReachLayout(ARM_REACH_ARM, seed);
    this.halfWidth_m = Float64Array.from(ARM_REACH_ARM.links, (l) => l.width_m / 2);
  }

  evaluate(obs: Channels, t_s: number): RewardBreakdown {
    const p = this.p;
    const terms = this.r.terms;
    const tg = this.layout.target;
    const tx = tg[0];
    const ty = tg[1];
    const tz = tg[2];
    const ee = obs.ee_position!;
    const ex = ee[0]! - tx;
    const ey = ee[1]! - ty;
    const ez = ee[2]! - tz;
    const d = Math.sqrt(ex * ex + ey * ey + ez * ez);
    const dt = this.started ? t_s - this.tPrev_s : 0;
    if (!this.started) {
      this.started = true;
      this.dPrev_m = d;
      this.dStart_m = d;
    }
    const ob = this.layout.obstacle;
    const c = observedClearance(obs, this.halfWidth_m, ob.center_m[0], ob.center_m[1], ob.center_m[2], ob.radius_m);
    if (c < this.minClearance_m) this.minClearance_m = c;
    const eff = obs.joint_effort!;
    let effort = 0;
    for (let i = 0; i < eff.length; i++) effort += Math.abs(eff[i]!);
    this.energy_Nms += effort * dt;
    this.distanceTimeIntegral += 0.5 * (d + this.dPrev_m) * dt;
    let touched = false;
    const touch = obs.contact_touch!;
    for (let i = 0; i < touch.length; i++) if (touch[i]! > 0) touched = true;

    terms.progress = p.progress_perM * (this.dPrev_m - d);
    terms.proximity = c < p.proximityMargin_m ? -p.proximity_perS * dt * Math.min(1, 1 - c / p.proximityMargin_m) : 0;
    terms.effort = -p.effort_perNms * effort * dt;
    terms.reach = 0;
    terms.contact = 0;
    if (touched) {
      this.collisions++;
      terms.contact = -p.contactPenalty;
      this.st = 'terminated';
    } else if (d < p.tolerance_m) {
      if (this.holdStart_s !== this.holdStart_s) this.holdStart_s = t_s;
      if (timeReached(t_s - this.holdStart_s, p.hold_s)) {
        this.success = 1;
        this.timeToGoal_s = this.holdStart_s;
        terms.reach = p.reachBonus;
        this.st = 'terminated';
      }
    } else {
      this.holdStart_s = NaN;
    }
    // Summed in the order the terms are listed, so the total is exactly their sum.
    this.r.total = terms.progress! + terms.reach! + terms.contact! + terms.proximity! + terms.effort!;
    this.dPrev_m = d;
    this.tPrev_s = t_s;
    this.lastDistance_m = d;
    return this.r;
  }

  status(): EpisodeStatus {
    return this.st;
  }

  metrics(): Record<string, number> {
    return {
      success: this.success,
      collisions: this.collisions,
      time_to_goal_s: this.timeToGoal_s,
      min_clearance_m: this.minClearance_m,
      tracking_error_m: this.lastDistance_m,
      mean_distance_m: this.tPrev_s > 0 ? this.distanceTimeIntegral / this.tPrev_s : this.lastDistance_m,
      start_distance_m: this.dStart_m,
      energy: this.energy_Nms,
    };
  }
}

export const ARM_REACH_V1: Scenario = defineScenario({
  id: 'arm-reach-v1',
  summary: 'planar 2-DOF arm reaches a seeded target next to an obstacle it must not touch (velocity commands)',
  bodyKind: 'arm',
  controlRate_Hz: ARM_REACH_TASK.controlRate_Hz,
  timeLimit_s: ARM_REACH_TASK.timeLimit_s,
  controllers: { spiking: 'arm-reach-snn', baseline: 'arm-reach-pid' },
  training: { episodes: 200, batch: 1, plasticity: 'train-only' },
  createBody: (): Body => createArmReachBody(),
  createTask: (_body: Body, seed: number): Task => new ArmReachTask(seed),
});
