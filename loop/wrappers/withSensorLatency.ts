/**
 * Sensor latency as a body wrapper: `observe` returns what the inner body observed `steps`
 * control steps ago, a control step being one `advance` call. Until `steps` steps of history
 * exist, it returns the oldest observation it has (the first one after reset).
 *
 * History is a ring of steps + 1 observations allocated once. The inner body is read at most
 * once per step, lazily at the first `observe` of that step (so on a real robot the sample is
 * as fresh as the tick that asks for it, and "since the last read" latches are read once). A
 * step in which nothing observed is filled with the next fresh observation.
 */
import type { Body } from '../body.js';
import type { Channels } from '../channels.js';
import { allocateChannels } from '../channels.js';
import { BodyWrapper } from './bodyWrapper.js';

export class SensorLatencyBody extends BodyWrapper {
  private readonly ring: Channels[];
  private readonly names: readonly string[];
  /** Steps (advance calls) since reset. */
  private step = 0;
  /** The last step whose observation is in the ring (−1: none since reset). */
  private sampled = -1;

  constructor(
    inner: Body,
    /** Delay in control steps (0: none). */
    readonly steps: number,
  ) {
    super(inner);
    if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`withSensorLatency: steps must be an integer ≥ 0 (control steps of delay), got ${steps}`);
    this.ring = Array.from({ length: steps + 1 }, () => allocateChannels(inner.sensors));
    this.names = inner.sensors.map((s) => s.name);
  }

  override reset(seed: number): void {
    super.reset(seed);
    this.step = 0;
    this.sampled = -1;
  }

  override advance(dt_s: number): void {
    super.advance(dt_s);
    this.step++;
  }

  override observe(out: Channels): void {
    const n = this.step;
    const size = this.steps + 1;
    if (this.sampled < n) {
      const fresh = this.ring[n % size]!;
      this.inner.observe(fresh);
      // Steps nobody observed in (within the window) get the fresh sample.
      for (let m = Math.max(this.sampled + 1, n - this.steps); m < n; m++) copyChannels(this.names, fresh, this.ring[m % size]!);
      this.sampled = n;
    }
    copyChannels(this.names, this.ring[Math.max(0, n - this.steps) % size]!, out);
  }
}

function copyChannels(names: readonly string[], from: Channels, to: Channels): void {
  for (let c = 0; c < names.length; c++) to[names[c]!]!.set(from[names[c]!]!);
}

/** `body` whose observations arrive `steps` control steps late. */
export function withSensorLatency(body: Body, steps: number): SensorLatencyBody {
  return new SensorLatencyBody(body, steps);
}
