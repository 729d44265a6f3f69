/**
 * Weight generators: a projection in a controller file's inline network may say
 * `generate: {kind, …}` instead of `connectivity` and `weights`, when its initial weights follow a
 * rule too long to list (an innate reflex over lidar sectors, a tuning curve). A generator makes
 * every (pre, post) pair, pre-major, as a `list` connectivity with one explicit weight per pair,
 * so the result is an ordinary network spec. Generators that draw random numbers name a stream;
 * blocks naming the same stream draw from it in file order (seeded by the controller's seed).
 *
 * Registry: `WEIGHT_GENERATORS`, a Map by kind.
 */
import { z } from 'zod';
import type { Rng } from '../../loop/rng.js';
import { evenCentre } from '../coding/inputRange.js';
import { sectorAngle } from '../presets/droneAvoidFeatures.js';
import type { KindShape } from './specSchemaParts.js';
import { finite, name, positiveInt } from './specSchemaParts.js';

export interface GeneratedWeights {
  readonly pairs: Array<readonly [number, number]>;
  readonly weights: number[];
}

export interface WeightGenerator extends KindShape {
  readonly summary: string;
  /** Pre-synaptic neurons the rule expects (checked against the population), or undefined for any. */
  preSize(p: Record<string, unknown>): number | undefined;
  postSize(p: Record<string, unknown>): number | undefined;
  generate(p: Record<string, unknown>, nPre: number, nPost: number, rngOf: (stream: string) => Rng): GeneratedWeights;
}

function generator<S extends z.core.$ZodLooseShape>(def: {
  summary: string;
  params: S;
  preSize?: (p: z.infer<z.ZodObject<S>>) => number | undefined;
  postSize?: (p: z.infer<z.ZodObject<S>>) => number | undefined;
  generate(p: z.infer<z.ZodObject<S>>, nPre: number, nPost: number, rngOf: (stream: string) => Rng): GeneratedWeights;
}): WeightGenerator {
  return { preSize: () => undefined, postSize: () => undefined, ...def } as unknown as WeightGenerator;
}

/** Every pair (i, j), pre-major, with weight(i, j). */
export function allPairs(nPre: number, nPost: number, weight: (i: number, j: number) => number): GeneratedWeights {
  const pairs: Array<readonly [number, number]> = [];
  const weights: number[] = [];
  for (let i = 0; i < nPre; i++) {
    for (let j = 0; j < nPost; j++) {
      pairs.push([i, j]);
      weights.push(weight(i, j));
    }
  }
  return { pairs, weights };
}

const side = () => z.union([z.literal(1), z.literal(-1)], { error: 'expected 1 or -1' });

export const WEIGHT_GENERATORS: ReadonlyMap<string, WeightGenerator> = new Map<string, WeightGenerator>([
  [
    'sector-side',
    generator({
      summary: 'lidar sectors → one side of a motor pair: base + innate·|sin θ_k| when sector k (angle θ_k, + left) lies opposite the side (side 1: left)',
      params: { sectors: positiveInt(), neuronsPerSector: positiveInt(), base_pA: finite(), innate_pA: finite(), side: side() },
      preSize: (p) => p.sectors * p.neuronsPerSector,
      generate: (p, nPre, nPost) =>
        allPairs(nPre, nPost, (i) => {
          const a = sectorAngle(Math.floor(i / p.neuronsPerSector), p.sectors);
          return p.base_pA + (Math.sign(a) === -p.side ? p.innate_pA * Math.abs(Math.sin(a)) : 0);
        }),
    }),
  ],
  [
    'sector-front',
    generator({
      summary: 'lidar sectors → a population: weight·max(0, cos θ_k) (front sectors strongest)',
      params: { sectors: positiveInt(), neuronsPerSector: positiveInt(), weight_pA: finite() },
      preSize: (p) => p.sectors * p.neuronsPerSector,
      generate: (p, nPre, nPost) =>
        allPairs(nPre, nPost, (i) => {
          const a = sectorAngle(Math.floor(i / p.neuronsPerSector), p.sectors);
          return p.weight_pA * Math.max(0, Math.cos(a));
        }),
    }),
  ],
  [
    'tuning-side',
    generator({
      summary: 'a Gaussian population over [low, high] → one side: weight·max(0, side·c_i), c_i the preferred value of neuron i',
      params: { low: finite(), high: finite(), neuronsPerValue: positiveInt(), weight_pA: finite(), side: side() },
      preSize: (p) => p.neuronsPerValue,
      generate: (p, nPre, nPost) => allPairs(nPre, nPost, (i) => p.weight_pA * Math.max(0, p.side * evenCentre(p.low, p.high, p.neuronsPerValue, i))),
    }),
  ],
  [
    'diagonal-tuning-random',
    generator({
      summary:
        'F Gaussian features (N neurons each, preferred c over [−1, 1]) → F motor groups (n neurons each): random·U(0,1) + innate·max(0, side·c) when feature f drives group f, U from the named stream',
      params: { neuronsPerFeature: positiveInt(), neuronsPerGroup: positiveInt(), random_pA: finite(), innate_pA: finite(), side: side(), stream: name() },
      generate: (p, nPre, nPost, rngOf) => {
        const N = p.neuronsPerFeature;
        const n = p.neuronsPerGroup;
        const rng = rngOf(p.stream);
        return allPairs(nPre, nPost, (i, j) => {
          const f = Math.floor(i / N);
          const c = -1 + (2 * (i % N)) / (N - 1);
          const k = Math.floor(j / n);
          const innate = f === k ? p.innate_pA * Math.max(0, p.side * c) : 0;
          return p.random_pA * rng.uniform() + innate;
        });
      },
    }),
  ],
]);
