/**
 * Every controller preset by id. `findPreset` is how the CLI and controller files look one up;
 * an unknown id gets an error listing the valid ones.
 */
import type { ControllerPreset } from './preset.js';
import { DRONE_AVOID_SNN } from './droneAvoidSnn.js';
import { DRONE_AVOID_REACTIVE } from './droneAvoidReactive.js';
import { DRONE_AVOID_EVENTS } from './droneAvoidEvents.js';
import { DRONE_HOLD_REFLEX_SNN } from './droneHoldReflexSnn.js';
import { DRONE_HOLD_PID } from './droneHoldPid.js';
import { ARM_REACH_SNN } from './armReachSnn.js';
import { ARM_REACH_PID } from './armReachPid.js';
import { ARM_HOLD_REFLEX_SNN } from './armHoldReflexSnn.js';
import { ARM_HOLD_PID } from './armHoldPid.js';

export const PRESETS: readonly ControllerPreset[] = [
  DRONE_AVOID_SNN,
  DRONE_AVOID_REACTIVE,
  DRONE_AVOID_EVENTS,
  DRONE_HOLD_REFLEX_SNN,
  DRONE_HOLD_PID,
  ARM_REACH_SNN,
  ARM_REACH_PID,
  ARM_HOLD_REFLEX_SNN,
  ARM_HOLD_PID,
];

export function findPreset(id: string): ControllerPreset {
  const p = PRESETS.find((x) => x.id === id);
  if (!p) throw new RangeError(`unknown controller '${id}'; controller presets are: ${PRESETS.map((x) => x.id).join(', ')}`);
  return p;
}
