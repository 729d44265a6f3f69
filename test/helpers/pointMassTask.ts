/**
 * Test fixture: the task of the point-mass scenarios — reach the goal (|goal − x| < 5 cm) before
 * the time limit without touching a wall.
 * Reward terms: progress = 10·(d_prev − d) (d = distance to the goal, m), goal = +1 on arrival,
 * collision = −1 on touching a wall (which ends the episode).
 */
import type { Channels } from '../../loop/channels.js';
import type { EpisodeStatus, RewardBreakdown, Task } from '../../loop/task.js';
import type { PointMassBody } from './pointMassBody.js';

export const GOAL_TOLERANCE_M = 0.05;

export class PointMassTask implements Task {
  private readonly reward: RewardBreakdown = { total: 0, terms: { progress: 0, goal: 0, collision: 0 } };
  private state: EpisodeStatus = 'running';
  private prevD: number;
  private timeToGoal = NaN;
  private minClearance = Infinity;
  private reached = false;

  constructor(
    private readonly body: PointMassBody,
    private readonly timeLimit_s: number,
  ) {
    this.prevD = Math.abs(body.goal - body.x);
  }

  evaluate(_obs: Channels, t_s: number): RewardBreakdown {
    const b = this.body;
    const d = Math.abs(b.goal - b.x);
    const terms = this.reward.terms;
    terms.progress = 10 * (this.prevD - d);
    this.prevD = d;
    this.minClearance = Math.min(this.minClearance, b.wall_m - Math.abs(b.x));
    terms.collision = b.collisions > 0 ? -1 : 0;
    terms.goal = 0;
    if (b.collisions > 0) this.state = 'terminated';
    else if (d < GOAL_TOLERANCE_M) {
      terms.goal = 1;
      this.reached = true;
      this.timeToGoal = t_s;
      this.state = 'terminated';
    } else if (t_s >= this.timeLimit_s) this.state = 'truncated';
    this.reward.total = terms.progress! + terms.goal + terms.collision;
    return this.reward;
  }

  status(): EpisodeStatus {
    return this.state;
  }

  metrics(): Record<string, number> {
    return {
      success: this.reached ? 1 : 0,
      collisions: this.body.collisions,
      time_to_goal_s: this.timeToGoal,
      min_clearance_m: this.minClearance,
      tracking_error_m: this.prevD,
      energy: this.body.effort,
    };
  }
}
