/**
 * A controller wrapper that times `finish` (the loop profiler times the five phases of a tick but
 * not the controller's `finish` at the end of an episode, which for a spiking controller runs the
 * network on for `finish_ms` so the last reward meets its eligibility). Every other call goes
 * straight to the wrapped controller.
 */
import type { Channels } from '../../loop/channels.js';
import type { Controller, ControllerActivity } from '../../loop/controller.js';
import { nowSeconds } from '../suite.js';

export class FinishTimer implements Controller {
  /** Wall time spent in `finish` since construction (s). */
  finish_s = 0;

  /** Present when the wrapped controller has it (runEpisode falls back otherwise). */
  readonly activity?: () => ControllerActivity;

  constructor(readonly inner: Controller) {
    if (inner.activity) this.activity = () => inner.activity!();
  }

  get sensors() {
    return this.inner.sensors;
  }

  get actuators() {
    return this.inner.actuators;
  }

  reset(seed: number): void {
    this.inner.reset(seed);
  }

  act(obs: Channels, reward: number, dt_s: number, out: Channels): void {
    this.inner.act(obs, reward, dt_s, out);
  }

  finish(obs: Channels, reward: number): void {
    const t0 = nowSeconds();
    this.inner.finish?.(obs, reward);
    this.finish_s += nowSeconds() - t0;
  }
}
