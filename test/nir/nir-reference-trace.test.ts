/**
 * NIR files written by other tools (test/fixtures/nir, from the neuromorphs/NIR repository) run
 * here and reproduce the published reference traces.
 *
 * Timing convention checked throughout: a spikeloop projection takes one step where the
 * discrete-time backends pass a spike through a feedforward layer within the step, so a node
 * L layers from the Input runs L steps behind the reference: ours[t + L] ≡ reference[t].
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../loop/rng.js';
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import { addSpikeRecorder, addStateProbe } from '../../controllers/network/networkAccess.js';
import { runSteps } from '../../controllers/network/networkStep.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';
import { nirToNetwork } from '../../controllers/nir/importGraph.js';
import type { NirGraphNode, NirParamNode } from '../../controllers/nir/nirGraph.js';
import { readNir } from '../../controllers/nir/readNir.js';

const FIX = 'test/fixtures/nir';

function csv(file: string): number[][] {
  return readFileSync(`${FIX}/${file}`, 'utf8').trim().split('\n').map((l) => l.split(',').map(Number));
}

/** Runs a spec for `steps`; returns spike steps per population and v of chosen populations. */
function simulate(spec: NetworkSpec, steps: number, probe: readonly string[] = []) {
  const net = buildNetwork(spec, { seed: 0 });
  const recs = new Map(net.populations.map((p) => [p.name, addSpikeRecorder(net, p.name)]));
  const probes = new Map(probe.map((name) => [name, addStateProbe(net, name, 'v', Array.from({ length: net.populations.find((p) => p.name === name)!.size }, (_, k) => k), 1, steps)]));
  runSteps(net, steps);
  const spikes = (name: string, neuron = 0) => {
    const r = recs.get(name)!;
    const out: number[] = [];
    for (let k = 0; k < r.count; k++) if (r.neurons[k] === neuron) out.push(r.steps[k]!);
    return out;
  };
  const v = (name: string, step: number, neuron = 0) => {
    const p = probes.get(name)!;
    return p.data[step * p.indices.length + neuron]!;
  };
  return { spikes, v };
}

const param = (g: NirGraphNode, node: string, name: string) => (g.nodes[node] as NirParamNode).params[name]!.data;

describe("Norse's single LIF neuron (paper/01_lif/lif_norse.nir)", async () => {
  const nir = await readNir(`${FIX}/lif_norse.nir`);
  const ref = csv('lif_norse.csv'); // rows: input, v, spike — Norse LIFBoxCell, dt = 1e-4 s
  const dt_ms = 0.1;
  const input = ref.flatMap((r, k) => (r[0] === 1 ? [k * dt_ms] : []));
  const imp = nirToNetwork(nir.graph, { dt_ms, inputs: { input: { kind: 'spike-times', times_ms: [input] } }, source: 'lif_norse.nir' });
  const pop = imp.outputs.output!.populations[0]!;
  const run = simulate(imp.spec, ref.length + 1, [pop]);

  it('is read in seconds: τ = 0.0025 s (float32) becomes 2.5 ms, with no unit warning', () => {
    expect(imp.timeUnit).toBe('s');
    expect(imp.timeUnitFrom).toBe('default');
    expect(imp.warnings).toEqual([]);
    const tau = param(nir.graph, '1', 'tau')[0]!;
    expect(tau).toBe(Math.fround(0.0025));
    const p = imp.spec.populations.find((q) => q.name === pop)!;
    expect('neuron' in p && p.neuron.params).toEqual({ tau_ms: tau * 1000, r: 1, vLeak: 0, vThreshold: Math.fround(0.1), vReset: 0 });
  });

  it('fires at the reference steps, one step later (the projection from the Input)', () => {
    const refSpikes = ref.flatMap((r, k) => (r[2] === 1 ? [k] : []));
    expect(refSpikes.length).toBeGreaterThanOrEqual(4);
    expect(run.spikes(pop)).toEqual(refSpikes.map((k) => k + 1));
  });

  it('matches the reference membrane trace within float32 rounding', () => {
    // Norse computed in float32: each step rounds v (relative 2^-24) about three times, and an
    // error decays by (1 − dt/τ) per step, so the accumulated difference stays below
    // 3·2^-24·v_max / (dt/τ) with v_max ≤ θ. (The probe's float32 storage is within this.)
    const tau_ms = param(nir.graph, '1', 'tau')[0]! * 1000;
    const theta = param(nir.graph, '1', 'v_threshold')[0]!;
    const tol = (3 * 2 ** -24 * theta) / (dt_ms / tau_ms);
    let worst = 0;
    for (let k = 0; k < ref.length; k++) worst = Math.max(worst, Math.abs(run.v(pop, k + 1) - ref[k]![1]!));
    expect(worst).toBeLessThan(tol);
    expect(run.v(pop, 0)).toBe(0); // nothing has arrived in the extra first step
  });

  it('agrees with the exact solution (lif_exact.csv) up to the Euler step', () => {
    // The exact simulation integrates the same input in continuous time: the spike steps
    // agree, and the membrane differs by less than one step's largest increment (dt/τ)·r·1
    // — the most by which the exact solution can pass the threshold inside a step, which
    // it keeps after its subtractive reset while Euler resets to 0.
    const exact = csv('lif_exact.csv');
    expect(exact.map((r) => r[0])).toEqual(ref.map((r) => r[0]));
    expect(run.spikes(pop)).toEqual(exact.flatMap((r, k) => (r[2] === 1 ? [k + 1] : [])));
    const a = dt_ms / (param(nir.graph, '1', 'tau')[0]! * 1000);
    let worst = 0;
    for (let k = 0; k < exact.length; k++) worst = Math.max(worst, Math.abs(run.v(pop, k + 1) - exact[k]![1]!));
    expect(worst).toBeLessThan(a * param(nir.graph, '1', 'r')[0]!);
    expect(worst).toBeGreaterThan(0);
  });
});

describe('two LIF neurons, the first firing on its own (debug_spike_representation/two_lif_neurons.nir)', async () => {
  const nir = await readNir(`${FIX}/two_lif_neurons.nir`);
  const dt_ms = 0.1;
  const imp = nirToNetwork(nir.graph, { dt_ms, source: 'two_lif_neurons.nir' });
  const steps = 1000;
  const run = simulate(imp.spec, steps, ['lif2']);

  it('lif1 (v_leak above threshold) fires with the period of its Euler relaxation', () => {
    // From v = 0: v after n steps is v_leak·(1 − (1 − a)^n); it fires at the first n with v > θ.
    const tau_ms = param(nir.graph, 'lif1', 'tau')[0]! * 1000;
    const vLeak = param(nir.graph, 'lif1', 'v_leak')[0]!;
    const theta = param(nir.graph, 'lif1', 'v_threshold')[0]!;
    const a = dt_ms / tau_ms;
    let n = 1;
    while (vLeak * (1 - (1 - a) ** n) <= theta) n++;
    const expected = Array.from({ length: Math.floor(steps / n) }, (_, k) => (k + 1) * n - 1);
    expect(run.spikes('lif1')).toEqual(expected);
  });

  it('lif2 integrates lif1 spikes one step later, each adding (dt/τ)·r·w and decaying', () => {
    const tau_ms = param(nir.graph, 'lif2', 'tau')[0]! * 1000;
    const a = dt_ms / tau_ms;
    const w = param(nir.graph, 'linear2', 'weight')[0]!;
    const r = param(nir.graph, 'lif2', 'r')[0]!;
    const pre = run.spikes('lif1');
    expect(run.spikes('lif2')).toEqual([]);
    for (const k of [pre[0]! + 1, pre[2]! + 5, steps - 1]) {
      // A spike of lif1 in step s arrives in step s + 1: v_k = Σ_s a·r·w·(1 − a)^(k − s − 1).
      const v = pre.filter((s) => s + 1 <= k).reduce((acc, s) => acc + a * r * w * (1 - a) ** (k - s - 1), 0);
      expect(Math.abs(run.v('lif2', k) - v)).toBeLessThan(1e-6 * Math.max(1, v));
    }
  });
});

describe("snnTorch's recurrent Braille network (paper/03_rnn/braille_noDelay_bias_zero.nir)", async () => {
  const nir = await readNir(`${FIX}/braille_noDelay_bias_zero.nir`);
  const g = nir.graph;
  const dt_ms = 0.1; // the step snnTorch exported it for (its CubaLIF w_in = τ_syn/dt)
  const T = 300;
  const rng = new Rng(7, 'braille-input');
  const x = Array.from({ length: T }, () => Array.from({ length: 12 }, () => (rng.uniform() < 0.3 ? 1 : 0)));
  const times = Array.from({ length: 12 }, (_, i) => x.flatMap((row, t) => (row[i] ? [t * dt_ms] : [])));
  const imp = nirToNetwork(g, { dt_ms, inputs: { input: { kind: 'spike-times', times_ms: times } }, source: 'braille.nir' });

  /**
   * The graph run directly from its arrays, the way discrete-time backends do: in step t the
   * input and the previous step's lif1 spikes (the recurrence) drive lif1, and lif1's spikes of
   * this same step drive lif2; CubaLIF by the NIR reference implementation's Euler step.
   */
  function reference() {
    const W = (n: string) => (g.nodes[n] as NirParamNode).params;
    const layer = (n: string) => {
      const p = (g.nodes[n] as NirParamNode).params;
      const size = p.tau_mem!.data.length;
      return { p, size, v: new Float64Array(size), i: new Float64Array(size), z: new Uint8Array(size) };
    };
    const l1 = layer('lif1.lif');
    const l2 = layer('lif2');
    const dense = (w: { shape: readonly number[]; data: Float64Array }, b: Float64Array, xs: ArrayLike<number>, acc: Float64Array) => {
      const [rows, cols] = [w.shape[0]!, w.shape[1]!];
      for (let r = 0; r < rows; r++) {
        let s = b[r]!;
        for (let c = 0; c < cols; c++) s += w.data[r * cols + c]! * xs[c]!;
        acc[r] += s;
      }
    };
    const cuba = (l: ReturnType<typeof layer>, S: Float64Array) => {
      for (let k = 0; k < l.size; k++) {
        const iLast = l.i[k]!;
        l.i[k] = iLast + ((dt_ms / 1000) / l.p.tau_syn!.data[k]!) * (-iLast + l.p.w_in!.data[k]! * S[k]!);
        l.v[k] = l.v[k]! + ((dt_ms / 1000) / l.p.tau_mem!.data[k]!) * (l.p.v_leak!.data[k]! - l.v[k]! + l.p.r!.data[k]! * iLast);
        l.z[k] = l.v[k]! > l.p.v_threshold!.data[k]! ? 1 : 0;
        if (l.z[k]) l.v[k] = l.p.v_reset!.data[k]!;
      }
    };
    const z1: number[][] = [];
    const z2: number[][] = [];
    const v2: number[][] = [];
    for (let t = 0; t < T; t++) {
      const S1 = new Float64Array(l1.size);
      dense(W('fc1').weight!, W('fc1').bias!.data, x[t]!, S1);
      dense(W('lif1.w_rec').weight!, W('lif1.w_rec').bias!.data, l1.z, S1);
      cuba(l1, S1);
      const S2 = new Float64Array(l2.size);
      dense(W('fc2').weight!, W('fc2').bias!.data, l1.z, S2);
      cuba(l2, S2);
      z1.push(Array.from(l1.z));
      z2.push(Array.from(l2.z));
      v2.push(Array.from(l2.v));
    }
    return { z1, z2, v2 };
  }

  it('imports as 12 inputs, 38 + 7 CubaLIF neurons, the recurrence and a bias clock', () => {
    expect(imp.neurons).toEqual({ 'lif1.lif': ['lif1.lif'], lif2: ['lif2'] });
    const size = (n: string) => imp.spec.populations.find((p) => p.name === n)?.size;
    expect([size('input'), size('lif1.lif'), size('lif2'), size('bias_clock')]).toEqual([12, 38, 7, 1]);
    const nonzero = (n: string) => param(g, n, 'weight').filter((w) => w !== 0).length;
    const synapses = (name: string) => imp.spec.projections!.filter((p) => p.name === name).reduce((s, p) => s + p.weights!.length, 0);
    expect(synapses('input->fc1->lif1.lif')).toBe(nonzero('fc1'));
    expect(synapses('lif1.lif->lif1.w_rec->lif1.lif')).toBe(nonzero('lif1.w_rec'));
    expect(synapses('lif1.lif->fc2->lif2')).toBe(nonzero('fc2'));
  });

  it('reproduces the directly computed graph spike for spike, lif1 one step and lif2 two steps later', () => {
    const ref = reference();
    const run = simulate(imp.spec, T + 2, ['lif2']);
    let n1 = 0;
    let n2 = 0;
    for (let i = 0; i < 38; i++) {
      const want = ref.z1.flatMap((z, t) => (z[i] ? [t + 1] : []));
      n1 += want.length;
      expect(run.spikes('lif1.lif', i), `lif1 neuron ${i}`).toEqual(want);
    }
    for (let i = 0; i < 7; i++) {
      const want = ref.z2.flatMap((z, t) => (z[i] ? [t + 2] : []));
      n2 += want.length;
      expect(run.spikes('lif2', i), `lif2 neuron ${i}`).toEqual(want);
      for (let t = 0; t < T; t++) expect(Math.abs(run.v('lif2', t + 2, i) - ref.v2[t]![i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(ref.v2[t]![i]!)));
    }
    // Enough activity for the comparison to mean something: lif1 spikes feed back and on.
    expect(n1).toBeGreaterThan(20);
    expect(n2).toBeGreaterThan(100);
  });
});

describe("Rockpool's LIF export (paper/01_lif/lif_rockpool.nir)", async () => {
  it('reads a Linear node, edges out of order and an Output of shape [1, 1, 1]', async () => {
    const nir = await readNir(`${FIX}/lif_rockpool.nir`);
    expect(nir.graph.edges).toEqual([
      ['0_LinearTorch', '1_LIFNeuronTorch'],
      ['1_LIFNeuronTorch', 'output'],
      ['input', '0_LinearTorch'],
    ]);
    const imp = nirToNetwork(nir.graph, { dt_ms: 0.1 });
    expect(imp.outputs.output).toEqual({ node: '1_LIFNeuronTorch', populations: ['n_1_LIFNeuronTorch'], size: 1, signal: 'spikes' });
    expect(imp.spec.projections).toEqual([
      { name: 'input->0_LinearTorch->1_LIFNeuronTorch', pre: 'input', post: 'n_1_LIFNeuronTorch', connectivity: { kind: 'list', pairs: [[0, 0]] }, weight: 0, weights: [Math.fround(0.04)], delay_ms: 0.1 },
    ]);
  });
});
