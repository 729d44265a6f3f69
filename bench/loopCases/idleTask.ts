/**
 * The trivial task: reward 0 every step in one term (`idle`), never terminates (wrap it with
 * `withTimeLimit` to end the episode), no metrics. Like every task it owns one RewardBreakdown
 * and returns it every step, so judging allocates nothing.
 */
import type { EpisodeStatus, RewardBreakdown, Task } from '../../loop/task.js';

export class IdleTask implements Task {
  private readonly r: RewardBreakdown = { total: 0, terms: { idle: 0 } };

  evaluate(): RewardBreakdown {
    return this.r;
  }

  status(): EpisodeStatus {
    return 'running';
  }

  metrics(): Record<string, number> {
    return {};
  }
}
