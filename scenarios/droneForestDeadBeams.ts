/**
 * drone-forest-dead-beams-v1 — drone-forest-v1 with the front-left lidar sector dead.
 *
 * Everything as drone-forest-v1 (droneForest.ts) but lidar beams 19 … 27 (5° … 45° to the left
 * of straight ahead) always read +Inf, no return (`dead-beams:19-27`, perturbations/deadBeams.ts):
 * trees ahead-left are invisible until they enter another beam. Same as
 * `spikeloop … drone-forest-v1 --perturb dead-beams:19-27`.
 * Versions: v1 — first version.
 */
import { DRONE_FOREST_V1 } from './droneForest.js';
import { perturbedScenario } from './perturbedScenario.js';

export const DRONE_FOREST_DEAD_BEAMS_V1 = perturbedScenario({
  id: 'drone-forest-dead-beams-v1',
  summary: 'drone-forest-v1 with lidar beams 19-27 (front-left, 5°–45°) dead (body change: dead-beams:19-27)',
  base: DRONE_FOREST_V1,
  perturb: ['dead-beams:19-27'],
});
