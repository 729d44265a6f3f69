/**
 * Checks shared by the neuron models' parameter validators. Each throws a RangeError naming the
 * model, the parameter, what was expected and what was given; they run once at the edge
 * (state creation, spec resolution), never inside a step.
 */
import type { RefractoryConvention } from './refractoryConvention.js';
import { heldSteps } from './refractoryConvention.js';

/** Every field of `p` must be a finite number (catches NaN, ±Infinity, strings from JSON). */
export function requireFiniteFields(model: string, p: object): void {
  for (const [name, value] of Object.entries(p)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`${model}: parameter ${name} must be a finite number, got ${String(value)}`);
    }
  }
}

export function requirePositive(model: string, name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${model}: parameter ${name} must be a finite number > 0, got ${value}`);
  }
}

export function requireNonNegative(model: string, name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${model}: parameter ${name} must be a finite number ≥ 0, got ${value}`);
  }
}

/** `lo` (named `loName`) must be strictly below `hi` (named `hiName`). */
export function requireBelow(model: string, loName: string, lo: number, hiName: string, hi: number): void {
  if (!(lo < hi)) {
    throw new RangeError(`${model}: ${loName} (${lo}) must be below ${hiName} (${hi})`);
  }
}

/** Population size and time step given to a model's `create`. */
export function requireSizeAndStep(model: string, n: number, dt_ms: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${model}: population size must be an integer ≥ 0, got ${n}`);
  }
  if (!(dt_ms > 0) || !Number.isFinite(dt_ms)) {
    throw new RangeError(`${model}: dt_ms must be a finite number > 0, got ${dt_ms}`);
  }
}

/**
 * The steps a model holds v after its spike step (its `refSteps`), for a refractory period
 * counted by `convention` (refractoryConvention.ts). Refractoriness is counted in steps, so a
 * period that is not a multiple of dt would be silently rounded; refuse it instead (1e-6
 * relative slack for float noise).
 */
export function refractorySteps(model: string, tRef_ms: number, dt_ms: number, convention?: RefractoryConvention): number {
  const steps = Math.round(tRef_ms / dt_ms);
  if (Math.abs(steps * dt_ms - tRef_ms) > 1e-6 * Math.max(dt_ms, tRef_ms)) {
    throw new RangeError(`${model}: tRef_ms = ${tRef_ms} is not a whole number of steps at dt = ${dt_ms} ms (${(tRef_ms / dt_ms).toFixed(3)} steps)`);
  }
  return heldSteps(steps, convention);
}
