/**
 * Action clipping as a body wrapper (Gymnasium `ClipAction`): every element of every actuator
 * channel is clipped to the channel's declared [low, high] before the inner body sees it.
 * Infinite bounds clip nothing. The caller's action is left untouched: the clipped values go
 * into a copy allocated once. NaN passes through unclipped (and uncounted), so the inner body
 * still rejects it instead of having a broken controller's output silently replaced by a bound.
 */
import type { Body } from '../body.js';
import type { Channels } from '../channels.js';
import { allocateChannels } from '../channels.js';
import { BodyWrapper } from './bodyWrapper.js';

export class ActionClippingBody extends BodyWrapper {
  /** Elements clipped since the last reset (summed over commands). */
  clipped = 0;
  private readonly copy: Channels;
  private readonly names: readonly string[];
  private readonly low: Float64Array;
  private readonly high: Float64Array;

  constructor(inner: Body) {
    super(inner);
    this.copy = allocateChannels(inner.actuators);
    this.names = inner.actuators.map((s) => s.name);
    this.low = Float64Array.from(inner.actuators, (s) => s.low);
    this.high = Float64Array.from(inner.actuators, (s) => s.high);
  }

  override reset(seed: number): void {
    super.reset(seed);
    this.clipped = 0;
  }

  override command(action: Channels): void {
    let clipped = 0;
    for (let c = 0; c < this.names.length; c++) {
      const name = this.names[c]!;
      const src = action[name];
      const dst = this.copy[name]!;
      if (src === undefined || src.length !== dst.length) {
        throw new RangeError(`withActionClipping: action channel '${name}' ${src === undefined ? 'is missing' : `has ${src.length} elements`}, expected ${dst.length}`);
      }
      const lo = this.low[c]!;
      const hi = this.high[c]!;
      for (let i = 0; i < dst.length; i++) {
        const x = src[i]!;
        if (x < lo) {
          dst[i] = lo;
          clipped++;
        } else if (x > hi) {
          dst[i] = hi;
          clipped++;
        } else dst[i] = x;
      }
    }
    this.clipped += clipped;
    this.inner.command(this.copy);
  }
}

/** `body` with every action element clipped to its actuator channel's bounds. */
export function withActionClipping(body: Body): ActionClippingBody {
  return new ActionClippingBody(body);
}
