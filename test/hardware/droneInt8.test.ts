/**
 * The check: a drone-forest-v1 controller trained in float (as the R-STDP learning test
 * trains it: drone-avoid-snn seed 1, 25 training episodes of seed 7) keeps its held-out success
 * rate on 8-bit weights and 16-bit integer state within 5 points on 20 held-out seeds (one
 * episode in 20). The margin must be able to fail: the same controller on 1-bit weights (all of
 * a projection's positive weights become equal, so the learned side preference is gone) loses
 * far more than that. The README's table (npm run bench -- hardware) gives more seeds and models.
 */
import { describe, expect, it } from 'vitest';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';
import { DRONE_AVOID_SNN } from '../../controllers/presets/droneAvoidSnn.js';
import { SpikingController } from '../../controllers/sensorimotor/spikingController.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import type { HardwareSpec } from '../../controllers/hardware/index.js';
import { attachHardware, HARDWARE_PRESETS } from '../../controllers/hardware/index.js';

const TRAIN = 25;
const HELD_OUT = 20;
const MARGIN = 0.05;

describe('drone-avoid-snn on 8-bit hardware', () => {
  it(`keeps its held-out success within ${MARGIN * 100} points of float on ${HELD_OUT} seeds; 1-bit does not`, () => {
    const body = DRONE_FOREST_V1.createBody();
    const c = DRONE_AVOID_SNN.create({ seed: 1, controlRate_Hz: DRONE_FOREST_V1.controlRate_Hz });
    if (!(c instanceof SpikingController)) throw new Error('drone-avoid-snn is a SpikingController');
    c.learning = true;
    for (let k = 0; k < TRAIN; k++) runScenarioEpisode(DRONE_FOREST_V1, body, c, { seed: episodeSeed(7, 'train', k) });
    c.learning = false;
    const successes = (hw: HardwareSpec | null): number[] =>
      Array.from({ length: HELD_OUT }, (_, k) => {
        const s = hw ? attachHardware(c, hw) : null;
        try {
          return runScenarioEpisode(DRONE_FOREST_V1, body, c, { seed: episodeSeed(7, 'eval', k) }).metrics.success!;
        } finally {
          s?.detach();
        }
      });
    const rate = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const float = successes(null);
    const int8 = successes(HARDWARE_PRESETS.int8);
    const binary = successes(HARDWARE_PRESETS.binary);
    expect(rate(float)).toBeGreaterThanOrEqual(0.85); // a trained controller, or the comparison says little
    expect(Math.abs(rate(int8) - rate(float))).toBeLessThanOrEqual(MARGIN + 1e-12);
    expect(rate(float) - rate(binary)).toBeGreaterThan(4 * MARGIN);
  });
});
