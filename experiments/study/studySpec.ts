/**
 * The study file (YAML or JSON, read through loop/specFile.ts: bounded, located errors, unknown
 * keys refused):
 *
 *   study: forest-reward            # a name for the study (reports, the queue's job names)
 *   scenarios: [drone-forest-v1]
 *   controllers: [drone-avoid-snn]  # presets or controller files (relative to the study file);
 *                                   # default: each scenario's spiking preset
 *   training:
 *     episodes: 200                 # per run
 *     seeds: [0, 1, 2, 3, 4]        # or a count: 5 (seeds 0 … 4)
 *     validate_every: 5             # rounds between validations (optional, train's default)
 *     validate_episodes: 8          # optional, train's default
 *   conditions:                     # a list …
 *     - name: reward
 *     - name: zero-reward
 *       control: zero-reward
 *   grid:                           # … or a grid (every combination), not both
 *     control: [none, zero-reward]
 *     perturb: [[], [mirror-lidar]]
 *   evaluation:
 *     seed: 1000                    # held-out episodes episodeSeed(seed, 'eval', k), the same for every run
 *     episodes: 100
 *     baseline: true                # evaluate each scenario's baseline once (default true)
 *   metrics: [success_rate, collision_rate, mean_reward]   # tabulated (the first is the main one)
 *
 * A condition names what it changes: `control` (zero-reward, shuffled-reward, negated-reward),
 * `perturb` (the CLI's perturbation vocabulary) and `overrides` (training episodes,
 * validate_every, validate_episodes, controller). Names (scenarios, controllers, perturbations)
 * are checked by planStudy.ts; this file checks shapes only.
 */
import { z } from 'zod';
import { loadSpecFile } from '../../loop/specFile.js';
import { REWARD_CONTROLS } from '../rewardControl.js';

const name = () =>
  z
    .string({ error: 'expected a name (a string)' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.+=-]*$/, { error: 'expected a name of letters, digits and _ . + = - (starting with a letter or digit)' });
const count = () => z.number({ error: 'expected an integer ≥ 1' }).int({ error: 'expected an integer ≥ 1' }).min(1, { error: 'expected an integer ≥ 1' });
const seed = () => z.number({ error: 'expected an integer ≥ 0' }).int({ error: 'expected an integer ≥ 0' }).min(0, { error: 'expected an integer ≥ 0' });


const controlSchema = z.enum(REWARD_CONTROLS, { error: `expected one of ${REWARD_CONTROLS.join(', ')}` });

/** What a condition may override of the study's training settings. */
export const overridesSchema = z.strictObject({
  episodes: count().optional(),
  validate_every: count().optional(),
  validate_episodes: count().optional(),
  controller: z.string({ error: 'expected a controller preset id or file (a string)' }).min(1).optional(),
});
export type StudyOverrides = z.infer<typeof overridesSchema>;

const perturbSchema = z.array(z.string({ error: 'expected a perturbation (a string)' }).min(1), { error: 'expected a list of perturbations' });

const conditionSchema = z.strictObject({
  name: name(),
  control: controlSchema.optional(),
  perturb: perturbSchema.optional(),
  overrides: overridesSchema.optional(),
});
export type StudyConditionSpec = z.infer<typeof conditionSchema>;

const gridSchema = z
  .strictObject({
    control: z.array(z.union([z.literal('none'), controlSchema], { error: `expected none or one of ${REWARD_CONTROLS.join(', ')}` })).min(1).optional(),
    perturb: z.array(perturbSchema).min(1).optional(),
    overrides: z.array(overridesSchema).min(1).optional(),
  })
  .refine((g) => g.control !== undefined || g.perturb !== undefined || g.overrides !== undefined, { error: 'expected at least one of control, perturb, overrides (an empty grid has no conditions)' });
export type StudyGridSpec = z.infer<typeof gridSchema>;

export const studySpecSchema = z
  .strictObject({
    study: name(),
    scenarios: z.array(name()).min(1),
    controllers: z.array(z.string({ error: 'expected a controller preset id or file (a string)' }).min(1)).min(1).optional(),
    training: z.strictObject({
      episodes: count(),
      seeds: z.union([z.array(seed()).min(1), count()], { error: 'expected a list of seeds or a count' }),
      validate_every: count().optional(),
      validate_episodes: count().optional(),
    }),
    conditions: z.array(conditionSchema).min(1).optional(),
    grid: gridSchema.optional(),
    evaluation: z.strictObject({
      seed: seed(),
      episodes: count(),
      baseline: z.boolean().default(true),
    }),
    metrics: z.array(z.string().min(1)).min(1).default(['success_rate', 'collision_rate', 'mean_reward']),
  })
  .refine((s) => !(s.conditions !== undefined && s.grid !== undefined), { error: "expected either 'conditions' (a list) or 'grid', not both", path: ['grid'] });

export type StudySpec = z.infer<typeof studySpecSchema>;

/** The study file, parsed and shape-checked (SpecError with file:line:column otherwise). */
export function readStudySpec(file: string): StudySpec {
  return loadSpecFile(studySpecSchema, file);
}

/** The training seeds a spec names (a count n means 0 … n−1). */
export function trainingSeeds(s: StudySpec): number[] {
  const v = s.training.seeds;
  return typeof v === 'number' ? Array.from({ length: v }, (_, i) => i) : [...v];
}
