/** A controller that does nothing: `act` leaves the action as it is (zeros). */
import type { ChannelSpec } from '../../loop/channels.js';
import type { Controller } from '../../loop/controller.js';

export class NullController implements Controller {
  constructor(
    readonly sensors: readonly ChannelSpec[],
    readonly actuators: readonly ChannelSpec[],
  ) {}

  reset(): void {}
  act(): void {}
}
