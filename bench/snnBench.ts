/**
 * `npm run bench -- snn`: the Vogels–Abbott / Brette et al. (2007) benchmarks (COBA, CUBA)
 * single-threaded at dt = 0.1 ms, and the step cost of a 1000-neuron plastic network at 1 ms.
 * Figures: wall seconds per simulated second, mean rate, synaptic events and neuron updates per
 * wall second, peak memory; for the plastic network µs per step and heap bytes per step.
 */
import { buildNetwork, findModulator, rewardNetwork, runSteps, networkStep } from '../controllers/network/index.js';
import type { NetworkSpec } from '../controllers/network/networkSpec.js';
import { plasticLoopSpec } from './networks/plasticLoop.js';
import { cobaSpec, cubaSpec } from './networks/vogelsAbbott.js';
import type { BenchRow, BenchSuite } from './suite.js';
import { nowSeconds, peakRssMiB } from './suite.js';

function vogelsAbbott(model: 'coba' | 'cuba', spec: NetworkSpec, bio_s: number, log: (l: string) => void): BenchRow {
  const net = buildNetwork(spec, { seed: 1 });
  const dt = net.dt_ms;
  // Warm-up: 100 ms lets the JIT settle and the initial transient pass; not timed.
  runSteps(net, Math.round(100 / dt));
  const spikes0 = net.counters.spikesTotal;
  const ops0 = net.counters.synOpsTotal;
  const steps = Math.round((bio_s * 1000) / dt);
  const t0 = nowSeconds();
  runSteps(net, steps);
  const wall = nowSeconds() - t0;
  const n = net.populations.reduce((a, p) => a + p.size, 0);
  const spikes = net.counters.spikesTotal - spikes0;
  const ops = net.counters.synOpsTotal - ops0;
  const row: BenchRow = {
    case: model,
    model,
    neurons: n,
    synapses: net.projections.reduce((a, p) => a + p.syn.nSyn, 0),
    dt_ms: dt,
    bio_s,
    wall_s: wall,
    wall_s_per_bio_s: wall / bio_s,
    rate_hz: spikes / n / bio_s,
    syn_events_per_s: ops / wall,
    neuron_updates_per_s: (n * steps) / wall,
    ns_per_neuron_update: (wall * 1e9) / (n * steps),
    peak_rss_mib: peakRssMiB(),
  };
  log(`${model}: ${(wall / bio_s).toFixed(3)} s wall per bio s, ${(row.rate_hz as number).toFixed(2)} Hz`);
  return row;
}

function plasticLoop(steps: number, warmup: number, log: (l: string) => void): BenchRow {
  const net = buildNetwork(plasticLoopSpec(), { seed: 1 });
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
  run(steps);
  const wall = nowSeconds() - t0;
  const heapDelta = process.memoryUsage().heapUsed - heap0;
  const row: BenchRow = {
    case: 'plastic-1000-step',
    model: 'lif + r-stdp',
    neurons: 1000,
    synapses: net.projections.reduce((a, p) => a + p.syn.nSyn, 0),
    dt_ms: 1,
    steps,
    us_per_step: (wall * 1e6) / steps,
    realtime_factor: steps / 1000 / wall,
    rate_hz: net.counters.spikesTotal / 1000 / (net.step / 1000),
    syn_events_per_s: net.counters.synOpsTotal / (net.step / steps) / wall,
    // Without GC between, heapUsed only grows if the step allocates; reported per step.
    heap_bytes_per_step: gc ? Math.max(0, heapDelta) / steps : null,
    peak_rss_mib: peakRssMiB(),
  };
  log(`plastic 1000-neuron step: ${(row.us_per_step as number).toFixed(1)} µs per 1 ms step`);
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
      vogelsAbbott('coba', cobaSpec(), bio, log),
      vogelsAbbott('cuba', cubaSpec(), bio, log),
      plasticLoop(quick ? 2000 : 20_000, quick ? 5000 : 60_000, log),
    ];
  },
};
