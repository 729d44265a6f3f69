/**
 * Learning is checked by learning: a seeded, reduced drone-forest-v1 run in which the spiking
 * avoidance controller trains on training seeds and is judged, frozen, on held-out seeds.
 * The README's full figures come from `spikeloop train drone-forest-v1` (see there).
 */
import { describe, expect, it } from 'vitest';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';
import { DRONE_AVOID_SNN } from '../../controllers/presets/droneAvoidSnn.js';
import { DRONE_AVOID_REACTIVE } from '../../controllers/presets/droneAvoidReactive.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import type { PresetController } from '../../controllers/presets/preset.js';

const HELD_OUT = 20;
const TRAIN = 25;

function successRate(c: PresetController, body: ReturnType<typeof DRONE_FOREST_V1.createBody>, seed: number): number {
  c.learning = false;
  let s = 0;
  for (let k = 0; k < HELD_OUT; k++) s += runScenarioEpisode(DRONE_FOREST_V1, body, c, { seed: episodeSeed(seed, 'eval', k) }).metrics.success!;
  return s / HELD_OUT;
}

describe('drone-avoid-snn on drone-forest-v1', () => {
  it('R-STDP training raises held-out success by ≥ 20 points, to ≥ 85 %', () => {
    const body = DRONE_FOREST_V1.createBody();
    const c = DRONE_AVOID_SNN.create({ seed: 1, controlRate_Hz: DRONE_FOREST_V1.controlRate_Hz });
    const before = successRate(c, body, 7);
    const w0 = Float32Array.from(c.parameters()['prox-slide_left']!);
    c.learning = true;
    for (let k = 0; k < TRAIN; k++) runScenarioEpisode(DRONE_FOREST_V1, body, c, { seed: episodeSeed(7, 'train', k) });
    const after = successRate(c, body, 7);
    // The innate reflex alone must not solve the task, and learning must.
    expect(before).toBeLessThanOrEqual(0.75);
    expect(after).toBeGreaterThanOrEqual(0.85);
    expect(after - before).toBeGreaterThanOrEqual(0.2);
    // Frozen evaluation changed no weight; training did.
    const w1 = c.parameters()['prox-slide_left']!;
    let changed = 0;
    for (let i = 0; i < w0.length; i++) if (w0[i] !== w1[i]) changed++;
    expect(changed).toBeGreaterThan(w0.length / 2);
  });

  it('learning off leaves every weight bit-identical', () => {
    const body = DRONE_FOREST_V1.createBody();
    const c = DRONE_AVOID_SNN.create({ seed: 3, controlRate_Hz: 50 });
    c.learning = false;
    const before = Object.fromEntries(Object.entries(c.parameters()).map(([k, v]) => [k, Float32Array.from(v)]));
    runScenarioEpisode(DRONE_FOREST_V1, body, c, { seed: episodeSeed(3, 'train', 0) });
    // The weights' own bytes: on the wasm engine a weight array is a view into the network's memory.
    for (const [k, v] of Object.entries(c.parameters())) expect(Buffer.from(v.buffer, v.byteOffset, v.byteLength).equals(Buffer.from(before[k]!.buffer)), k).toBe(true);
  });

  it('the reactive baseline crosses held-out forests (≥ 95 % of 20)', () => {
    const body = DRONE_FOREST_V1.createBody();
    const c = DRONE_AVOID_REACTIVE.create({ seed: 1, controlRate_Hz: 50 });
    expect(successRate(c, body, 11)).toBeGreaterThanOrEqual(0.95);
  });
});
