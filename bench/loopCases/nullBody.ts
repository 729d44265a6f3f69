/**
 * A body that does nothing: `observe`, `command` and `advance` return at once, leaving the
 * observation as it is (zeros). With it, a tick's wall time is the loop's own cost.
 */
import type { Body } from '../../loop/body.js';
import type { ChannelSpec } from '../../loop/channels.js';

export class NullBody implements Body {
  constructor(
    readonly sensors: readonly ChannelSpec[],
    readonly actuators: readonly ChannelSpec[],
  ) {}

  reset(): void {}
  observe(): void {}
  command(): void {}
  advance(): void {}
}
