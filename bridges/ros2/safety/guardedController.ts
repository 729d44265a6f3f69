/**
 * The controller as the safety layer runs it: it does not act on faulty observations (stale or
 * bad inputs: the robot is being sent its safe command anyway, and a learning controller must
 * not learn from them), and an exception from the controller raises the `controller` fault
 * instead of stopping the loop — the body then publishes the safe command in the same tick.
 */
import type { Channels, ChannelSpec } from '../../../loop/channels.js';
import type { Controller, ControllerActivity } from '../../../loop/controller.js';
import type { SafetyState } from './safetyState.js';
import { clearFault, CONTROLLER_FAULT, isControllerFault, raiseFault } from './safetyState.js';

export class GuardedController implements Controller {
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  readonly activity?: () => ControllerActivity;

  constructor(
    readonly inner: Controller,
    readonly safety: SafetyState,
  ) {
    this.sensors = inner.sensors;
    this.actuators = inner.actuators;
    if (inner.activity) this.activity = () => inner.activity!();
  }

  reset(seed: number): void {
    this.inner.reset(seed);
  }

  act(obs: Channels, reward: number, dt_s: number, out: Channels): void {
    // Only input faults block acting; the controller's own faults are retried every tick.
    if (this.safety.faults.size > 0) for (const source of this.safety.faults.keys()) if (!isControllerFault(source)) return;
    try {
      this.inner.act(obs, reward, dt_s, out);
      clearFault(this.safety, CONTROLLER_FAULT);
    } catch (e) {
      raiseFault(this.safety, CONTROLLER_FAULT, `the controller threw: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  finish(obs: Channels, reward: number): void {
    this.inner.finish?.(obs, reward);
  }

}
