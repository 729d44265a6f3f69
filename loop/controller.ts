import type { ChannelSpec, Channels } from './channels.js';

/** Activity since the last reset, for NeuroBench-style cost metrics (all 0 for a non-spiking controller). */
export interface ControllerActivity {
  /** Control periods run. */
  steps: number;
  spikes: number;
  /** Synaptic operations: one per spike per outgoing synapse. */
  synOps: number;
}

/** Turns observations and a reward into an action. Knows nothing about the body behind them. */
export interface Controller {
  /** What it expects to observe; the loop checks these against the body's sensors. */
  readonly sensors: readonly ChannelSpec[];
  /** What it commands; the loop checks these against the body's actuators. */
  readonly actuators: readonly ChannelSpec[];
  /** Clears dynamic state (membranes, traces) and reseeds its random streams. Learned weights stay. */
  reset(seed: number): void;
  /**
   * One control period: reads `obs`, takes the reward earned since the last call, runs for
   * `dt_s` seconds of controller time and writes `out` in place. Allocates nothing.
   */
  act(obs: Channels, reward: number, dt_s: number, out: Channels): void;
  /**
   * The episode ended: take the last reward (e.g. a collision penalty) that no further `act`
   * will follow. A learning controller lets it act on its eligibility before the reset.
   */
  finish?(obs: Channels, reward: number): void;
  /** Activity since reset (spiking controllers). */
  activity?(): ControllerActivity;
}
