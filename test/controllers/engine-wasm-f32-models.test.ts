/**
 * Precision 'f32' for the adaptive LIF and Izhikevich kernels (wasm/adaptiveLifStep.c,
 * wasm/izhikevichStep.c): float32 state stepped four neurons per f32x4, against the same network
 * in f64 (bit-identical with the JS engine, engine-wasm.test.ts).
 *
 * Each case is a population of 101 neurons (odd: the SIMD body and the scalar tail both run)
 * under constant drive spread across neurons, 1 s at dt = 0.1 ms, so every neuron fires a
 * regular train of 5–60 spikes. Stated tolerances: float32 rounding (~6e-8 relative per step)
 * shifts spike times by a fraction of a step, so each neuron's spike count may differ from f64's
 * by at most 1 and the population's total by at most 0.5 %; before the first spike the membrane
 * stays within 1e-3 mV of f64 (mV-scale values, ~1e-5 mV per step of rounding at most).
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork, networkStep } from '../../controllers/network/index.js';
import type { Network } from '../../controllers/network/network.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';

const N = 101;

function spec(neuron: NetworkSpec['populations'][number]): NetworkSpec {
  return { dt_ms: 0.1, populations: [neuron], projections: [] };
}

interface Run {
  readonly counts: Int32Array;
  readonly vEarly: Float64Array;
  readonly state: ArrayLike<number>;
}

/** 1 s under drive[i] on neuron i: spike counts per neuron and v after 1 ms (before any spike). */
function run(s: NetworkSpec, precision: 'f32' | 'f64', drive: (i: number) => number): Run {
  const net: Network = buildNetwork(s, { seed: 1, backend: 'wasm', precision });
  expect(net.engine).toEqual({ backend: 'wasm', precision });
  const pop = net.populations[0]!;
  for (let i = 0; i < N; i++) pop.input.ext[i] = drive(i);
  const counts = new Int32Array(N);
  let vEarly = new Float64Array(0);
  const v = pop.dynamics.kind === 'neurons' ? pop.dynamics.neurons.variables['v_mV']! : new Float64Array(0);
  for (let k = 0; k < 10_000; k++) {
    networkStep(net);
    for (let q = 0; q < pop.spikes.count; q++) counts[pop.spikes.list[q]!]!++;
    if (k === 9) vEarly = Float64Array.from(v);
  }
  return { counts, vEarly, state: v };
}

function expectWithinTolerance(f64: Run, f32: Run): void {
  expect(f32.state).toBeInstanceOf(Float32Array);
  expect(f64.state).toBeInstanceOf(Float64Array);
  let total64 = 0;
  let total32 = 0;
  let maxDiff = 0;
  for (let i = 0; i < N; i++) {
    expect(f64.counts[i]!, `neuron ${i} fires`).toBeGreaterThanOrEqual(5);
    total64 += f64.counts[i]!;
    total32 += f32.counts[i]!;
    maxDiff = Math.max(maxDiff, Math.abs(f32.counts[i]! - f64.counts[i]!));
    expect(Math.abs(f32.vEarly[i]! - f64.vEarly[i]!), `v of neuron ${i} after 1 ms`).toBeLessThan(1e-3);
  }
  expect(maxDiff).toBeLessThanOrEqual(1);
  expect(Math.abs(total32 - total64) / total64).toBeLessThan(0.005);
  // A different computation, not the f64 one relabelled: some membrane differs in its bits.
  expect(Array.from(f32.vEarly).some((x, i) => x !== f64.vEarly[i])).toBe(true);
}

describe('wasm engine, f32 adaptive LIF and Izhikevich', () => {
  it('adaptive LIF (threshold and current adaptation): spike counts within 1 per neuron of f64', () => {
    const s = spec({ name: 'a', size: N, neuron: { kind: 'adaptive-lif', params: { adaptCurrentIncrement_pA: 20 } }, init: { v_mV: { kind: 'uniform', low: -70, high: -60 } } });
    const drive = (i: number) => 420 + 6 * i;
    expectWithinTolerance(run(s, 'f64', drive), run(s, 'f32', drive));
  });

  it('Izhikevich (regular spiking): spike counts within 1 per neuron of f64', () => {
    const s = spec({ name: 'z', size: N, neuron: { kind: 'izhikevich', preset: 'RS' }, init: { v_mV: { kind: 'uniform', low: -70, high: -60 } } });
    const drive = (i: number) => 5 + 0.1 * i;
    expectWithinTolerance(run(s, 'f64', drive), run(s, 'f32', drive));
  });
});
