/**
 * Synaptic delays on the step grid, Brian2's timing: a spike emitted in step s through a synapse
 * of delay d steps jumps the target's synaptic variable at the end of step s + d, so it first
 * moves v in the update of step s + d + 1. Delay 0 (Brian2's default) is delivered within the
 * emitting step; per-synapse delays (`delays_ms` in list connectivity) each arrive at their own
 * step. Checked on the jump variable itself (iExc_pA of a current-based LIF: jump w, then decay
 * e^{−dt/τ_e} per step) and on v.
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import { validateNetworkSpec } from '../../controllers/network/loadNetworkSpec.js';
import type { Network } from '../../controllers/network/network.js';
import { findPopulation } from '../../controllers/network/networkAccess.js';
import type { NetworkSpec, ProjectionSpec } from '../../controllers/network/networkSpec.js';
import { networkStep } from '../../controllers/network/networkStep.js';
import { LIF_DEFAULTS } from '../../controllers/neurons/lif.js';
import { errorOf } from '../helpers/errorOf.js';

const DT = 0.5;
const SPIKE_STEP = 3;
const W = 100; // pA

/** One input spike at SPIKE_STEP onto `n` LIF neurons through `projection` (pre 'in', post 'lif'). */
function spec(n: number, projection: Partial<ProjectionSpec>): NetworkSpec {
  return {
    dt_ms: DT,
    populations: [
      { name: 'in', size: 1, source: { kind: 'spike-times', times_ms: [[SPIKE_STEP * DT]] } },
      { name: 'lif', size: n, neuron: { kind: 'lif' } },
    ],
    projections: [{ pre: 'in', post: 'lif', connectivity: { kind: 'all-to-all' }, weight: W, ...projection }],
  };
}

/** iExc_pA and v of every post neuron after each step. */
function trace(net: Network, steps: number) {
  const vars = findPopulation(net, 'lif').dynamics;
  if (vars.kind !== 'neurons') throw new Error('not neurons');
  const i: number[][] = [];
  const v: number[][] = [];
  for (let k = 0; k < steps; k++) {
    networkStep(net);
    i.push(Array.from(vars.neurons.variables.iExc_pA!));
    v.push(Array.from(vars.neurons.variables.v_mV!));
  }
  return { i, v };
}

/** The step at the end of which neuron j's current first becomes non-zero. */
const jumpStep = (i: number[][], j: number) => i.findIndex((row) => row[j]! !== 0);
const firstMove = (v: number[][], j: number) => v.findIndex((row) => row[j]! !== LIF_DEFAULTS.eLeak_mV);

/** The message of the RangeError `f` throws. */
function rangeError(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(RangeError);
    return (err as Error).message;
  }
  throw new Error('expected a RangeError');
}

describe('delays (Brian2 timing)', () => {
  for (const d of [0, 1, 4]) {
    it(`delay ${d} step${d === 1 ? '' : 's'}: the jump lands at the end of step s + ${d} and moves v from step s + ${d + 1}`, () => {
      const net = buildNetwork(spec(1, { delay_ms: d * DT }), { seed: 1 });
      const { i, v } = trace(net, 20);
      expect(jumpStep(i, 0)).toBe(SPIKE_STEP + d);
      expect(i[SPIKE_STEP + d]![0]).toBe(W);
      expect(i[SPIKE_STEP + d + 1]![0]).toBe(W * Math.exp(-DT / LIF_DEFAULTS.tauSynExc_ms));
      expect(firstMove(v, 0)).toBe(SPIKE_STEP + d + 1);
    });
  }

  it('per-synapse delays_ms in list connectivity: each synapse arrives at its own step, delay 0 included', () => {
    const delays_ms = [0, 3 * DT, DT, 7 * DT, 0];
    const pairs = delays_ms.map((_, j) => [0, j] as [number, number]);
    const weights = [10, 20, 30, 40, 50];
    const net = buildNetwork(spec(5, { connectivity: { kind: 'list', pairs }, weights, delays_ms }), { seed: 1 });
    const { i, v } = trace(net, 20);
    delays_ms.forEach((d, j) => {
      const steps = Math.round(d / DT);
      expect(jumpStep(i, j), `synapse ${j}`).toBe(SPIKE_STEP + steps);
      expect(i[SPIKE_STEP + steps]![j]).toBe(weights[j]);
      expect(firstMove(v, j), `synapse ${j}`).toBe(SPIKE_STEP + steps + 1);
    });
    // Counted like any delivery: one event per synapse.
    expect(net.counters.synOpsTotal).toBe(5);
  });

  it('delay 0 onto a model without jump variables, bad delays_ms and delays_ms off list connectivity are refused where they are', () => {
    const izh: NetworkSpec = { ...spec(1, { delay_ms: 0 }), populations: [spec(1, {}).populations[0]!, { name: 'lif', size: 1, neuron: { kind: 'izhikevich' } }] };
    expect(rangeError(() => buildNetwork(izh, { seed: 1 }))).toMatch(/^projections\[0\]\.delay_ms: delay 0 needs a post model whose input jumps a synaptic variable .* 'izhikevich' takes its input within the step/);
    const list = (delays_ms: number[]) => spec(2, { connectivity: { kind: 'list', pairs: [[0, 0], [0, 1]] }, delays_ms });
    expect(rangeError(() => buildNetwork(list([DT]), { seed: 1 }))).toBe('projections[0].delays_ms: 1 delays for 2 pairs');
    expect(rangeError(() => buildNetwork(list([DT, -1]), { seed: 1 }))).toBe('projections[0].delays_ms[1]: expected a delay ≥ 0 ms, got -1');
    expect(rangeError(() => buildNetwork(list([NaN, DT]), { seed: 1 }))).toBe('projections[0].delays_ms[0]: expected a delay ≥ 0 ms, got NaN');
    expect(rangeError(() => buildNetwork(list([DT, 0.1]), { seed: 1 }))).toMatch(/^projections\[0\]\.delays_ms\[1\]: a delay of 0.1 ms rounds to 0 steps at dt = 0.5 ms/);
    expect(rangeError(() => buildNetwork(list([DT, 1e5]), { seed: 1 }))).toBe(
      'projections[0].delays_ms[1]: a delay of 100000 ms is 200000 steps at dt = 0.5 ms; delays are at most 10000 steps (5000 ms)',
    );
    expect(rangeError(() => buildNetwork(spec(2, { delays_ms: [0, 0] }), { seed: 1 }))).toBe("projections[0].delays_ms: explicit delays need connectivity.kind 'list'");
    // From a file: the schema locates the bad entry.
    const data = JSON.parse(JSON.stringify(list([DT, -2])));
    expect(errorOf(() => validateNetworkSpec(data, 'net.json'))).toBe('net.json: projections[0].delays_ms[1]: expected a number ≥ 0, got -2');
    expect(errorOf(() => validateNetworkSpec({ ...data, refractory: 'brain2' }, 'net.json'))).toMatch(/^net\.json: refractory: expected a refractory convention, one of spikeloop, nest, brian2/);
  });

  it("the network's refractory convention reaches its models: 'brian2' fires one step sooner after each spike", () => {
    const isi = (refractory: 'brian2' | 'spikeloop' | undefined) => {
      const net = buildNetwork(
        { dt_ms: 0.1, ...(refractory ? { refractory } : {}), populations: [{ name: 'lif', size: 1, neuron: { kind: 'lif', params: { tRef_ms: 2 } } }] },
        { seed: 1 },
      );
      const pop = findPopulation(net, 'lif');
      pop.input.ext[0] = 1e7;
      const at: number[] = [];
      for (let k = 0; k < 200; k++) {
        networkStep(net);
        if (pop.spikes.count > 0) at.push(k);
      }
      return at[2]! - at[1]!;
    };
    expect(isi('brian2')).toBe(20);
    expect(isi('spikeloop')).toBe(21);
    expect(isi(undefined)).toBe(21);
  });
});
