import type { ChannelSpec, Channels } from '../../loop/channels.js';

/**
 * A simulated sensor: fills its channels of an observation in place. Sensors read the physics
 * state through references captured at construction and allocate nothing in `read`.
 * Noise, bias and latency are wrappers around a sensor, not flags inside it.
 */
export interface Sensor {
  /** The channels this sensor fills (names must be unique within a body). */
  readonly channels: readonly ChannelSpec[];
  /** Writes current readings into `out[channel.name]` for each of its channels. */
  read(out: Channels): void;
  /** Clears internal state (e.g. an event camera's reference image) and reseeds noise. */
  reset?(seed: number): void;
  /** Called after every physics step, for sensors that integrate over time (IMU, event camera). */
  afterPhysicsStep?(dt_s: number): void;
}
