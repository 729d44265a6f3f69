/**
 * The conventions across NIR: a network's refractory convention travels in spikeloop's graph
 * metadata (and the round trip stays spike for spike under 'brian2'); a delay-0 synapse has no
 * NIR form under the importer's one-step edge, so export warns and re-import is one step slower.
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import type { Network } from '../../controllers/network/network.js';
import { addSpikeRecorder } from '../../controllers/network/networkAccess.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';
import { runSteps } from '../../controllers/network/networkStep.js';
import { networkToNir } from '../../controllers/nir/exportNetwork.js';
import { nirToNetwork } from '../../controllers/nir/importGraph.js';
import { SPIKELOOP_META } from '../../controllers/nir/spikeloopMetadata.js';

function trains(net: Network, steps: number): string {
  const rec = addSpikeRecorder(net, 'lif');
  runSteps(net, steps);
  return Array.from(rec.steps.subarray(0, rec.count), (t, k) => `${t}:${rec.neurons[k]}`).join(' ');
}

const spec = (delay_ms: number): NetworkSpec => ({
  dt_ms: 0.5,
  refractory: 'brian2',
  populations: [
    { name: 'in', size: 10, source: { kind: 'poisson', rate_Hz: 200 } },
    { name: 'lif', size: 8, neuron: { kind: 'lif', params: { tRef_ms: 2 } } },
  ],
  projections: [{ pre: 'in', post: 'lif', connectivity: { kind: 'all-to-all' }, weight: 400, delay_ms }],
});

describe('conventions across NIR', () => {
  it("the 'brian2' refractory convention is recorded and restored: same spikes after the round trip", () => {
    const net = buildNetwork(spec(1), { seed: 2 });
    const before = trains(net, 800);
    const ex = networkToNir(buildNetwork(spec(1), { seed: 2 }));
    expect(ex.file.graph.metadata[SPIKELOOP_META.refractory]).toBe('brian2');
    const imp = nirToNetwork(ex.file.graph);
    expect(imp.spec.refractory).toBe('brian2');
    expect(before.split(' ').length).toBeGreaterThan(100);
    expect(trains(buildNetwork(imp.spec, { seed: 2 }), 800)).toBe(before);
    // Without the metadata the network counts refractoriness as spikeloop does: other spikes.
    const plain = nirToNetwork({ ...ex.file.graph, metadata: { ...ex.file.graph.metadata, [SPIKELOOP_META.refractory]: 'spikeloop' } });
    expect(plain.spec.refractory).toBe('spikeloop');
    expect(trains(buildNetwork(plain.spec, { seed: 2 }), 800)).not.toBe(before);
  });

  it('delay 0 is exported as a one-step edge with a warning naming the projection', () => {
    const ex = networkToNir(buildNetwork(spec(0), { seed: 2 }));
    expect(ex.warnings.join('\n')).toMatch(/projection 'in->lif' has delay-0 synapses \(delivered within the step\): .* re-import one step slower/);
    const imp = nirToNetwork(ex.file.graph);
    expect(imp.spec.projections!.every((p) => p.delay_ms === 0.5)).toBe(true);
  });
});
