import type { Channels } from './channels.js';

/** Episode status, Gymnasium-style: terminated by the task, or truncated by a limit. */
export type EpisodeStatus = 'running' | 'terminated' | 'truncated';

/**
 * A reward with its named terms (summed into `total`). The task owns one instance and
 * overwrites it every step, so judging a step allocates nothing; copy it to keep it.
 */
export interface RewardBreakdown {
  total: number;
  readonly terms: Record<string, number>;
}

/**
 * A scenario's judge of one episode. It may read ground truth from the simulation it was
 * built with (positions, contacts), which a controller never sees.
 */
export interface Task {
  /**
   * Judges the control period that just ended: called once per control step, after the body
   * was observed at time `t_s` (seconds since reset). Updates status and metrics.
   */
  evaluate(obs: Channels, t_s: number): RewardBreakdown;
  status(): EpisodeStatus;
  /**
   * Episode metrics so far, by name with the unit in the name where there is one:
   * `success` (0/1), `collisions`, `time_to_goal_s` (NaN if the goal was not reached),
   * `min_clearance_m`, `tracking_error_m` or `tracking_error_rad`, `energy` (Σ thrust·dt in N·s
   * or Σ |torque|·dt in N·m·s), plus any scenario-specific ones.
   */
  metrics(): Record<string, number>;
}
