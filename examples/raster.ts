/**
 * Build a spiking network from a spec, simulate it, and plot its spike raster.
 *
 * A Poisson input drives an excitatory LIF population, which drives an inhibitory one that
 * feeds back: the network as data (a `NetworkSpec`), built with a seed, stepped at 1 ms, every
 * spike recorded and drawn with the report's raster chart (Vega-Lite → SVG, no browser).
 *
 *   npx tsx examples/raster.ts [out.svg]        # default: a temporary directory
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addSpikeRecorder, buildNetwork, runSteps } from 'spikeloop';
import type { NetworkSpec } from 'spikeloop';
import { rasterSpec, renderChartSvg } from 'spikeloop/experiments';
import type { RecordedSpikes } from 'spikeloop/experiments';

export const SPEC: NetworkSpec = {
  dt_ms: 1,
  populations: [
    { name: 'input', size: 40, source: { kind: 'poisson', rate_Hz: 50 } },
    { name: 'exc', size: 40, neuron: { kind: 'lif' } },
    { name: 'inh', size: 10, neuron: { kind: 'lif' } },
  ],
  projections: [
    { pre: 'input', post: 'exc', connectivity: { kind: 'fixed-probability', p: 0.2 }, weight: { kind: 'uniform', low: 600, high: 1200 } },
    { pre: 'exc', post: 'inh', connectivity: { kind: 'fixed-probability', p: 0.3 }, weight: 800, delay_ms: 2 },
    { pre: 'inh', post: 'exc', target: 'inh', connectivity: { kind: 'all-to-all' }, weight: 400, delay_ms: 1 },
  ],
};

export interface RasterResult {
  readonly file: string;
  /** Spikes per population over the run. */
  readonly spikes: Readonly<Record<string, number>>;
}

export async function main(out = join(mkdtempSync(join(tmpdir(), 'spikeloop-raster-')), 'raster.svg'), duration_ms = 500, seed = 1): Promise<RasterResult> {
  const net = buildNetwork(SPEC, { seed });
  // A recorder per population, attached before stepping: it stores (step, neuron) pairs.
  const recorders = net.populations.map((p) => addSpikeRecorder(net, p.name));
  const steps = Math.round(duration_ms / net.dt_ms);
  runSteps(net, steps);

  const recorded: RecordedSpikes = {
    dt_ms: net.dt_ms,
    steps,
    populations: recorders.map((r, k) => ({
      name: r.population,
      size: net.populations[k]!.size,
      steps: r.steps.slice(0, r.count),
      neurons: r.neurons.slice(0, r.count),
      dropped: r.dropped,
    })),
  };
  const { svg } = await renderChartSvg(rasterSpec(recorded, { title: `examples/raster.ts, seed ${seed}`, maxSpikes: 50_000 }));
  writeFileSync(out, svg);
  return { file: out, spikes: Object.fromEntries(recorders.map((r) => [r.population, r.count])) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await main(process.argv[2]);
  console.log(`spikes: ${JSON.stringify(r.spikes)}\nraster: ${r.file}`);
}
