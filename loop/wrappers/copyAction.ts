/**
 * The checked copy an actuator wrapper corrupts instead of the caller's action: every channel of
 * `names` is copied from `action` into `copy` (allocated once, so a step allocates nothing), with
 * a located error, named after the wrapper `who`, when a channel is missing or has the wrong size.
 */
import type { Channels } from '../channels.js';

export function copyAction(who: string, names: readonly string[], action: Channels, copy: Channels): void {
  for (let c = 0; c < names.length; c++) {
    const name = names[c]!;
    const src = action[name];
    const dst = copy[name]!;
    if (src === undefined || src.length !== dst.length) {
      throw new RangeError(`${who}: action channel '${name}' ${src === undefined ? 'is missing' : `has ${src.length} elements`}, expected ${dst.length}`);
    }
    dst.set(src);
  }
}
