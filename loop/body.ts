import type { ChannelSpec, Channels } from './channels.js';

/**
 * A robot: simulated (sim/) or real (bridges/ros2). The loop drives it without knowing which.
 * Frames and units follow ROS REP-103/105: SI, z up, body FLU, world ENU.
 */
export interface Body {
  /** Channels `observe` fills. */
  readonly sensors: readonly ChannelSpec[];
  /** Channels `command` reads. */
  readonly actuators: readonly ChannelSpec[];
  /** Sim: rebuild the world from the seed. Real robot: wait for fresh data. */
  reset(seed: number): void;
  /** Fills `out` (allocated from `sensors`) in place; allocates nothing. */
  observe(out: Channels): void;
  /** Latches an action (allocated from `actuators`); applied until the next command. */
  command(action: Channels): void;
  /** Sim: advance physics by `dt_s` seconds. Real robot: nothing (the real-time runner paces). */
  advance(dt_s: number): void;
  /** Releases whatever the body opened (worlds, nodes, sockets). */
  close?(): void;
}
