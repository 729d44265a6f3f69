/**
 * NeuroBench-style activity counters checked against counts made independently from recorded
 * spikes and the network's own synapse tables: effective synaptic operations are spikes times
 * outgoing synapses with a non-zero weight (NeuroBench Eff_ACs), plastic updates are arrivals at
 * plastic synapses plus post spikes times their plastic fan-in, dense MACs are Σ nPre·nPost per
 * step, and activation sparsity is 1 − spikes / (neurons × steps) over neuron populations.
 */
import { describe, expect, it } from 'vitest';
import { addSpikeRecorder, buildNetwork, resetNetwork, runSteps } from '../../controllers/network/index.js';
import type { Network, NetworkSpec } from '../../controllers/network/index.js';
import { collectEpisodeMetrics, networkFootprint, networkStructure } from '../../controllers/metrics/index.js';

/** Poisson input → LIF hidden (random weights, a third set to 0) → LIF out (R-STDP), delays 1–3 steps. */
function spec(): NetworkSpec {
  const pairs: [number, number][] = [];
  const weights: number[] = [];
  for (let i = 0; i < 30; i++) {
    for (let j = 0; j < 20; j++) {
      if ((i * 7 + j * 3) % 4 === 0) continue; // not every pair exists
      pairs.push([i, j]);
      weights.push((i + j) % 3 === 0 ? 0 : 150 + 10 * ((i * j) % 7));
    }
  }
  return {
    dt_ms: 1,
    populations: [
      { name: 'in', size: 30, source: { kind: 'poisson', rate_Hz: 80 } },
      { name: 'hid', size: 20, neuron: { kind: 'lif' } },
      { name: 'out', size: 5, neuron: { kind: 'lif' } },
    ],
    modulators: [{ name: 'da' }],
    projections: [
      { name: 'in-hid', pre: 'in', post: 'hid', connectivity: { kind: 'list', pairs }, weight: 0, weights, delay_ms: { kind: 'uniform', low: 1, high: 3 } },
      {
        name: 'hid-out',
        pre: 'hid',
        post: 'out',
        connectivity: { kind: 'fixed-probability', p: 0.6 },
        weight: { kind: 'uniform', low: 300, high: 600 },
        plasticity: { kind: 'rstdp', modulator: 'da', wMin: 0, wMax: 800 },
      },
    ],
  };
}

/** Non-zero outgoing synapses of each pre neuron of a projection, and all of them. */
function fanOut(net: Network, name: string): { nonzero: Int32Array; all: Int32Array } {
  const p = net.projections.find((q) => q.syn.name === name)!.syn;
  const nonzero = new Int32Array(p.nPre);
  const all = new Int32Array(p.nPre);
  for (let s = 0; s < p.nSyn; s++) {
    all[p.preOf[s]!]++;
    if (p.weight[s] !== 0) nonzero[p.preOf[s]!]++;
  }
  return { nonzero, all };
}

describe('synaptic counters', () => {
  it('count effective (non-zero weight) and all synaptic events, plastic updates and neuron updates exactly', () => {
    const net = buildNetwork(spec(), { seed: 5 });
    const recIn = addSpikeRecorder(net, 'in');
    const recHid = addSpikeRecorder(net, 'hid');
    const recOut = addSpikeRecorder(net, 'out');
    const steps = 400;
    runSteps(net, steps);
    const inHid = net.projections[0]!.syn;
    const hidOut = net.projections[1]!.syn;
    const fIn = fanOut(net, 'in-hid');
    const fHid = fanOut(net, 'hid-out');
    // An event is counted when it arrives: a spike at step t reaches the synapses of delay d at t + d.
    let eff = 0;
    let all = 0;
    let plasticArrivals = 0;
    for (let k = 0; k < recIn.count; k++) {
      const i = recIn.neurons[k]!;
      for (let s = 0; s < inHid.nSyn; s++) {
        if (inHid.preOf[s] !== i || recIn.steps[k]! + inHid.delayOf[s]! >= steps) continue;
        all++;
        if (inHid.weight[s] !== 0) eff++;
      }
    }
    for (let k = 0; k < recHid.count; k++) {
      if (recHid.steps[k]! + 1 >= steps) continue; // hid-out has the default one-step delay
      const i = recHid.neurons[k]!;
      all += fHid.all[i]!;
      eff += fHid.nonzero[i]!; // R-STDP never took a weight to exactly 0 here (checked below)
      plasticArrivals += fHid.all[i]!;
    }
    let postFanIn = 0;
    for (let k = 0; k < recOut.count; k++) postFanIn += hidOut.colStart[recOut.neurons[k]! + 1]! - hidOut.colStart[recOut.neurons[k]!]!;
    expect(Array.from(hidOut.weight).every((w) => w !== 0)).toBe(true);
    expect(recIn.count).toBeGreaterThan(500);
    expect(recOut.count).toBeGreaterThan(10);
    expect(fIn.nonzero.reduce((a, b) => a + b, 0)).toBeLessThan(fIn.all.reduce((a, b) => a + b, 0));
    expect(net.counters.synOpsTotal).toBe(all);
    expect(net.synaptic.effectiveOps).toBe(eff);
    expect(eff).toBeLessThan(all);
    expect(net.synaptic.plasticUpdates).toBe(plasticArrivals + postFanIn);
    expect(net.counters.neuronUpdatesTotal).toBe((20 + 5) * steps);

    const m = collectEpisodeMetrics(net, 20, true, null);
    expect(m.neuronSpikes).toBe(recHid.count + recOut.count);
    expect(m.inputSpikes).toBe(recIn.count);
    expect(m.denseMacs).toBe((30 * 20 + 20 * 5) * steps);
    expect(m.synapticUpdates).toBe(plasticArrivals + postFanIn);
    expect(collectEpisodeMetrics(net, 20, false, null).synapticUpdates).toBe(0);
  });

  it('reset clears them', () => {
    const net = buildNetwork(spec(), { seed: 5 });
    runSteps(net, 50);
    expect(net.synaptic.effectiveOps).toBeGreaterThan(0);
    expect(net.synaptic.plasticUpdates).toBeGreaterThan(0);
    resetNetwork(net, 6);
    expect(net.synaptic.effectiveOps).toBe(0);
    expect(net.synaptic.plasticUpdates).toBe(0);
  });
});

describe('network structure and footprint', () => {
  it('connection sparsity is the fraction of zeros in the dense matrices; dense synapses Σ nPre·nPost', () => {
    const net = buildNetwork(spec(), { seed: 5 });
    const st = networkStructure(net);
    let nonzero = 0;
    let synapses = 0;
    for (const np of net.projections) {
      synapses += np.syn.nSyn;
      for (const w of np.syn.weight) if (w !== 0) nonzero++;
    }
    expect(st.denseSynapses).toBe(30 * 20 + 20 * 5);
    expect(st.synapses).toBe(synapses);
    expect(st.nonzeroSynapses).toBe(nonzero);
    expect(st.connectionSparsity).toBeCloseTo(1 - nonzero / 700, 15);
    expect(st.neurons).toBe(25);
    expect(st.inputNeurons).toBe(30);
  });

  it('footprint counts weights at the stated bits and state variables at theirs', () => {
    const net = buildNetwork(spec(), { seed: 5 });
    const f32 = networkFootprint(net);
    const f8 = networkFootprint(net, { weightBits: 8, variableBits: { v_mV: 16, iExc_pA: 16, iInh_pA: 16 } });
    const nSyn = net.projections.reduce((a, np) => a + np.syn.nSyn, 0);
    expect(f32.parameterBytes - f8.parameterBytes).toBe(4 * nSyn - nSyn);
    // Three LIF variables per neuron, 25 neurons: 8 bytes each as Float64, 2 at 16 bits.
    expect(f32.stateBytes - f8.stateBytes).toBe(25 * 3 * (8 - 2));
  });
});
