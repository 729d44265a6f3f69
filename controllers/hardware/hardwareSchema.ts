/**
 * Validation of hardware specs (hardwareSpec.ts) from files and inline strings: a zod schema
 * with an "expected …" text on every field (loop/specIssues.ts adds where and what was found),
 * plus the checks that join fields (integer state needs quantised weights; a memristor replaces
 * weight quantisation; age ≥ t0).
 */
import { z } from 'zod';
import type { HardwareSpec } from './hardwareSpec.js';

const int = (lo: number, hi: number) => {
  const e = `expected an integer from ${lo} to ${hi}`;
  return z.number({ error: e }).int({ error: e }).gte(lo, { error: e }).lte(hi, { error: e });
};
const nonNegative = () => z.number({ error: 'expected a number ≥ 0' }).gte(0, { error: 'expected a number ≥ 0' }).lt(Infinity, { error: 'expected a finite number ≥ 0' });
const positive = () => z.number({ error: 'expected a number > 0' }).gt(0, { error: 'expected a number > 0' }).lt(Infinity, { error: 'expected a finite number > 0' });
const fraction = () => z.number({ error: 'expected a fraction in [0, 1]' }).gte(0, { error: 'expected a fraction in [0, 1]' }).lte(1, { error: 'expected a fraction in [0, 1]' });

export const MAX_WEIGHT_BITS = 16;
export const MAX_STATE_BITS = 32;

export const hardwareSchema = z
  .strictObject({
    name: z.string({ error: 'expected a name (a string)' }).optional(),
    weights: z.strictObject({ bits: int(1, MAX_WEIGHT_BITS) }).optional(),
    state: z.strictObject({ membraneBits: int(2, MAX_STATE_BITS), currentBits: int(2, MAX_STATE_BITS) }).optional(),
    memristor: z
      .strictObject({
        levels: int(2, 65_536).optional(),
        noise: nonNegative().optional(),
        noiseMode: z.enum(['program', 'read'], { error: "expected 'program' or 'read'" }).optional(),
        driftNu: nonNegative().optional(),
        driftNuSd: nonNegative().optional(),
        driftT0_s: positive().optional(),
        age_s: positive().optional(),
        driftCompensation: z.boolean({ error: 'expected true or false' }).optional(),
        stuck: fraction().optional(),
        stuckHigh: fraction().optional(),
      })
      .optional(),
    seed: int(0, 2 ** 32 - 1).optional(),
  })
  .superRefine((h, ctx) => {
    if (h.state && !h.weights) {
      ctx.addIssue({ code: 'custom', path: ['state'], message: 'integer state needs quantised weights (add weights: { bits }): the synaptic current counts weight steps' });
    }
    if (h.memristor && (h.weights || h.state)) {
      ctx.addIssue({ code: 'custom', path: ['memristor'], message: 'a memristor model replaces weight quantisation (its levels are the quantiser) and has no integer state; give memristor alone' });
    }
    const m = h.memristor;
    if (m && m.age_s !== undefined && m.age_s < (m.driftT0_s ?? 1)) {
      ctx.addIssue({ code: 'custom', path: ['memristor', 'age_s'], message: `expected an age ≥ driftT0_s (${m.driftT0_s ?? 1} s), got ${m.age_s}` });
    }
  });

// Compile-time check: what the schema accepts is a HardwareSpec (the name is added by the parser).
const _schemaIsSpec = (x: z.output<typeof hardwareSchema>): Omit<HardwareSpec, 'name'> => x;
void _schemaIsSpec;
