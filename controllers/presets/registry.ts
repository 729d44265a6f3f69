/**
 * Every controller preset by id. `findPreset` is how the CLI and controller files look one up;
 * an unknown id gets an error listing the valid ones.
 */
import type { ControllerPreset } from './preset.js';

export const PRESETS: readonly ControllerPreset[] = [];

export function findPreset(id: string): ControllerPreset {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new RangeError(`unknown controller '${id}'; controller presets are: ${PRESETS.map((x) => x.id).join(', ')}`);
  return p;
}
