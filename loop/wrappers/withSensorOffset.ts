/**
 * A constant offset on a sensor channel (a miscalibrated sensor): every listed element reads
 * y = clamp(x + offset, low, high) with the channel's declared bounds, so the wrapped body still
 * honours its own specs; non-finite readings (±Inf ranges per REP-117) pass unchanged. Unlike
 * withSensorNoise's bias it can target single elements and draws nothing.
 */
import type { Body } from '../body.js';
import type { Channels } from '../channels.js';
import { BodyWrapper } from './bodyWrapper.js';

export class SensorOffsetBody extends BodyWrapper {
  readonly channel: string;
  /** Offset per element of the channel (0 where none). */
  readonly offset: Float64Array;
  private readonly low: number;
  private readonly high: number;

  constructor(inner: Body, channel: string, offset: ArrayLike<number>) {
    super(inner);
    const spec = inner.sensors.find((s) => s.name === channel);
    if (!spec) throw new RangeError(`withSensorOffset: no sensor channel '${channel}'; the body has ${inner.sensors.map((s) => `'${s.name}'`).join(', ')}`);
    if (offset.length !== spec.size) throw new RangeError(`withSensorOffset: ${offset.length} offsets for channel '${channel}' of ${spec.size} elements`);
    for (let i = 0; i < offset.length; i++) if (!Number.isFinite(offset[i])) throw new RangeError(`withSensorOffset: offset ${i} must be finite (${spec.unit}), got ${offset[i]}`);
    this.channel = channel;
    this.offset = Float64Array.from(offset);
    this.low = spec.low;
    this.high = spec.high;
  }

  override observe(out: Channels): void {
    this.inner.observe(out);
    const a = out[this.channel]!;
    const o = this.offset;
    const lo = this.low;
    const hi = this.high;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      if (!Number.isFinite(x)) continue;
      const y = x + o[i]!;
      a[i] = y < lo ? lo : y > hi ? hi : y;
    }
  }
}

/** `body` whose sensor `channel` reads with a constant offset per element. */
export function withSensorOffset(body: Body, channel: string, offset: ArrayLike<number>): SensorOffsetBody {
  return new SensorOffsetBody(body, channel, offset);
}
