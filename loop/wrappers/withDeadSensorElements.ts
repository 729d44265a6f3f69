/**
 * Dead elements of a sensor channel: the listed elements always read `value`, whatever the body
 * measures. For a lidar the natural value is +Inf, "no return" per REP-117 — what a beam whose
 * emitter or receiver died reports, and what the lidar reads for nothing within its maximum
 * range — so a dead front-left sector looks like open space to the controller.
 */
import type { Body } from '../body.js';
import type { Channels } from '../channels.js';
import { BodyWrapper } from './bodyWrapper.js';

export class DeadSensorElementsBody extends BodyWrapper {
  readonly channel: string;
  readonly elements: Int32Array;
  readonly value: number;

  constructor(inner: Body, channel: string, elements: ArrayLike<number>, value: number) {
    super(inner);
    const spec = inner.sensors.find((s) => s.name === channel);
    if (!spec) throw new RangeError(`withDeadSensorElements: no sensor channel '${channel}'; the body has ${inner.sensors.map((s) => `'${s.name}'`).join(', ')}`);
    for (let i = 0; i < elements.length; i++) {
      const j = elements[i]!;
      if (!(Number.isInteger(j) && j >= 0 && j < spec.size)) throw new RangeError(`withDeadSensorElements: element ${j} is outside channel '${channel}' (elements 0 … ${spec.size - 1})`);
    }
    if (Number.isNaN(value)) throw new RangeError(`withDeadSensorElements: the dead reading must be a number or ±Infinity, got NaN`);
    this.channel = channel;
    this.elements = Int32Array.from(elements);
    this.value = value;
  }

  override observe(out: Channels): void {
    this.inner.observe(out);
    const a = out[this.channel]!;
    const e = this.elements;
    for (let i = 0; i < e.length; i++) a[e[i]!] = this.value;
  }
}

/** `body` whose sensor `channel` reads `value` at the listed elements. */
export function withDeadSensorElements(body: Body, channel: string, elements: ArrayLike<number>, value: number): DeadSensorElementsBody {
  return new DeadSensorElementsBody(body, channel, elements, value);
}
