/**
 * Samples one state variable of chosen neurons every `every` steps into a preallocated buffer
 * (row-major: sample k, neuron q at data[k·nIdx + q]). Bounded: when full, further samples are
 * counted in `dropped`, never stored, so callers can tell a truncated record.
 */
export interface StateProbe {
  readonly kind: 'state';
  readonly population: string;
  readonly variable: string;
  readonly indices: Int32Array;
  readonly every: number;
  readonly capacity: number;
  readonly source: Float64Array | Float32Array;
  readonly data: Float32Array;
  readonly steps: Int32Array;
  count: number;
  dropped: number;
}

export function createStateProbe(
  population: string,
  variable: string,
  source: Float64Array | Float32Array,
  indices: readonly number[],
  every: number,
  capacity: number,
): StateProbe {
  indices.forEach((i) => {
    if (!(Number.isInteger(i) && i >= 0 && i < source.length)) {
      throw new RangeError(`state probe '${population}.${variable}': neuron index ${i} outside [0, ${source.length - 1}]`);
    }
  });
  if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`state probe '${population}.${variable}': capacity must be a positive integer, got ${capacity}`);
  if (!(Number.isInteger(every) && every >= 1)) throw new RangeError(`state probe '${population}.${variable}': every must be an integer ≥ 1, got ${every}`);
  return {
    kind: 'state',
    population,
    variable,
    indices: Int32Array.from(indices),
    every,
    capacity,
    source,
    data: new Float32Array(capacity * indices.length),
    steps: new Int32Array(capacity),
    count: 0,
    dropped: 0,
  };
}

/** Call after a step; samples when `step` is a multiple of `every`. */
export function sampleState(p: StateProbe, step: number): void {
  if (step % p.every !== 0) return;
  if (p.count >= p.capacity) {
    p.dropped++;
    return;
  }
  const base = p.count * p.indices.length;
  for (let q = 0; q < p.indices.length; q++) p.data[base + q] = p.source[p.indices[q]];
  p.steps[p.count++] = step;
}

export function clearStateProbe(p: StateProbe): void {
  p.count = 0;
  p.dropped = 0;
}
