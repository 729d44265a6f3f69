/**
 * The task shared by the drone crossing scenarios (forest, corridor): fly from the start to a
 * goal line x = goalX_m without touching an obstacle or leaving the flight box.
 *
 * Reward terms per control step (all dimensionless):
 *  - `progress`:  k_p · Δx, the metres gained towards the goal line since the last step;
 *  - `clearance`: k_c · (Φ(c) − Φ(c_prev)), potential-based shaping (Ng, Harada & Russell 1999)
 *                 on the clearance c (m) to the nearest obstacle surface, Φ(c) = −max(0, 1 − c/c₀)²,
 *                 so closing in on an obstacle costs and backing away pays back;
 *  - `collision`: −P once, when the drone touches an obstacle (the episode ends);
 *  - `bounds`:    −P once, when it leaves the flight box (|y| > yLimit_m, z outside [zMin_m, zMax_m]);
 *  - `goal`:      +G once, when x ≥ goalX_m (the episode ends, success).
 * The time limit is not the task's business: scenarios wrap it with `withTimeLimit`.
 * Metrics: success, collisions, time_to_goal_s (NaN unless reached), min_clearance_m,
 * energy (Σ collective thrust · T, N·s, sampled at the control rate), path_length_m.
 * Ground truth (position, obstacles) is read from the simulation; a controller sees only its sensors.
 */
import type { Channels } from '../loop/channels.js';
import type { EpisodeStatus, RewardBreakdown, Task } from '../loop/task.js';
import type { QuadrotorBody } from '../sim/quadrotor/quadrotorBody.js';
import type { ObstacleSpec } from '../sim/world/obstacles.js';
import { clearance } from './obstacleClearance.js';

export interface CrossingParams {
  readonly goalX_m: number;
  readonly yLimit_m: number;
  readonly zMin_m: number;
  readonly zMax_m: number;
  /** Reward per metre of progress, k_p. */
  readonly progressPerM: number;
  /** Scale of the clearance shaping, k_c. */
  readonly clearanceGain: number;
  /** Clearance below which the shaping potential is non-zero, c₀ (m). */
  readonly clearanceRange_m: number;
  readonly collisionPenalty: number;
  readonly goalReward: number;
}

export class DroneCrossingTask implements Task {
  private readonly r: RewardBreakdown = { total: 0, terms: { progress: 0, clearance: 0, collision: 0, bounds: 0, goal: 0 } };
  private state: EpisodeStatus = 'running';
  private first = true;
  private xPrev = 0;
  private yPrev = 0;
  private zPrev = 0;
  private phiPrev = 0;
  private minClear = Infinity;
  private collisions = 0;
  private reached = false;
  private tGoal = NaN;
  private energy = 0;
  private path = 0;
  private tPrev = 0;

  constructor(
    private readonly body: QuadrotorBody,
    private readonly obstacles: readonly ObstacleSpec[],
    private readonly p: CrossingParams,
  ) {}

  private potential(c: number): number {
    const u = 1 - c / this.p.clearanceRange_m;
    return u > 0 ? -u * u : 0;
  }

  evaluate(obs: Channels, t_s: number): RewardBreakdown {
    const p = this.p;
    const pos = this.body.quadrotor.body.position;
    const x = pos.x;
    const y = pos.y;
    const z = pos.z;
    const c = clearance(this.obstacles, x, y, z);
    const phi = this.potential(c);
    const terms = this.r.terms;
    terms.progress = terms.clearance = terms.collision = terms.bounds = terms.goal = 0;
    if (!this.first) {
      terms.progress = p.progressPerM * (x - this.xPrev);
      terms.clearance = p.clearanceGain * (phi - this.phiPrev);
      // sqrt, not Math.hypot: V8's hypot allocates its arguments on this per-step path.
      const dx = x - this.xPrev, dy = y - this.yPrev, dz = z - this.zPrev;
      this.path += Math.sqrt(dx * dx + dy * dy + dz * dz);
      this.energy += this.body.quadrotor.wrench[0]! * (t_s - this.tPrev);
    }
    this.first = false;
    if (c < this.minClear) this.minClear = c;
    const touched = obs['collision']![0]! > 0;
    if (touched) {
      this.collisions++;
      terms.collision = -p.collisionPenalty;
      this.state = 'terminated';
    } else if (Math.abs(y) > p.yLimit_m || z < p.zMin_m || z > p.zMax_m) {
      terms.bounds = -p.collisionPenalty;
      this.state = 'terminated';
    } else if (x >= p.goalX_m) {
      terms.goal = p.goalReward;
      this.reached = true;
      this.tGoal = t_s;
      this.state = 'terminated';
    }
    this.r.total = terms.progress! + terms.clearance! + terms.collision! + terms.bounds! + terms.goal!;
    this.xPrev = x;
    this.yPrev = y;
    this.zPrev = z;
    this.phiPrev = phi;
    this.tPrev = t_s;
    return this.r;
  }

  status(): EpisodeStatus {
    return this.state;
  }

  metrics(): Record<string, number> {
    return {
      success: this.reached ? 1 : 0,
      collisions: this.collisions,
      time_to_goal_s: this.tGoal,
      min_clearance_m: this.minClear,
      energy: this.energy,
      path_length_m: this.path,
    };
  }
}
