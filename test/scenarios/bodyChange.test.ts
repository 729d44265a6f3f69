/**
 * A body change the controllers were not made for, measured small and seeded: drone-forest-v1
 * with the lidar mirrored (`--perturb mirror-lidar`). The spiking preset frozen (its innate
 * map, plasticity off) and the reactive baseline both steer into the trees they should avoid.
 * Full-size figures (20 episodes, seed 1; README "Body changes"): drone-avoid-snn 55 % intact →
 * 0 % mirrored, drone-avoid-reactive 100 % → 0 %. This test runs 6 held-out episodes each.
 */
import { describe, expect, it } from 'vitest';
import { createEpisodePool } from '../../experiments/episodePool.js';
import { catalog } from '../../experiments/defaultCatalog.js';
import { evaluateController } from '../../experiments/evaluate.js';
import { resolveController } from '../../experiments/resolveController.js';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';
import { DRONE_FOREST_MIRRORED_V1 } from '../../scenarios/droneForestMirrored.js';

const EPISODES = 6;
const SEED = 1;

describe('body change: a mirrored lidar', () => {
  it('drone-avoid-snn frozen and drone-avoid-reactive succeed on the intact body and fail on the mirrored one', async () => {
    const pool = await createEpisodePool({ workers: 1, catalog });
    try {
      const rates: Record<string, number> = {};
      for (const id of ['drone-avoid-snn', 'drone-avoid-reactive']) {
        const controller = resolveController(id, DRONE_FOREST_V1, SEED).controller;
        const o = { scenario: DRONE_FOREST_V1, controller, label: id, episodes: EPISODES, seed: SEED, pool, learning: false } as const;
        rates[`${id} intact`] = (await evaluateController(o)).summary.success_rate;
        rates[`${id} mirrored`] = (await evaluateController({ ...o, perturb: ['mirror-lidar'] })).summary.success_rate;
      }
      // The same body change by scenario id gives the same episodes.
      const snn = resolveController('drone-avoid-snn', DRONE_FOREST_MIRRORED_V1, SEED).controller;
      const byId = await evaluateController({ scenario: DRONE_FOREST_MIRRORED_V1, controller: snn, label: 'snn', episodes: 2, seed: SEED, pool, learning: false });
      const byFlag = await evaluateController({ scenario: DRONE_FOREST_V1, controller: snn, label: 'snn', episodes: 2, seed: SEED, pool, learning: false, perturb: ['mirror-lidar'] });
      expect(byId.runs.map((r) => r.result)).toEqual(byFlag.runs.map((r) => r.result));

      expect(rates['drone-avoid-snn intact']).toBeGreaterThanOrEqual(2 / EPISODES);
      expect(rates['drone-avoid-snn mirrored']).toBe(0);
      expect(rates['drone-avoid-reactive intact']).toBeGreaterThanOrEqual(5 / EPISODES);
      expect(rates['drone-avoid-reactive mirrored']).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
