/**
 * drone-forest-v1 flown by the direct loop (no ROS in between) on eval's held-out episodes
 * episodeSeed(seed, 'eval', k), k < count, with plasticity off: the reference the ROS graph
 * tests compare against.
 */
import { resolveController } from '../../experiments/resolveController.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import type { EpisodeResult } from '../../loop/runEpisode.js';
import { findScenario } from '../../scenarios/registry.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';

export function directForestEpisodes(controller: string, seed: number, count: number): EpisodeResult[] {
  const scenario = findScenario('drone-forest-v1');
  const body = scenario.createBody();
  try {
    const { controller: c } = resolveController(controller, scenario, seed, { body });
    c.learning = false;
    return Array.from({ length: count }, (_, k) => runScenarioEpisode(scenario, body, c, { seed: episodeSeed(seed, 'eval', k) }));
  } finally {
    body.close?.();
  }
}
