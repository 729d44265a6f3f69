/**
 * The reward of a robot on ROS: the loop's Task, fed by `spikeloop/reward`
 * (std_msgs/Float64, published by a simulator that judges the episode, or by any node that
 * computes a reward). `evaluate` returns the sum of rewards received since the last tick; the
 * episode never ends here (a real robot has no episode end; the simulator announces its
 * episodes on `spikeloop/episode`).
 */
import type { Channels } from '../../../loop/channels.js';
import type { EpisodeStatus, RewardBreakdown, Task } from '../../../loop/task.js';
import type { RosNode } from '../transport/transport.js';

export const REWARD_TOPIC = 'spikeloop/reward';

export interface TopicRewardTask extends Task {
  /** Rewards received (all time). */
  readonly received: number;
  /** Takes the reward not yet handed to the controller (the final reward of an episode). */
  take(): number;
  close(): void;
}

export function topicRewardTask(node: RosNode, topic = REWARD_TOPIC): TopicRewardTask {
  let pending = 0;
  let received = 0;
  const breakdown: RewardBreakdown = { total: 0, terms: { reward: 0 } };
  const take = (): number => {
    const r = pending;
    pending = 0;
    return r;
  };
  const sub = node.subscribe<{ data: number }>(topic, 'std_msgs/msg/Float64', (m) => {
    // A non-finite reward would poison the weights: dropped (and never counted).
    if (Number.isFinite(m.data)) {
      pending += m.data;
      received++;
    }
  }, 'reliable');
  return {
    get received() {
      return received;
    },
    take,
    evaluate(_obs: Channels, _t_s: number): RewardBreakdown {
      breakdown.total = breakdown.terms.reward = take();
      return breakdown;
    },
    status(): EpisodeStatus {
      return 'running';
    },
    metrics(): Record<string, number> {
      return { rewards_received: received };
    },
    close() {
      sub.close();
    },
  };
}
