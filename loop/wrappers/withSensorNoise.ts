/**
 * Sensor noise as a body wrapper: for each listed channel, every element reads
 *
 *   y = clamp(x + bias + sd · n, low, high),   n ~ N(0, 1) drawn afresh at every observe,
 *
 * where [low, high] are the channel's declared bounds (a real sensor reports within its range,
 * and the wrapped body still honours its own specs). Non-finite readings (±Inf ranges per
 * REP-117, or NaN) pass through unchanged.
 *
 * It sits outside the body, so it also works on a real robot (bridges/ros2), unlike the
 * per-sensor noise inside the simulation (sim/sensors/noise.ts). Draws come from the stream
 * `wrapper-sensor-noise:<channel>` of the seed given to `reset`, so the same seed gives the same
 * noise bit for bit, and adding noise to one channel never changes another's.
 */
import type { Body } from '../body.js';
import type { Channels } from '../channels.js';
import { Rng } from '../rng.js';
import { BodyWrapper } from './bodyWrapper.js';

/** Noise of one channel, in the channel's unit. */
export interface SensorNoise {
  /** Standard deviation of the white noise (≥ 0). */
  readonly sd: number;
  /** Constant offset added to every element. @default 0 */
  readonly bias?: number;
}

export class SensorNoiseBody extends BodyWrapper {
  private readonly names: readonly string[];
  private readonly sd: Float64Array;
  private readonly bias: Float64Array;
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly rngs: Rng[];

  constructor(inner: Body, noise: Readonly<Record<string, SensorNoise>>) {
    super(inner);
    if (noise === null || typeof noise !== 'object') throw new TypeError(`withSensorNoise: expected noise by channel name, got ${String(noise)}`);
    const entries = Object.entries(noise);
    for (const [name, n] of entries) {
      const spec = inner.sensors.find((s) => s.name === name);
      if (!spec) throw new RangeError(`withSensorNoise: no sensor channel '${name}'; the body has ${inner.sensors.map((s) => `'${s.name}'`).join(', ')}`);
      if (!(Number.isFinite(n?.sd) && n.sd >= 0)) throw new RangeError(`withSensorNoise: '${name}'.sd must be a finite standard deviation ≥ 0 (${spec.unit}), got ${n?.sd}`);
      if (n.bias !== undefined && !Number.isFinite(n.bias)) throw new RangeError(`withSensorNoise: '${name}'.bias must be finite (${spec.unit}), got ${n.bias}`);
    }
    this.names = entries.map(([name]) => name);
    this.sd = Float64Array.from(entries, ([, n]) => n.sd);
    this.bias = Float64Array.from(entries, ([, n]) => n.bias ?? 0);
    this.low = Float64Array.from(entries, ([name]) => inner.sensors.find((s) => s.name === name)!.low);
    this.high = Float64Array.from(entries, ([name]) => inner.sensors.find((s) => s.name === name)!.high);
    this.rngs = this.names.map((name) => new Rng(0, `wrapper-sensor-noise:${name}`));
  }

  override reset(seed: number): void {
    super.reset(seed);
    for (let c = 0; c < this.names.length; c++) this.rngs[c] = new Rng(seed, `wrapper-sensor-noise:${this.names[c]}`);
  }

  override observe(out: Channels): void {
    this.inner.observe(out);
    for (let c = 0; c < this.names.length; c++) {
      const a = out[this.names[c]!]!;
      const rng = this.rngs[c]!;
      const sd = this.sd[c]!;
      const bias = this.bias[c]!;
      const lo = this.low[c]!;
      const hi = this.high[c]!;
      for (let i = 0; i < a.length; i++) {
        const x = a[i]!;
        if (!Number.isFinite(x)) continue;
        const y = x + bias + sd * rng.normal();
        a[i] = y < lo ? lo : y > hi ? hi : y;
      }
    }
  }
}

/** `body` whose listed sensor channels read with seeded Gaussian noise and a bias. */
export function withSensorNoise(body: Body, noise: Readonly<Record<string, SensorNoise>>): SensorNoiseBody {
  return new SensorNoiseBody(body, noise);
}
