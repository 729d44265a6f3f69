/**
 * drone-forest-weak-v1 — drone-forest-v1 with a weak lateral actuator.
 *
 * Everything as drone-forest-v1 (droneForest.ts) but the lateral velocity command (vy, element 1
 * of `cmd_linear`) reaches the flight controller at 50 % (`weak-actuator:cmd_linear[1]=0.5`,
 * perturbations/weakActuator.ts): a side-step commanded for the intact drone clears half the
 * distance. Same as `spikeloop … drone-forest-v1 --perturb 'weak-actuator:cmd_linear[1]=0.5'`.
 * Versions: v1 — first version.
 */
import { DRONE_FOREST_V1 } from './droneForest.js';
import { perturbedScenario } from './perturbedScenario.js';

export const DRONE_FOREST_WEAK_V1 = perturbedScenario({
  id: 'drone-forest-weak-v1',
  summary: 'drone-forest-v1 with the lateral velocity command 50 % weaker (body change: weak-actuator:cmd_linear[1]=0.5)',
  base: DRONE_FOREST_V1,
  perturb: ['weak-actuator:cmd_linear[1]=0.5'],
});
