/**
 * Parameter checks shared by the encoders and decoders. Each throws a TypeError when a field is
 * not a number (specs may come from JSON/YAML) and a RangeError naming the field, the expected
 * range and the value received otherwise. Called once, at creation, never inside a step.
 */

function describe(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : String(v);
}

/** `v` must be a finite number. */
export function requireFinite(where: string, field: string, v: unknown): asserts v is number {
  if (typeof v !== 'number') {
    throw new TypeError(`${where}: ${field} must be a number, got ${typeof v} ${describe(v)}`);
  }
  if (!Number.isFinite(v)) throw new RangeError(`${where}: ${field} must be a finite number, got ${v}`);
}

/** `v` must be a finite number > 0. */
export function requirePositive(where: string, field: string, v: unknown): asserts v is number {
  requireFinite(where, field, v);
  if (!(v > 0)) throw new RangeError(`${where}: ${field} must be a finite number > 0, got ${v}`);
}

/** `v` must be a finite number ≥ 0. */
export function requireNonNegative(where: string, field: string, v: unknown): asserts v is number {
  requireFinite(where, field, v);
  if (!(v >= 0)) throw new RangeError(`${where}: ${field} must be a finite number ≥ 0, got ${v}`);
}

/** `v` must be an integer ≥ `min`. */
export function requireInteger(where: string, field: string, v: unknown, min: number): asserts v is number {
  requireFinite(where, field, v);
  if (!Number.isInteger(v) || v < min) {
    throw new RangeError(`${where}: ${field} must be an integer ≥ ${min}, got ${v}`);
  }
}

/** `low` and `high` must be finite with low < high. */
export function requireInterval(where: string, low: unknown, high: unknown): void {
  requireFinite(where, 'low', low);
  requireFinite(where, 'high', high);
  if (!(low < high)) throw new RangeError(`${where}: low must be < high, got low = ${low}, high = ${high}`);
}

/** A spike probability per step (rate·dt) must not exceed 1: a neuron spikes at most once per step. */
export function requireAtMostOneSpikePerStep(where: string, maxRate_Hz: number, dt_ms: number): void {
  const p = (maxRate_Hz * dt_ms) / 1000;
  if (p > 1) {
    throw new RangeError(
      `${where}: maxRate_Hz × dt_ms / 1000 must be ≤ 1 (at most one spike per step), ` +
        `got ${maxRate_Hz} Hz × ${dt_ms} ms = ${p}`,
    );
  }
}

/** Every element of `a` must be a finite number. */
export function requireFiniteArray(where: string, field: string, a: unknown, length: number): void {
  if (!Array.isArray(a) && !ArrayBuffer.isView(a)) {
    throw new TypeError(`${where}: ${field} must be an array of ${length} numbers, got ${typeof a}`);
  }
  const arr = a as ArrayLike<unknown>;
  if (arr.length !== length) {
    throw new RangeError(`${where}: ${field} must have ${length} elements, got ${arr.length}`);
  }
  for (let i = 0; i < length; i++) requireFinite(where, `${field}[${i}]`, arr[i]);
}
