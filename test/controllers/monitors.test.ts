import { describe, expect, it } from 'vitest';
import { addSpikeRecorder, addStateProbe, buildNetwork, runSteps } from '../../controllers/network/index.js';
import type { NetworkSpec } from '../../controllers/network/index.js';
import { LIF_DEFAULTS } from '../../controllers/neurons/index.js';

const dt = 0.1;
/** Three LIF neurons driven by constant currents (set through `ext`), below and above rheobase. */
function net() {
  const spec: NetworkSpec = { dt_ms: dt, populations: [{ name: 'lif', size: 3, neuron: { kind: 'lif' } }] };
  const n = buildNetwork(spec, { seed: 1 });
  const pop = n.populations[0]!;
  pop.input.ext.set([100, 400, 800]); // pA; rheobase = C·θ/τ = 250·15/10 = 375 pA
  return n;
}

describe('state probe', () => {
  it('samples the chosen neurons every k steps, matching the closed-form membrane trajectory', () => {
    const n = net();
    const probe = addStateProbe(n, 'lif', 'v_mV', [0], 10, 50);
    runSteps(n, 500);
    expect(probe.count).toBe(50);
    const p = LIF_DEFAULTS;
    const r = p.tauMem_ms / p.cMem_pF;
    for (let k = 0; k < probe.count; k++) {
      const t = (probe.steps[k]! + 1) * dt; // the sample is taken after step `steps[k]`
      expect(probe.steps[k]).toBe(10 * k);
      expect(probe.data[k]).toBeCloseTo(p.eLeak_mV + r * 100 * (1 - Math.exp(-t / p.tauMem_ms)), 4);
    }
  });
  it('is bounded and counts what it could not store; bad arguments are named', () => {
    const n = net();
    const probe = addStateProbe(n, 'lif', 'v_mV', [0, 2], 1, 100);
    runSteps(n, 250);
    expect(probe.count).toBe(100);
    expect(probe.dropped).toBe(150);
    expect(() => addStateProbe(n, 'lif', 'u', [0])).toThrow("population 'lif' has no variable 'u'; variables are: v_mV, iExc_pA, iInh_pA");
    expect(() => addStateProbe(n, 'lif', 'v_mV', [3])).toThrow("state probe 'lif.v_mV': neuron index 3 outside [0, 2]");
    expect(() => addStateProbe(n, 'lif', 'v_mV', [0], 1, -5)).toThrow("state probe 'lif.v_mV': capacity must be a positive integer, got -5");
  });
});

describe('spike recorder and counters', () => {
  it('records exactly the spikes the counters count, and stops storing at capacity', () => {
    const n = net();
    const all = addSpikeRecorder(n, 'lif');
    const small = addSpikeRecorder(n, 'lif', 5);
    runSteps(n, 2000);
    expect(all.count).toBe(n.counters.spikesTotal);
    expect(all.count).toBeGreaterThan(10);
    // Neuron 0 is below rheobase and never fires; 2 fires faster than 1.
    const per = [0, 0, 0];
    for (let k = 0; k < all.count; k++) per[all.neurons[k]!]++;
    expect(per[0]).toBe(0);
    expect(per[2]!).toBeGreaterThan(per[1]!);
    expect(small.count).toBe(5);
    expect(small.dropped).toBe(all.count - 5);
    expect(Array.from(small.steps)).toEqual(Array.from(all.steps.subarray(0, 5)));
  });
});
