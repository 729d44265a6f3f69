/**
 * Element values per channel gathered from the targets of one spec (`weak-actuator:a=0.5,a[1]=0.2`):
 * a channel starts at `fill` in every element when first named; a target then sets its one element
 * or, without an index, all of them — later targets overriding earlier ones. The map keeps the
 * order in which channels were first named (one wrapper per channel, in that order).
 */
import type { ChannelTarget } from './perturbationArgs.js';

export function setChannelValue(values: Map<string, Float64Array>, t: ChannelTarget, value: number, fill: number): void {
  let a = values.get(t.channel.name);
  if (!a) values.set(t.channel.name, (a = new Float64Array(t.channel.size).fill(fill)));
  if (t.index === null) a.fill(value);
  else a[t.index] = value;
}
