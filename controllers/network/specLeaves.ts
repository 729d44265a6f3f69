/**
 * The leaves of every spec schema (network specs, plasticity rules' fields): numbers with their
 * own "expected …" text, so located errors say what was expected (specIssues.ts adds where).
 */
import { z } from 'zod';

function numberWhere(expected: string) {
  return z.number({ error: expected });
}
export const finite = () => numberWhere('expected a finite number');
export const positive = () => numberWhere('expected a number > 0').gt(0, { error: 'expected a number > 0' });
export const nonNegative = () => numberWhere('expected a number ≥ 0').gte(0, { error: 'expected a number ≥ 0' });
export const positiveInt = () => numberWhere('expected an integer > 0').int({ error: 'expected an integer > 0' }).gt(0, { error: 'expected an integer > 0' });
export const index = () => numberWhere('expected an integer ≥ 0').int({ error: 'expected an integer ≥ 0' }).gte(0, { error: 'expected an integer ≥ 0' });
export const probability = () => numberWhere('expected a probability in [0, 1]').gte(0, { error: 'expected a probability in [0, 1]' }).lte(1, { error: 'expected a probability in [0, 1]' });
export const name = () => z.string({ error: 'expected a name (a non-empty string)' }).min(1, { error: 'expected a name (a non-empty string)' });
