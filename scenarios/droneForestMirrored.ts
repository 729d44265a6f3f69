/**
 * drone-forest-mirrored-v1 — drone-forest-v1 with the lidar mounted upside down.
 *
 * Everything as drone-forest-v1 (droneForest.ts: forest, goal, reward, 40 s limit, seeds) but
 * the body's `lidar` reads its 37 beams in reverse order (`mirror-lidar`, perturbations/
 * mirrorLidar.ts): an obstacle on the left shows on the right. A fixed reactive avoider, or any
 * controller frozen after training on the intact body, steers into the trees; a plastic one can
 * re-learn the map. Same as `spikeloop … drone-forest-v1 --perturb mirror-lidar`.
 * Versions: v1 — first version.
 */
import { DRONE_FOREST_V1 } from './droneForest.js';
import { perturbedScenario } from './perturbedScenario.js';

export const DRONE_FOREST_MIRRORED_V1 = perturbedScenario({
  id: 'drone-forest-mirrored-v1',
  summary: 'drone-forest-v1 with the lidar left/right mirrored (body change: mirror-lidar)',
  base: DRONE_FOREST_V1,
  perturb: ['mirror-lidar'],
});
