/**
 * Where the goal sphere of `/spikeloop/scene` goes for the drone scenarios. Scenarios do not
 * (yet) carry their goal as data — it lives inside their tasks — so this table restates it from
 * the scenarios' exported parameters: the goal line's crossing point at flight height for the
 * crossings, the hold point for drone-gust. Arms report their target as a channel instead.
 */
import { CORRIDOR_V1 } from '../../scenarios/droneCorridor.js';
import { corridorLayout } from '../../scenarios/corridorLayout.js';
import { FOREST_CROSSING } from '../../scenarios/droneForest.js';
import { DRONE_GUST_V1_PARAMS } from '../../scenarios/droneGust.js';
import type { Scenario } from '../../scenarios/scenario.js';

type Vec3 = readonly [number, number, number];

/** Flight height of the crossing scenarios' start (createAvoidanceBody's default start). */
const CROSSING_HEIGHT_M = 1;

/** The goal of `scenario` (fixed or per episode seed), or undefined when it has none to draw. */
export function sceneGoal(scenario: Scenario): Vec3 | ((seed: number) => Vec3) | undefined {
  switch (scenario.id) {
    case 'drone-forest-v1':
      return [FOREST_CROSSING.goalX_m, 0, CROSSING_HEIGHT_M];
    case 'drone-corridor-v1':
      return (seed: number) => {
        const c = corridorLayout(CORRIDOR_V1, seed).centre;
        const end = c[c.length - 1]!;
        // The task's goal line is x = end − 0.5 m (droneCorridor.ts).
        return [end[0]! - 0.5, end[1]!, CROSSING_HEIGHT_M];
      };
    case 'drone-gust-v1':
      return DRONE_GUST_V1_PARAMS.hold_m;
    default:
      return undefined;
  }
}
