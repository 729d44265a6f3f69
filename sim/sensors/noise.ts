/**
 * Seeded sensor noise as a wrapper (Gymnasium-style), not a flag inside sensors.
 *
 * For each listed channel, element j reads  y_j = x_j + b_j + σ·n,  n ~ N(0, 1) drawn every read,
 * with the bias b_j = bias + biasStddev·N(0, 1) drawn once per `reset(seed)` (turn-on bias,
 * as IMU datasheets specify it). Non-finite readings (±Inf ranges) pass through unchanged.
 * Draws come from the stream `sensor-noise:<channel>` of the seed, so adding noise to one
 * channel never changes another's.
 */
import type { ChannelSpec, Channels } from '../../loop/channels.js';
import { Rng } from '../../loop/rng.js';
import type { Sensor } from './sensor.js';

export interface ChannelNoise {
  /** Standard deviation of the white noise, in the channel's unit. */
  readonly stddev: number;
  /** Constant bias added to every element. @default 0 */
  readonly bias?: number;
  /** Standard deviation of a per-element bias drawn at each reset. @default 0 */
  readonly biasStddev?: number;
}

interface ChannelState {
  readonly name: string;
  readonly spec: ChannelNoise;
  readonly bias: Float64Array;
  rng: Rng;
}

export class NoisySensor implements Sensor {
  readonly channels: readonly ChannelSpec[];
  private readonly inner: Sensor;
  private readonly state: ChannelState[];

  constructor(inner: Sensor, noise: Readonly<Record<string, ChannelNoise>>, seed = 0) {
    this.inner = inner;
    this.channels = inner.channels;
    this.state = Object.entries(noise).map(([name, spec]) => {
      const ch = inner.channels.find((c) => c.name === name);
      if (!ch) throw new RangeError(`withNoise: channel '${name}' is not one of this sensor's channels (${inner.channels.map((c) => c.name).join(', ')})`);
      if (!(spec.stddev >= 0) || !Number.isFinite(spec.stddev)) throw new RangeError(`withNoise: '${name}'.stddev must be ≥ 0 and finite, got ${spec.stddev}`);
      if (spec.bias !== undefined && !Number.isFinite(spec.bias)) throw new RangeError(`withNoise: '${name}'.bias must be finite, got ${spec.bias}`);
      if (spec.biasStddev !== undefined && !(spec.biasStddev >= 0)) throw new RangeError(`withNoise: '${name}'.biasStddev must be ≥ 0, got ${spec.biasStddev}`);
      return { name, spec, bias: new Float64Array(ch.size), rng: new Rng(seed, `sensor-noise:${name}`) };
    });
    this.reseed(seed);
  }

  private reseed(seed: number): void {
    for (const s of this.state) {
      s.rng = new Rng(seed, `sensor-noise:${s.name}`);
      for (let j = 0; j < s.bias.length; j++) s.bias[j] = (s.spec.bias ?? 0) + (s.spec.biasStddev ?? 0) * s.rng.normal();
    }
  }

  reset(seed: number): void {
    this.inner.reset?.(seed);
    this.reseed(seed);
  }

  afterPhysicsStep(dt_s: number): void {
    this.inner.afterPhysicsStep?.(dt_s);
  }

  read(out: Channels): void {
    this.inner.read(out);
    for (let k = 0; k < this.state.length; k++) {
      const s = this.state[k]!;
      const a = out[s.name]!;
      const sd = s.spec.stddev;
      for (let j = 0; j < a.length; j++) {
        const x = a[j]!;
        if (Number.isFinite(x)) a[j] = x + s.bias[j]! + (sd > 0 ? sd * s.rng.normal() : 0);
      }
    }
  }
}

/** Wraps `sensor` so the listed channels get seeded Gaussian noise and bias. */
export function withNoise(sensor: Sensor, noise: Readonly<Record<string, ChannelNoise>>, seed = 0): NoisySensor {
  return new NoisySensor(sensor, noise, seed);
}
