/**
 * Export → NIR file → import reproduces a spikeloop network spike for spike, a trained
 * controller's network included; the exported parameters mean the same dynamics to a tool that
 * knows only NIR (no spikeloop metadata, forward Euler); what NIR cannot carry is refused or
 * warned about.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import type { Network } from '../../controllers/network/network.js';
import { addSpikeRecorder, addStateProbe, setSpikeDriver } from '../../controllers/network/networkAccess.js';
import { runSteps } from '../../controllers/network/networkStep.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';
import { resetNetwork } from '../../controllers/network/resetNetwork.js';
import { emitSpike } from '../../controllers/neurons/model.js';
import { LIF_DEFAULTS } from '../../controllers/neurons/lif.js';
import { controllerToNir } from '../../controllers/nir/exportController.js';
import { networkToNir } from '../../controllers/nir/exportNetwork.js';
import { nirToNetwork } from '../../controllers/nir/importGraph.js';
import type { NirImportOptions } from '../../controllers/nir/importGraph.js';
import type { NirParamNode } from '../../controllers/nir/nirGraph.js';
import { readNir } from '../../controllers/nir/readNir.js';
import type { TimeUnit } from '../../controllers/nir/timeUnit.js';
import { writeNir } from '../../controllers/nir/writeNir.js';
import { restoreController, savedControllerOf } from '../../controllers/presets/controllerFile.js';
import { DRONE_AVOID_SNN } from '../../controllers/presets/droneAvoidSnn.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-nir-rt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every population's spikes as "step:neuron" lists, after `steps` steps from reset(seed). */
function spikeTrains(net: Network, steps: number, seed: number): Record<string, string> {
  resetNetwork(net, seed);
  const recs = net.populations.map((p) => addSpikeRecorder(net, p.name, p.size * steps));
  runSteps(net, steps);
  return Object.fromEntries(recs.map((r) => [r.population, Array.from(r.steps.subarray(0, r.count), (t, k) => `${t}:${r.neurons[k]}`).join(' ')]));
}

async function throughFile(net: Network, name: string, unit?: TimeUnit) {
  const ex = networkToNir(net, { timeUnit: unit });
  const file = join(dir, name);
  const bytes = await writeNir(file, ex.file);
  return { ex, file, bytes, nir: await readNir(file) };
}

const DT = 0.5;
const SPEC: NetworkSpec = {
  dt_ms: DT,
  populations: [
    { name: 'drive', size: 20, source: { kind: 'poisson', rate_Hz: 80 } },
    { name: 'cue', size: 3, source: { kind: 'spike-times', times_ms: [[5, 40, 41.5], [12], [100, 101, 102]] } },
    { name: 'exc', size: 30, neuron: { kind: 'lif', params: { tRef_ms: 2 } }, init: { v_mV: { kind: 'uniform', low: -70, high: -56 } } },
    { name: 'inh', size: 10, neuron: { kind: 'lif', params: { tauSynExc_ms: 3, tauSynInh_ms: 3, cMem_pF: 200, tRef_ms: 1 } } },
  ],
  projections: [
    { pre: 'drive', post: 'exc', connectivity: { kind: 'fixed-probability', p: 0.4 }, weight: { kind: 'uniform', low: 200, high: 900 }, delay_ms: { kind: 'uniform', low: 0.5, high: 3 } },
    { pre: 'cue', post: 'exc', connectivity: { kind: 'all-to-all' }, weight: 1500 },
    { pre: 'exc', post: 'inh', connectivity: { kind: 'all-to-all' }, weight: 300 },
    { pre: 'inh', post: 'exc', target: 'inh', connectivity: { kind: 'fixed-in-degree', k: 4 }, weight: { kind: 'normal', mean: 400, sd: 100 } },
    // Mixed signs onto the excitatory input, a two-step delay.
    { name: 'rec', pre: 'exc', post: 'exc', connectivity: { kind: 'fixed-probability', p: 0.1 }, weight: { kind: 'uniform', low: -50, high: 150 }, delay_ms: 1 },
  ],
};

describe('round trip: export → NIR file → import', () => {
  it('reproduces every spike of a network with delays, inhibition, refractoriness, sources and initial-state draws', async () => {
    const net = buildNetwork(SPEC, { seed: 3 });
    const before = spikeTrains(net, 1200, 11);
    const { nir, ex } = await throughFile(net, 'net.nir');
    const imp = nirToNetwork(nir.graph, { source: 'net.nir' });
    expect(imp.warnings).toEqual([]);
    expect(imp.dt_ms).toBe(DT); // recorded in the file
    expect([...imp.restored].sort()).toEqual(['exc', 'inh']);
    const after = spikeTrains(buildNetwork(imp.spec, { seed: 3 }), 1200, 11);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const k of Object.keys(before)) expect(after[k], k).toBe(before[k]);
    expect(before.exc!.split(' ').length).toBeGreaterThan(200);
    expect(before.inh!.split(' ').length).toBeGreaterThan(200);
    // Each warning names what NIR cannot carry.
    expect(ex.warnings.join('\n')).toMatch(/'drive' is a Poisson source/);
    expect(ex.warnings.join('\n')).toMatch(/'cue' is a spike-time source/);
    expect(ex.warnings.join('\n')).toMatch(/refractory periods of 'exc' \(2 ms\), 'inh' \(1 ms\) cannot be expressed in NIR/);
    expect(ex.warnings.join('\n')).toMatch(/population 'exc' draws its initial state \(v_mV\)/);
  });

  it('a plastic projection is exported frozen at its current weights, with a warning', async () => {
    const spec: NetworkSpec = { ...SPEC, projections: SPEC.projections!.map((p) => (p.name === 'rec' ? { ...p, plasticity: { kind: 'stdp' as const } } : p)) };
    const net = buildNetwork(spec, { seed: 3 });
    spikeTrains(net, 1000, 1); // STDP moves the weights
    const rec = net.projections.find((p) => p.syn.name === 'rec')!.syn;
    const { ex, nir } = await throughFile(net, 'plastic.nir');
    expect(ex.warnings.join('\n')).toMatch(/projection 'rec' is plastic \(stdp\): exported with its current weights; the learning rule, its traces and modulators are not part of NIR/);
    const imp = nirToNetwork(nir.graph);
    const back = buildNetwork(imp.spec, { seed: 3 }).projections.find((p) => p.syn.name === 'rec')!;
    expect(back.plasticity).toBeNull();
    expect(Array.from(back.syn.weight).sort((x, y) => x - y)).toEqual(Array.from(rec.weight).filter((w) => w !== 0).sort((x, y) => x - y));
  });

  it('writes NIR parameters by the stated conversions (seconds, r = τ/C, W = w·τ_syn/dt, Delay = (d − 1)·dt)', async () => {
    const net = buildNetwork(SPEC, { seed: 3 });
    const { nir } = await throughFile(net, 'conv.nir');
    const inh = nir.graph.nodes.inh as NirParamNode;
    expect(inh.type).toBe('CubaLIF');
    const tauMem = LIF_DEFAULTS.tauMem_ms;
    expect(Array.from(inh.params.tau_mem!.data)).toEqual(new Array(10).fill(tauMem / 1000));
    expect(inh.params.tau_syn!.data[0]).toBe(3 / 1000);
    expect(inh.params.r!.data[0]).toBe(tauMem / 200);
    expect(inh.params.v_threshold!.data[0]).toBe(LIF_DEFAULTS.vThresh_mV);
    // exc → inh: all-to-all at 300 pA into a τ_syn = 3 ms population at dt = 0.5 ms.
    const w = nir.graph.nodes['exc->inh'] as NirParamNode;
    expect(w.params.weight!.shape).toEqual([10, 30]);
    expect(new Set(w.params.weight!.data)).toEqual(new Set([(300 * 3) / DT]));
    // inh → exc is inhibitory: negative weights, τ_syn of exc is the default.
    const wi = (nir.graph.nodes['inh->exc'] as NirParamNode).params.weight!.data;
    expect(wi.every((x) => x <= 0)).toBe(true);
    expect(wi.filter((x) => x < 0).length).toBe(4 * 30);
    // 'rec' has a delay of 1 ms = 2 steps: one step is the engine's own, the Delay node holds the other.
    expect(nir.graph.edges).toContainEqual(['rec', 'rec.delay']);
    expect(Array.from((nir.graph.nodes['rec.delay'] as NirParamNode).params.delay!.data)).toEqual(new Array(30).fill((1 * DT) / 1000));
  });

  it('writing in milliseconds records the unit, and importing reads it back', async () => {
    const net = buildNetwork(SPEC, { seed: 3 });
    const before = spikeTrains(net, 600, 5);
    const { nir } = await throughFile(net, 'ms.nir', 'ms');
    expect((nir.graph.nodes.exc as NirParamNode).params.tau_mem!.data[0]).toBe(LIF_DEFAULTS.tauMem_ms);
    const imp = nirToNetwork(nir.graph);
    expect([imp.timeUnit, imp.timeUnitFrom]).toEqual(['ms', 'file metadata']);
    const after = spikeTrains(buildNetwork(imp.spec, { seed: 3 }), 600, 5);
    expect(after).toEqual(before);
  });

  it('without spikeloop metadata the NIR parameters alone give the same spikes (exact discretisation, no refractoriness)', async () => {
    // What NIR can express: no refractory period, no initial-state draw, sources supplied by the user.
    const spec: NetworkSpec = {
      ...SPEC,
      populations: SPEC.populations.map((p) => ('neuron' in p ? { name: p.name, size: p.size, neuron: { kind: 'lif', params: { ...p.neuron.params, tRef_ms: 0 } } } : p)),
    };
    const net = buildNetwork(spec, { seed: 4 });
    const before = spikeTrains(net, 1200, 2);
    const { nir } = await throughFile(net, 'plain.nir');
    const opts: NirImportOptions = {
      useSpikeloopMetadata: false,
      discretisation: 'exact',
      dt_ms: DT,
      inputs: { drive: { kind: 'poisson', rate_Hz: 80 }, cue: { kind: 'spike-times', times_ms: [[5, 40, 41.5], [12], [100, 101, 102]] } },
    };
    const imp = nirToNetwork(nir.graph, opts);
    expect(imp.restored).toEqual([]);
    const exc = imp.spec.populations.find((p) => p.name === 'exc')!;
    expect('neuron' in exc && exc.neuron).toMatchObject({ kind: 'lif', params: { tRef_ms: 0, cMem_pF: expect.closeTo(LIF_DEFAULTS.cMem_pF, 9) } });
    const after = spikeTrains(buildNetwork(imp.spec, { seed: 4 }), 1200, 2);
    for (const k of Object.keys(before)) expect(after[k], k).toBe(before[k]);
  });

  it("a tool that knows only NIR (forward Euler, no metadata) sees the same membrane dynamics to first order in dt/τ", async () => {
    // One LIF neuron (rest 0 mV, NIR's reference state) driven by a fixed spike train.
    const dt = 0.01;
    const p = { ...LIF_DEFAULTS, eLeak_mV: 0, vReset_mV: 0, vThresh_mV: 15, tRef_ms: 0 };
    const spec: NetworkSpec = {
      dt_ms: dt,
      populations: [
        { name: 'in', size: 1, source: { kind: 'spike-times', times_ms: [[1, 3, 4, 10, 10.5, 11, 11.5, 12, 30]] } },
        { name: 'n', size: 1, neuron: { kind: 'lif', params: p } },
      ],
      projections: [{ pre: 'in', post: 'n', connectivity: { kind: 'all-to-all' }, weight: 900 }],
    };
    const trace = (s: NetworkSpec) => {
      const net = buildNetwork(s, { seed: 0 });
      const kind = net.populations[1]!.dynamics.kind === 'neurons' ? (net.populations[1]!.dynamics as { neurons: { kind: string } }).neurons.kind : '';
      const probe = addStateProbe(net, 'n', kind === 'lif' ? 'v_mV' : 'v', [0], 1, 6000);
      const rec = addSpikeRecorder(net, 'n');
      runSteps(net, 6000);
      return { v: probe.data, spikes: Array.from(rec.steps.subarray(0, rec.count)) };
    };
    const original = trace(spec);
    const { nir } = await throughFile(buildNetwork(spec, { seed: 0 }), 'euler.nir');
    const imp = nirToNetwork(nir.graph, { useSpikeloopMetadata: false, dt_ms: dt, inputs: { in: { kind: 'spike-times', times_ms: [[1, 3, 4, 10, 10.5, 11, 11.5, 12, 30]] } } });
    const n = imp.spec.populations.find((q) => q.name === 'n')!;
    expect('neuron' in n && n.neuron.kind).toBe('nir-cuba-lif');
    const euler = trace(imp.spec);
    // Forward Euler's global error on these linear dynamics is about (dt/2τ) of the excursion;
    // bound it by dt/τ_syn (the faster constant) times the largest |v|.
    const vMax = Math.max(...Array.from(original.v, Math.abs));
    let worst = 0;
    for (let k = 0; k < 6000; k++) worst = Math.max(worst, Math.abs(euler.v[k]! - original.v[k]!));
    expect(original.spikes.length).toBeGreaterThan(0);
    expect(euler.spikes).toEqual(original.spikes);
    expect(worst).toBeLessThan((dt / p.tauSynExc_ms) * vMax);
    expect(worst).toBeGreaterThan(0);
  });
});

describe('a trained controller', () => {
  it("drone-avoid-snn with learned weights: the exported graph's network spikes exactly as the controller's", async () => {
    const c = DRONE_AVOID_SNN.create({ seed: 5, controlRate_Hz: 50 });
    // "Training": learned weights of its plastic projections, as a controller file holds them.
    const rng = new Rng(9, 'fake-training');
    for (const [name, w] of Object.entries(c.parameters())) if (name.startsWith('prox-slide')) for (let k = 0; k < w.length; k++) w[k] = rng.range(0, 250);
    const trained = restoreController(savedControllerOf(c), DRONE_AVOID_SNN, 'trained.json');
    const ex = controllerToNir(trained);
    const file = join(dir, 'controller.nir');
    const bytes = await writeNir(file, ex.file);
    expect(statSync(file).size).toBe(bytes);
    const imp = nirToNetwork((await readNir(file)).graph, { source: file });
    const back = buildNetwork(imp.spec, { seed: 5 });
    // The encoders are outside the graph: drive the external inputs identically on both sides.
    const drive = (net: Network) => {
      for (const name of ['prox', 'goal']) {
        setSpikeDriver(net, name, (out, _step, r) => {
          for (let i = 0; i < out.flags.length; i++) if (r.uniform() < 0.15) emitSpike(out, i);
        });
      }
    };
    drive(trained.network!);
    drive(back);
    const a = spikeTrains(trained.network!, 1500, 21);
    const b = spikeTrains(back, 1500, 21);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) expect(b[k], k).toBe(a[k]);
    for (const k of ['slide_left', 'slide_right', 'fwd_go']) expect(a[k]!.split(' ').length, k).toBeGreaterThan(50);
    const all = ex.warnings.join('\n');
    expect(all).toMatch(/encoders, decoders and non-spiking terms of controller 'drone-avoid-snn' are outside its network/);
    expect(all).toMatch(/'explore' is a Poisson source/);
    expect(all).toMatch(/projection 'prox-slide_left' is plastic \(rstdp\)/);
    expect(all).toMatch(/modulators \(da_left, da_right\) are not part of NIR/);
  });
});

describe('export refuses what NIR cannot express', () => {
  it('a conductance-based population, naming it and its kind', () => {
    const net = buildNetwork({ populations: [{ name: 'cortex', size: 2, neuron: { kind: 'coba-lif' } }] }, { seed: 0 });
    expect(() => networkToNir(net)).toThrow("population 'cortex': neuron kind 'coba-lif' has no NIR counterpart");
  });

  it('a LIF population with two synaptic time constants', () => {
    const net = buildNetwork({ populations: [{ name: 'p', size: 2, neuron: { kind: 'lif', params: { tauSynExc_ms: 2, tauSynInh_ms: 5 } } }] }, { seed: 0 });
    expect(() => networkToNir(net)).toThrow("population 'p': tauSynExc_ms (2) and tauSynInh_ms (5) differ; a NIR CubaLIF has one synaptic time constant");
  });
});
