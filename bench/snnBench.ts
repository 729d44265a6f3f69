/**
 * `npm run bench -- snn`: the Vogels–Abbott / Brette et al. (2007) benchmarks (COBA, CUBA)
 * single-threaded at dt = 0.1 ms, and the step cost of a 1000-neuron plastic network at 1 ms.
 * Figures: wall seconds per simulated second, mean rate, synaptic events and neuron updates per
 * wall second, peak memory; for the plastic network µs per step (wall and CPU) and heap bytes per step.
 * Each runs on the default engine (wasm, f64) and, as `-js` / `-wasm-f32` rows, on the JS engine
 * and on the wasm engine with float32 state (wasmBackend.ts); `ns_per_neuron_update_phase` and
 * `ns_per_syn_event` time the update and delivery phases alone. Then Brian2 side by side on the
 * same COBA/CUBA networks (brian2SideBySide.ts): `<model>-brian2-ratio` rows carry
 * brian2_standalone_s / spikeloop_s from CPU time.
 */
import { buildNetwork, findModulator, rewardNetwork, runSteps, networkStep } from '../controllers/network/index.js';
import type { BuildOptions } from '../controllers/network/buildNetwork.js';
import { deliverArrivals } from '../controllers/network/deliver.js';
import { deliverWithinStep } from '../controllers/network/deliverWithinStep.js';
import type { Network } from '../controllers/network/network.js';
import { recordSpikeHistory } from '../controllers/network/spikeHistory.js';
import { clearSpikes } from '../controllers/neurons/model.js';
import type { NetworkSpec } from '../controllers/network/networkSpec.js';
import { brian2SideBySide } from './brian2SideBySide.js';
import { plasticLoopSpec } from './networks/plasticLoop.js';
import { cobaSpec, cubaSpec } from './networks/vogelsAbbott.js';
import type { BenchRow, BenchSuite } from './suite.js';
import { nowSeconds, peakRssMiB } from './suite.js';

/** The engines each network runs on: the default, the JS engine, float32 state. */
type EngineCase = { readonly suffix: string; readonly opts: Pick<BuildOptions, 'backend' | 'precision'> };
const ENGINES: readonly EngineCase[] = [
  { suffix: '', opts: {} },
  { suffix: '-js', opts: { backend: 'js' } },
  { suffix: '-wasm-f32', opts: { backend: 'wasm', precision: 'f32' } },
];

/**
 * The delivery and update phases of networkStep timed apart, for ns per synaptic event and per
 * neuron update (for networks of neurons only: no sources, plasticity or monitors, like COBA/CUBA).
 */
function phaseCosts(net: Network, steps: number): { ns_per_neuron_update_phase: number; ns_per_syn_event: number } {
  const pops = net.populations;
  let tDeliver = 0n;
  let tUpdate = 0n;
  let events = 0;
  let updates = 0;
  for (let k = 0; k < steps; k++) {
    const t = net.step;
    const t0 = process.hrtime.bigint();
    for (const np of net.projections) events += deliverArrivals(np, pops[np.syn.preIndex]!, pops[np.syn.postIndex]!, t, net.synaptic);
    const t1 = process.hrtime.bigint();
    for (const pop of pops) {
      clearSpikes(pop.spikes);
      if (pop.dynamics.kind === 'neurons') {
        pop.dynamics.neurons.step(pop.input, pop.spikes);
        updates += pop.size;
      }
    }
    const t2 = process.hrtime.bigint();
    for (const pop of pops) recordSpikeHistory(pop.history, t, pop.spikes);
    for (const np of net.projections) if (np.syn.dMin === 0) events += deliverWithinStep(np, pops[np.syn.preIndex]!, pops[np.syn.postIndex]!, t, net.synaptic);
    const t3 = process.hrtime.bigint();
    net.step = t + 1;
    tDeliver += t1 - t0 + (t3 - t2);
    tUpdate += t2 - t1;
  }
  return { ns_per_neuron_update_phase: Number(tUpdate) / updates, ns_per_syn_event: Number(tDeliver) / Math.max(1, events) };
}

function vogelsAbbott(model: 'coba' | 'cuba', spec: NetworkSpec, bio_s: number, log: (l: string) => void, engine: EngineCase = ENGINES[0]!): BenchRow {
  const net = buildNetwork(spec, { seed: 1, ...engine.opts });
  const dt = net.dt_ms;
  // Warm-up: 100 ms lets the JIT settle and the initial transient pass; not timed.
  runSteps(net, Math.round(100 / dt));
  const spikes0 = net.counters.spikesTotal;
  const ops0 = net.counters.synOpsTotal;
  const steps = Math.round((bio_s * 1000) / dt);
  const t0 = nowSeconds();
  const c0 = process.cpuUsage();
  runSteps(net, steps);
  const wall = nowSeconds() - t0;
  const c1 = process.cpuUsage(c0);
  const cpu = (c1.user + c1.system) / 1e6;
  const n = net.populations.reduce((a, p) => a + p.size, 0);
  const spikes = net.counters.spikesTotal - spikes0;
  const ops = net.counters.synOpsTotal - ops0;
  const row: BenchRow = {
    case: model + engine.suffix,
    model,
    backend: net.engine.backend,
    precision: net.engine.precision,
    neurons: n,
    synapses: net.projections.reduce((a, p) => a + p.syn.nSyn, 0),
    dt_ms: dt,
    bio_s,
    wall_s: wall,
    wall_s_per_bio_s: wall / bio_s,
    cpu_s_per_bio_s: cpu / bio_s,
    rate_hz: spikes / n / bio_s,
    syn_events_per_s: ops / wall,
    neuron_updates_per_s: (n * steps) / wall,
    ns_per_neuron_update: (wall * 1e9) / (n * steps),
    ...phaseCosts(net, Math.round(steps / 4)),
    peak_rss_mib: peakRssMiB(),
  };
  log(`${row.case}: ${(wall / bio_s).toFixed(3)} s wall (${(cpu / bio_s).toFixed(3)} s CPU) per bio s, ${(row.rate_hz as number).toFixed(2)} Hz`);
  return row;
}

function plasticLoop(steps: number, warmup: number, log: (l: string) => void, engine: EngineCase = ENGINES[0]!): BenchRow {
  const net = buildNetwork(plasticLoopSpec(), { seed: 1, ...engine.opts });
  const da = findModulator(net, 'dopamine');
  const controlPeriod = 20; // steps of 1 ms: a 50 Hz control loop
  const run = (k: number) => {
    for (let t = 0; t < k; t++) {
      if (net.step % controlPeriod === 0) rewardNetwork(net, da, Math.sin(net.step / 500));
      networkStep(net);
    }
  };
  // Warm-up long enough that the JIT has settled (~50 000 steps here): early steps allocate type
  // feedback and optimised code, later ones nothing.
  run(warmup);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = nowSeconds();
  const c0 = process.cpuUsage();
  run(steps);
  const wall = nowSeconds() - t0;
  const c1 = process.cpuUsage(c0);
  const heapDelta = process.memoryUsage().heapUsed - heap0;
  const row: BenchRow = {
    case: 'plastic-1000-step' + engine.suffix,
    model: 'lif + r-stdp',
    backend: net.engine.backend,
    precision: net.engine.precision,
    neurons: 1000,
    synapses: net.projections.reduce((a, p) => a + p.syn.nSyn, 0),
    dt_ms: 1,
    steps,
    us_per_step: (wall * 1e6) / steps,
    // CPU time: the comparable figure on a shared machine (wall time counts other jobs' slices).
    cpu_us_per_step: (c1.user + c1.system) / steps,
    realtime_factor: steps / 1000 / wall,
    rate_hz: net.counters.spikesTotal / 1000 / (net.step / 1000),
    syn_events_per_s: net.counters.synOpsTotal / (net.step / steps) / wall,
    // Without GC between, heapUsed only grows if the step allocates; reported per step.
    heap_bytes_per_step: gc ? Math.max(0, heapDelta) / steps : null,
    peak_rss_mib: peakRssMiB(),
  };
  log(`${row.case}: ${(row.us_per_step as number).toFixed(1)} µs wall (${(row.cpu_us_per_step as number).toFixed(1)} µs CPU) per 1 ms step`);
  return row;
}

/**
 * Machine calibration: the cost of the simplest neuron-like update (two loads, two stores, five
 * flops over 4000-element Float64Arrays). Divide our ns/update by it to compare machines.
 */
function calibration(): BenchRow {
  const n = 4000;
  const a = new Float64Array(n);
  const b = new Float64Array(n).fill(1);
  const c = new Float64Array(n).fill(0.5);
  const sweep = () => {
    for (let i = 0; i < n; i++) {
      a[i] = a[i] * 0.99 + b[i] * 0.5 + c[i];
      b[i] = b[i] * 0.9;
    }
  };
  for (let k = 0; k < 2000; k++) sweep();
  const reps = 10_000;
  const t0 = nowSeconds();
  for (let k = 0; k < reps; k++) sweep();
  const wall = nowSeconds() - t0;
  return { case: 'machine-calibration', ns_per_trivial_update: (wall * 1e9) / (n * reps), checksum: a[0] };
}

export const snnBench: BenchSuite = {
  name: 'snn',
  description: 'COBA and CUBA (Brette et al. 2007, 4000 neurons, dt 0.1 ms) and a 1000-neuron plastic network step',
  run: async ({ quick, log }) => {
    const bio = quick ? 0.2 : 1;
    return [
      calibration(),
      ...ENGINES.map((e) => vogelsAbbott('coba', cobaSpec(), bio, log, e)),
      ...ENGINES.map((e) => vogelsAbbott('cuba', cubaSpec(), bio, log, e)),
      ...ENGINES.map((e) => plasticLoop(quick ? 2000 : 20_000, quick ? 5000 : 60_000, log, e)),
      // Brian2 on the same COBA/CUBA networks, interleaved rounds, CPU-time ratio (skips with a message without Brian2).
      ...(await brian2SideBySide({ quick, log })),
    ];
  },
};
