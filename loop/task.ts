import type { Channels } from './channels.js';

/** Episode status, Gymnasium-style: terminated by the task, or truncated by a limit. */
export type EpisodeStatus = 'running' | 'terminated' | 'truncated';

/** A reward with its named terms (reported per step, summed into `total`). */
export interface RewardBreakdown {
  readonly total: number;
  readonly terms: Readonly<Record<string, number>>;
}

/** A scenario's judgement of an episode. */
export interface Task {
  reward(obs: Channels): RewardBreakdown;
  status(): EpisodeStatus;
  metrics(): Record<string, number>;
}
