/**
 * Every scenario by versioned id. `findScenario` is how the CLI and tools look one up; an
 * unknown id gets an error listing the valid ones.
 */
import type { Scenario } from './scenario.js';
import { DRONE_FOREST_V1 } from './droneForest.js';
import { DRONE_GUST_V1 } from './droneGust.js';
import { DRONE_CORRIDOR_V1 } from './droneCorridor.js';
import { ARM_REACH_V1 } from './armReach.js';
import { ARM_PAYLOAD_V1 } from './armPayload.js';

export const SCENARIOS: readonly Scenario[] = [DRONE_FOREST_V1, DRONE_CORRIDOR_V1, ARM_REACH_V1, DRONE_GUST_V1, ARM_PAYLOAD_V1];

export function findScenario(id: string): Scenario {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s) throw new RangeError(`unknown scenario '${id}'; scenarios are: ${SCENARIOS.map((x) => x.id).join(', ')}`);
  return s;
}
