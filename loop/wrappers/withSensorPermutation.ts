/**
 * A sensor channel read through a fixed permutation of its elements: element i of what the
 * controller sees is element `order[i]` of what the body measured, y[i] = x[order[i]]. A
 * left/right-mirrored lidar is the reversal order[i] = n − 1 − i; a scrambled one a seeded
 * shuffle (scenarios/perturbations). The channel's spec is unchanged: a re-wired sensor still
 * reports the same unit and size, which is why a controller cannot tell without learning.
 * A copy of the channel is kept in a buffer allocated once, so a step allocates nothing.
 */
import type { Body } from '../body.js';
import type { Channels } from '../channels.js';
import { BodyWrapper } from './bodyWrapper.js';

export class SensorPermutationBody extends BodyWrapper {
  readonly channel: string;
  readonly order: Int32Array;
  private readonly scratch: Float32Array;

  constructor(inner: Body, channel: string, order: ArrayLike<number>) {
    super(inner);
    const spec = inner.sensors.find((s) => s.name === channel);
    if (!spec) throw new RangeError(`withSensorPermutation: no sensor channel '${channel}'; the body has ${inner.sensors.map((s) => `'${s.name}'`).join(', ')}`);
    if (order.length !== spec.size) throw new RangeError(`withSensorPermutation: the order has ${order.length} elements, channel '${channel}' has ${spec.size}`);
    const seen = new Uint8Array(spec.size);
    for (let i = 0; i < order.length; i++) {
      const j = order[i]!;
      if (!(Number.isInteger(j) && j >= 0 && j < spec.size) || seen[j]) throw new RangeError(`withSensorPermutation: the order must be a permutation of 0 … ${spec.size - 1}; element ${i} is ${j}`);
      seen[j] = 1;
    }
    this.channel = channel;
    this.order = Int32Array.from(order);
    this.scratch = new Float32Array(spec.size);
  }

  override observe(out: Channels): void {
    this.inner.observe(out);
    const a = out[this.channel]!;
    const s = this.scratch;
    s.set(a);
    const o = this.order;
    for (let i = 0; i < o.length; i++) a[i] = s[o[i]!]!;
  }
}

/** `body` whose sensor `channel` reads y[i] = x[order[i]]. */
export function withSensorPermutation(body: Body, channel: string, order: ArrayLike<number>): SensorPermutationBody {
  return new SensorPermutationBody(body, channel, order);
}
