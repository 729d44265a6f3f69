/**
 * `--innate-gain g` (experiments/innateGain.ts) on the drone-avoid-snn controller file, whose
 * lidar-sector → side-step projections are base 30 pA + innate 5·|sin θ| pA: g scales exactly
 * the innate part; controllers without a declared innate map are refused, saying why.
 */
import { describe, expect, it } from 'vitest';
import { applyInnateGain, NoInnateMapError } from '../../experiments/innateGain.js';
import { resolveController } from '../../experiments/resolveController.js';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';

const FILE = 'controllers/files/drone-avoid-snn.yaml';
const resolve = (spec: string) => resolveController(spec, DRONE_FOREST_V1, 3);

describe('--innate-gain', () => {
  it('g = 0 leaves the base weight 30 pA everywhere; g = 3 triples the innate part; g = 1 changes nothing; other projections untouched', () => {
    const one = resolve(FILE);
    const w1 = { ...Object.fromEntries(Object.entries(one.controller.parameters()).map(([k, a]) => [k, a.slice()])) };
    expect(applyInnateGain(one, 1)).toEqual(['prox-slide_left', 'prox-slide_right']);
    for (const [k, a] of Object.entries(one.controller.parameters())) expect(a).toEqual(w1[k]);

    const zero = resolve(FILE);
    applyInnateGain(zero, 0);
    const three = resolve(FILE);
    applyInnateGain(three, 3);
    for (const name of ['prox-slide_left', 'prox-slide_right']) {
      const a1 = w1[name]!;
      const a0 = zero.controller.parameters()[name]!;
      const a3 = three.controller.parameters()[name]!;
      expect(new Set(a0)).toEqual(new Set([30]));
      // Some synapses carry an innate part (the map is not empty), and it is scaled exactly.
      expect(a1.some((w) => w > 30.5)).toBe(true);
      for (let i = 0; i < a1.length; i++) expect(a3[i]).toBeCloseTo(30 + 3 * (a1[i]! - 30), 3);
    }
    for (const [k, a] of Object.entries(three.controller.parameters())) if (!k.startsWith('prox-slide')) expect(a).toEqual(w1[k]);
  });

  it('refuses, saying why: a TypeScript preset, a baseline without a map, a negative gain', () => {
    expect(() => applyInnateGain(resolve('drone-avoid-snn'), 2)).toThrow(NoInnateMapError);
    expect(() => applyInnateGain(resolve('drone-avoid-snn'), 2)).toThrow("controller preset 'drone-avoid-snn' (untrained) declares no innate map");
    expect(() => applyInnateGain(resolve('drone-avoid-reactive'), 2)).toThrow("controller preset 'drone-avoid-reactive' declares no innate map");
    expect(() => applyInnateGain(resolve(FILE), -1)).toThrow('--innate-gain: expected a gain ≥ 0, got -1');
  });
});
