/**
 * Reward controls: the same training with the reward the controller's plasticity receives
 * replaced, so a learning claim can be checked against training that could not learn from the
 * task (`spikeloop train --control …`). Everything else — seeds, episodes, the task's own
 * judgement in curve.csv and the validation — is identical; only `act`/`finish` see another
 * reward:
 *
 *  - `zero-reward`: 0 at every step — no reward ever reaches the weights;
 *  - `negated-reward`: −r — rewarded for what the task punishes;
 *  - `shuffled-reward`: the episode's own rewards in a seeded random order, delivered one block
 *    late: the steps are cut into blocks of SHUFFLE_BLOCK_STEPS, and during block k the
 *    controller receives the rewards of block k − 1 in a random order (a fresh permutation per
 *    block, from the stream 'reward-control:shuffled' of the episode seed), 0 during block 0.
 *    The rewards keep their values and their sum (but for the last, partial block, never
 *    delivered) while losing their timing relative to the actions that earned them.
 *
 * The wrapper allocates its buffers once; a step allocates nothing.
 */
import type { Channels } from '../loop/channels.js';
import type { Controller, ControllerActivity } from '../loop/controller.js';
import { Rng } from '../loop/rng.js';
import { didYouMean } from '../loop/suggestName.js';

export const REWARD_CONTROLS = ['zero-reward', 'shuffled-reward', 'negated-reward'] as const;
export type RewardControl = (typeof REWARD_CONTROLS)[number];

/** Steps per block of `shuffled-reward` (1 s at the crossing scenarios' 50 Hz). */
export const SHUFFLE_BLOCK_STEPS = 50;

export function isRewardControl(x: unknown): x is RewardControl {
  return typeof x === 'string' && (REWARD_CONTROLS as readonly string[]).includes(x);
}

/** `name` as a RewardControl, or a RangeError listing the valid ones. */
export function parseRewardControl(name: string, where = 'reward control'): RewardControl {
  if (isRewardControl(name)) return name;
  throw new RangeError(`${where}: unknown control '${name}'${didYouMean(name, REWARD_CONTROLS)}; controls are: ${REWARD_CONTROLS.join(', ')}`);
}

/** Replaces the reward on its way to a controller (see the file header). */
export class RewardControlController implements Controller {
  readonly sensors;
  readonly actuators;
  private readonly previous = new Float64Array(SHUFFLE_BLOCK_STEPS);
  private readonly current = new Float64Array(SHUFFLE_BLOCK_STEPS);
  private readonly order = new Int32Array(SHUFFLE_BLOCK_STEPS);
  private rng = new Rng(0, 'reward-control:shuffled');
  private step = 0;

  constructor(
    readonly inner: Controller,
    readonly control: RewardControl,
  ) {
    if (!isRewardControl(control)) parseRewardControl(String(control));
    this.sensors = inner.sensors;
    this.actuators = inner.actuators;
  }

  reset(seed: number): void {
    this.inner.reset(seed);
    this.rng = new Rng(seed, 'reward-control:shuffled');
    this.step = 0;
    this.previous.fill(0);
    this.current.fill(0);
  }

  act(obs: Channels, reward: number, dt_s: number, out: Channels): void {
    this.inner.act(obs, this.replace(reward), dt_s, out);
  }

  finish(obs: Channels, reward: number): void {
    const r = this.replace(reward);
    this.inner.finish?.(obs, r);
  }

  activity(): ControllerActivity {
    return this.inner.activity?.() ?? { steps: 0, spikes: 0, synOps: 0 };
  }

  /** The reward delivered for the task's reward `r` at this step. */
  replace(r: number): number {
    switch (this.control) {
      case 'zero-reward':
        return 0;
      case 'negated-reward':
        return -r;
      case 'shuffled-reward':
        return this.shuffled(r);
    }
  }

  private shuffled(r: number): number {
    const B = SHUFFLE_BLOCK_STEPS;
    const i = this.step % B;
    if (i === 0 && this.step > 0) {
      this.previous.set(this.current);
      // A fresh permutation for this block (Fisher–Yates).
      const o = this.order;
      for (let k = 0; k < B; k++) o[k] = k;
      for (let k = B - 1; k > 0; k--) {
        const j = this.rng.int(k + 1);
        const t = o[k]!;
        o[k] = o[j]!;
        o[j] = t;
      }
    }
    this.current[i] = r;
    const out = this.step < B ? 0 : this.previous[this.order[i]!]!;
    this.step++;
    return out;
  }
}

/** `controller` receiving the control's reward instead of the task's. */
export function withRewardControl(controller: Controller, control: RewardControl): RewardControlController {
  return new RewardControlController(controller, control);
}
