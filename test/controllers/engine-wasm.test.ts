/**
 * The wasm engine (controllers/network/wasmBackend.ts) against the JS engine: in f64 the same
 * seeded networks give the same spikes in every step and bit-identical state, counters and
 * weights (COBA and CUBA from the benchmark, a net of every kernel model with delays, inhibition, sources, odd sizes
 * and a plastic projection, drone-avoid-snn episodes with learning); in f32 the state is float32
 * and the COBA rate stays the f64 rate within a few percent. Bad choices are refused with a
 * located message; without WebAssembly a network falls back to JS with one warning.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { plasticLoopSpec } from '../../bench/networks/plasticLoop.js';
import { cobaSpec, cubaSpec } from '../../bench/networks/vogelsAbbott.js';
import { DRONE_AVOID_SNN } from '../../controllers/presets/droneAvoidSnn.js';
import { buildNetwork, networkStep, rewardNetwork, runSteps, settleWeights } from '../../controllers/network/index.js';
import type { Network } from '../../controllers/network/network.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';
import type { RstdpState } from '../../controllers/plasticity/rstdp.js';
import { resetNetwork } from '../../controllers/network/resetNetwork.js';
import { ENGINE_ENV } from '../../controllers/network/wasmBackend.js';
import { episodeSeed } from '../../loop/episodeSeeds.js';
import { DRONE_FOREST_V1 } from '../../scenarios/droneForest.js';
import { runScenarioEpisode } from '../../scenarios/runScenarioEpisode.js';

function bytesOf(a: ArrayBufferView): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Steps both networks in lockstep; throws at the first step whose spikes differ. */
function lockstep(js: Network, wasm: Network, steps: number): void {
  for (let k = 0; k < steps; k++) {
    networkStep(js);
    networkStep(wasm);
    for (let p = 0; p < js.populations.length; p++) {
      const a = js.populations[p]!.spikes;
      const b = wasm.populations[p]!.spikes;
      const same = a.count === b.count && bytesOf(a.list.subarray(0, a.count)).equals(bytesOf(b.list.subarray(0, b.count)));
      if (!same) throw new Error(`step ${k}, population '${js.populations[p]!.name}': spikes differ (${a.count} vs ${b.count})`);
    }
  }
}

/** Every state variable, input accumulator, weight and counter, bit for bit. */
function expectSameState(js: Network, wasm: Network): void {
  js.populations.forEach((pa, p) => {
    const pb = wasm.populations[p]!;
    for (const k of ['exc', 'inh', 'ext'] as const) expect(bytesOf(pb.input[k]).equals(bytesOf(pa.input[k])), `${pa.name}.input.${k}`).toBe(true);
    if (pa.dynamics.kind !== 'neurons' || pb.dynamics.kind !== 'neurons') return;
    for (const [name, arr] of Object.entries(pa.dynamics.neurons.variables)) {
      expect(bytesOf(pb.dynamics.neurons.variables[name]!).equals(bytesOf(arr)), `${pa.name}.${name}`).toBe(true);
    }
  });
  js.projections.forEach((np, k) => expect(bytesOf(wasm.projections[k]!.syn.weight).equals(bytesOf(np.syn.weight)), np.syn.name).toBe(true));
  expect(wasm.counters).toEqual(js.counters);
  expect(wasm.synaptic).toEqual(js.synaptic);
}

function pair(spec: NetworkSpec, seed: number): [Network, Network] {
  const js = buildNetwork(spec, { seed, backend: 'js' });
  const wasm = buildNetwork(spec, { seed, backend: 'wasm' });
  expect(js.engine).toEqual({ backend: 'js', precision: 'f64' });
  expect(wasm.engine).toEqual({ backend: 'wasm', precision: 'f64' });
  return [js, wasm];
}

/** LIF, COBA, adaptive LIF and Izhikevich populations of odd sizes (SIMD tails), delays 0–4 steps, inhibition, a bias, spike sources and R-STDP. */
function lifNetSpec(): NetworkSpec {
  return {
    dt_ms: 0.5,
    populations: [
      { name: 'in', size: 37, source: { kind: 'poisson', rate_Hz: 60 } },
      { name: 'cue', size: 3, source: { kind: 'spike-times', times_ms: [[5, 50, 51], [20], []] } },
      { name: 'exc', size: 61, neuron: { kind: 'lif', params: { tRef_ms: 1.5, tauSynInh_ms: 5 } }, init: { v_mV: { kind: 'uniform', low: -70, high: -56 } } },
      { name: 'inh', size: 15, neuron: { kind: 'lif', params: { tauMem_ms: 8 } } },
      { name: 'out', size: 5, neuron: { kind: 'coba-lif' } },
      { name: 'adapt', size: 7, neuron: { kind: 'adaptive-lif' } },
      { name: 'izh', size: 9, neuron: { kind: 'izhikevich', preset: 'CH' }, init: { v_mV: { kind: 'uniform', low: -70, high: -60 } } },
    ],
    projections: [
      { pre: 'in', post: 'exc', connectivity: { kind: 'fixed-probability', p: 0.3 }, weight: { kind: 'uniform', low: 200, high: 700 }, delay_ms: { kind: 'uniform', low: 0.5, high: 2 } },
      { pre: 'cue', post: 'exc', connectivity: { kind: 'all-to-all' }, weight: 900 },
      { pre: 'in', post: 'adapt', connectivity: { kind: 'fixed-probability', p: 0.5 }, weight: 400, delay_ms: 1 },
      { name: 'in->adapt/0', pre: 'in', post: 'adapt', connectivity: { kind: 'fixed-probability', p: 0.2 }, weight: 300, delay_ms: 0 },
      { pre: 'in', post: 'izh', connectivity: { kind: 'fixed-probability', p: 0.5 }, weight: 6, delay_ms: 1.5 },
      { pre: 'inh', post: 'izh', target: 'inh', connectivity: { kind: 'all-to-all' }, weight: 2 },
      { pre: 'exc', post: 'inh', connectivity: { kind: 'fixed-probability', p: 0.4 }, weight: 300, delay_ms: 1 },
      { pre: 'inh', post: 'exc', target: 'inh', connectivity: { kind: 'fixed-probability', p: 0.5 }, weight: 400 },
      { pre: 'exc', post: 'exc', connectivity: { kind: 'fixed-probability', p: 0.1 }, weight: { kind: 'uniform', low: 0, high: 150 } },
      // Delay 0 (Brian2's default): delivered within the step into the post model's jump variables.
      { name: 'in->inh/0', pre: 'in', post: 'inh', connectivity: { kind: 'fixed-probability', p: 0.2 }, weight: 250, delay_ms: 0 },
      { name: 'inh->out/0', pre: 'inh', post: 'out', target: 'inh', connectivity: { kind: 'all-to-all' }, weight: 2, delay_ms: 0 },
      {
        pre: 'exc',
        post: 'out',
        connectivity: { kind: 'all-to-all' },
        weight: { kind: 'uniform', low: 0.5, high: 3 },
        plasticity: { kind: 'rstdp', modulator: 'da', wMin: 0, wMax: 5 },
      },
      { pre: 'in', post: 'out', connectivity: { kind: 'fixed-probability', p: 0.5 }, weight: 1, delay_ms: 1, plasticity: { kind: 'stdp', wMin: 0, wMax: 3 } },
    ],
    modulators: [{ name: 'da' }],
  };
}

describe('wasm engine, f64: bit-identical with the JS engine', () => {
  it('COBA (Vogels–Abbott, 4000 neurons): 1000 steps, same spikes every step, same state', () => {
    const [js, wasm] = pair(cobaSpec(), 5);
    lockstep(js, wasm, 1000);
    expect(js.counters.spikesTotal).toBeGreaterThan(1000);
    expectSameState(js, wasm);
  });

  it('CUBA (current-based LIF, 4000 neurons): 1000 steps', () => {
    const [js, wasm] = pair(cubaSpec(), 6);
    lockstep(js, wasm, 1000);
    expect(js.counters.spikesTotal).toBeGreaterThan(200);
    expectSameState(js, wasm);
  });

  it('a net of every kernel model with delays, inhibition, sources, odd sizes and R-STDP: two episodes with rewards and a reset', () => {
    const [js, wasm] = pair(lifNetSpec(), 9);
    // The kernels are in use: static (delayed and delay 0) and R-STDP delivery on wasm, pair STDP in JS.
    const byName = (n: string) => wasm.projections.find((np) => np.syn.name === n)!;
    expect(byName('in->exc').deliverKernel).toBeTypeOf('function');
    expect(byName('in->inh/0').deliverWithinKernel).toBeTypeOf('function');
    expect(byName('inh->out/0').deliverWithinKernel).toBeTypeOf('function');
    expect(byName('exc->out').deliverKernel).toBeTypeOf('function');
    expect(byName('in->out').deliverKernel ?? null).toBeNull();
    // Pair STDP delivers in JS, so the arrivals stay one call per projection, in order.
    expect(wasm.deliverAll).toBeNull();
    // Every neuron population updates in the one step_group call.
    expect(wasm.stepGroup).toBeTypeOf('function');
    expect(wasm.populations.filter((p) => p.grouped).map((p) => p.name)).toEqual(['exc', 'inh', 'out', 'adapt', 'izh']);
    const w0 = Float32Array.from(byName('exc->out').syn.weight);
    for (const net of [js, wasm]) net.populations[3]!.input.ext.fill(180);
    for (let episode = 0; episode < 2; episode++) {
      for (let k = 0; k < 10; k++) {
        lockstep(js, wasm, 60);
        for (const net of [js, wasm]) rewardNetwork(net, net.modulators[0]!, k % 2 === 0 ? 0.5 : -0.3);
      }
      for (const k of [2, 3, 4, 5, 6]) expect(js.populations[k]!.spikeTotal, js.populations[k]!.name).toBeGreaterThan(0);
      settleWeights(wasm);
      settleWeights(js);
      expect(bytesOf(byName('exc->out').syn.weight).equals(bytesOf(w0)), 'R-STDP changed weights').toBe(false);
      expectSameState(js, wasm);
      js.populations.forEach((p, k) => expect(wasm.populations[k]!.spikeTotal, p.name).toBe(p.spikeTotal));
      // What episodes do between runs: weights kept, state redrawn from the seed.
      for (const net of [js, wasm]) resetNetwork(net, 100 + episode);
    }
  });

  it('the 1000-neuron R-STDP network: arrivals in one call, post traces on the kernel, same weights and rule state', () => {
    const [js, wasm] = pair(plasticLoopSpec(), 3);
    expect(wasm.deliverAll).toBeTypeOf('function');
    const rstdp = (net: Network) => net.projections.filter((np) => np.plasticity?.kind === 'rstdp').map((np) => np.plasticity as RstdpState);
    expect(rstdp(wasm).map((st) => st.traces.decayKernel !== null)).toEqual([true, true]);
    for (let k = 0; k < 40; k++) {
      lockstep(js, wasm, 20);
      for (const net of [js, wasm]) rewardNetwork(net, net.modulators[0]!, Math.sin(k / 3));
    }
    expect(js.counters.spikesTotal).toBeGreaterThan(500);
    expect(js.synaptic.plasticUpdates).toBeGreaterThan(10_000);
    const [a, b] = [rstdp(js), rstdp(wasm)];
    a.forEach((st, k) => {
      const o = b[k]!;
      for (const [x, y, what] of [
        [st.traces.yPost, o.traces.yPost, 'yPost'],
        [st.traces.xPre, o.traces.xPre, 'xPre'],
        [st.eligScaled, o.eligScaled, 'eligScaled'],
        [st.accAtFlush, o.accAtFlush, 'accAtFlush'],
        [st.epoch, o.epoch, 'epoch'],
      ] as const) {
        expect(bytesOf(y).equals(bytesOf(x)), `${k}: ${what}`).toBe(true);
      }
    });
    settleWeights(js);
    settleWeights(wasm);
    expectSameState(js, wasm);
  });

  it('drone-avoid-snn: training and frozen episodes give the same episodes and weights', () => {
    const run = (engine: 'js' | 'wasm') => {
      const before = process.env[ENGINE_ENV];
      process.env[ENGINE_ENV] = engine;
      try {
        const body = DRONE_FOREST_V1.createBody();
        const c = DRONE_AVOID_SNN.create({ seed: 2, controlRate_Hz: DRONE_FOREST_V1.controlRate_Hz });
        expect(c.network!.engine.backend).toBe(engine);
        const results = [];
        c.learning = true;
        for (let k = 0; k < 2; k++) results.push(runScenarioEpisode(DRONE_FOREST_V1, body, c, { seed: episodeSeed(4, 'train', k) }).metrics);
        c.learning = false;
        results.push(runScenarioEpisode(DRONE_FOREST_V1, body, c, { seed: episodeSeed(4, 'eval', 0) }).metrics);
        return { results, params: c.parameters(), spikes: c.network!.counters.spikesTotal };
      } finally {
        if (before === undefined) delete process.env[ENGINE_ENV];
        else process.env[ENGINE_ENV] = before;
      }
    };
    const js = run('js');
    const wasm = run('wasm');
    expect(js.spikes).toBeGreaterThan(0);
    expect(wasm.results).toEqual(js.results);
    expect(wasm.spikes).toBe(js.spikes);
    for (const [name, w] of Object.entries(js.params)) expect(bytesOf(wasm.params[name]!).equals(bytesOf(w)), name).toBe(true);
  });
});


describe('wasm engine, f32', () => {
  it('keeps kernel models in float32 and the COBA rate within 5 % of f64', () => {
    const f64 = buildNetwork(cobaSpec(), { seed: 5, backend: 'wasm', precision: 'f64' });
    const f32 = buildNetwork(cobaSpec(), { seed: 5, precision: 'f32' });
    expect(f32.engine).toEqual({ backend: 'wasm', precision: 'f32' });
    const pop = f32.populations[0]!;
    expect(pop.dynamics.kind === 'neurons' && pop.dynamics.neurons.variables['v_mV']).toBeInstanceOf(Float32Array);
    // 0.3 s after a 0.1 s transient: ~25 000 spikes per network, so a 5 % band is many σ wide.
    runSteps(f64, 1000);
    runSteps(f32, 1000);
    const s64 = f64.counters.spikesTotal;
    const s32 = f32.counters.spikesTotal;
    runSteps(f64, 3000);
    runSteps(f32, 3000);
    const r64 = f64.counters.spikesTotal - s64;
    const r32 = f32.counters.spikesTotal - s32;
    expect(r64).toBeGreaterThan(10_000);
    expect(Math.abs(r32 - r64) / r64).toBeLessThan(0.05);
    // It is a different computation, not the f64 one relabelled.
    expect(f32.counters.spikesTotal).not.toBe(f64.counters.spikesTotal);
  });
});

describe('engine choice', () => {
  it('refuses f32 on the JS engine and unknown names, with the option named', () => {
    expect(() => buildNetwork(cubaSpec(), { seed: 1, backend: 'js', precision: 'f32' })).toThrow(/precision: 'f32' runs on the wasm engine only/);
    expect(() => buildNetwork(cubaSpec(), { seed: 1, precision: 'f16' as 'f32' })).toThrow(/precision: expected 'f64' or 'f32', got 'f16'/);
    expect(() => buildNetwork(cubaSpec(), { seed: 1, backend: 'gpu' as 'js' })).toThrow(/backend: expected 'js' or 'wasm', got 'gpu'/);
    process.env[ENGINE_ENV] = 'fast';
    try {
      expect(() => buildNetwork(cubaSpec(), { seed: 1 })).toThrow(/SPIKELOOP_ENGINE: expected 'js' or 'wasm' \(or unset\), got 'fast'/);
    } finally {
      delete process.env[ENGINE_ENV];
    }
  });

  it('without WebAssembly: one warning, the JS engine, the same spikes', () => {
    const script = `
      const { buildNetwork, runSteps } = await import('./controllers/network/index.ts');
      const spec = { populations: [{ name: 'a', size: 20, source: { kind: 'poisson', rate_Hz: 200 } }, { name: 'b', size: 9, neuron: { kind: 'lif' } }],
        projections: [{ pre: 'a', post: 'b', connectivity: { kind: 'all-to-all' }, weight: 300 }] };
      const nets = [buildNetwork(spec, { seed: 1 }), buildNetwork(spec, { seed: 1, precision: 'f32' })];
      for (const n of nets) runSteps(n, 200);
      console.log(JSON.stringify(nets.map((n) => [n.engine.backend, n.engine.precision, n.counters.spikesTotal])));`;
    const r = spawnSync(process.execPath, ['--noexpose-wasm', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
    expect(r.status, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('SPIKELOOP_WASM_FALLBACK'));
    expect(warnings.length, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/the WebAssembly engine is unavailable \(no WebAssembly in this runtime\); running the JS engine/);
    const out = JSON.parse(r.stdout.trim()) as Array<[string, string, number]>;
    const ref = buildNetwork(
      {
        populations: [
          { name: 'a', size: 20, source: { kind: 'poisson', rate_Hz: 200 } },
          { name: 'b', size: 9, neuron: { kind: 'lif' } },
        ],
        projections: [{ pre: 'a', post: 'b', connectivity: { kind: 'all-to-all' }, weight: 300 }],
      },
      { seed: 1, backend: 'js' },
    );
    runSteps(ref, 200);
    expect(out).toEqual([
      ['js', 'f64', ref.counters.spikesTotal],
      ['js', 'f64', ref.counters.spikesTotal],
    ]);
  });
});
