/**
 * The time-unit convention: seconds by default (what snnTorch, Norse and Rockpool write), the
 * file's recorded unit when spikeloop wrote it, an explicit option over both; warnings when
 * values look like the other unit; every time-valued quantity (τ, delays, the integrators' r)
 * converted by the same factor.
 */
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import { addSpikeRecorder } from '../../controllers/network/networkAccess.js';
import { runSteps } from '../../controllers/network/networkStep.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';
import { nirToNetwork } from '../../controllers/nir/importGraph.js';
import type { NirGraphNode } from '../../controllers/nir/nirGraph.js';
import { nirInfo } from '../../controllers/nir/nirInfo.js';
import { readNir } from '../../controllers/nir/readNir.js';
import { SPIKELOOP_META } from '../../controllers/nir/spikeloopMetadata.js';
import { DEFAULT_TIME_UNIT, timeUnitWarnings } from '../../controllers/nir/timeUnit.js';
import { arr, fill, graph, input, lif, output, param } from './nirBuilders.js';

const neuronParams = (spec: NetworkSpec, name: string) => {
  const p = spec.populations.find((q) => q.name === name)!;
  return 'neuron' in p ? (p.neuron.params as Record<string, number>) : {};
};

function spikes(spec: NetworkSpec, pop: string, steps: number): number[] {
  const net = buildNetwork(spec, { seed: 2 });
  const rec = addSpikeRecorder(net, pop);
  runSteps(net, steps);
  return Array.from(rec.steps.subarray(0, rec.count));
}

/** A LIF behind a Delay, both time-valued, with values in `scale` units (1 for seconds, 1000 for ms). */
function timed(scale: number): NirGraphNode {
  return graph(
    { input: input(1), w: param('Linear', { weight: arr([5], [1, 1]) }), d: param('Delay', { delay: arr([0.003 * scale]) }), l: lif(1, 0.002 * scale), output: output(1) },
    [
      ['input', 'w'],
      ['w', 'd'],
      ['d', 'l'],
      ['l', 'output'],
    ],
  );
}

describe('time unit', () => {
  it("defaults to seconds; Norse's τ = 0.0025 is 2.5 ms", async () => {
    expect(DEFAULT_TIME_UNIT).toBe('s');
    const nir = await readNir('test/fixtures/nir/lif_norse.nir');
    const imp = nirToNetwork(nir.graph, { dt_ms: 0.1 });
    expect(imp.timeUnit).toBe('s');
    expect(neuronParams(imp.spec, 'n_1').tau_ms).toBeCloseTo(2.5, 6);
    expect(nirInfo(nir).tauRange_ms![0]).toBeCloseTo(2.5, 6);
  });

  it('the same graph written in seconds and in milliseconds gives the same network and spikes', () => {
    const src = { input: { kind: 'spike-times' as const, times_ms: [[2, 9, 30]] } };
    const s = nirToNetwork(timed(1), { dt_ms: 0.5, inputs: src });
    const ms = nirToNetwork(timed(1000), { dt_ms: 0.5, inputs: src, timeUnit: 'ms' });
    expect(neuronParams(s.spec, 'l').tau_ms).toBeCloseTo(2, 12);
    expect(neuronParams(ms.spec, 'l').tau_ms).toBe(2);
    // Delay 3 ms = 6 steps of 0.5 ms, plus the projection's own step.
    expect(s.spec.projections![0]!.delay_ms).toBe(7 * 0.5);
    expect(ms.spec.projections![0]!.delay_ms).toBe(7 * 0.5);
    // (dt/τ)·r·w = 0.25·5 > θ = 1: each input spike fires l in the step it arrives.
    const a = spikes(s.spec, 'l', 100);
    expect(a).toEqual([2 / 0.5 + 7, 9 / 0.5 + 7, 30 / 0.5 + 7]);
    expect(spikes(ms.spec, 'l', 100)).toEqual(a);
  });

  it("converts the integrators' r (dv/dt = r·I) with the time unit: r per second / 1000 = r per ms", () => {
    const g = (r: number) =>
      graph({ input: input(1), w: param('Linear', { weight: arr([1], [1, 1]) }), f: param('IF', { r: fill(1, r), v_threshold: fill(1, 1), v_reset: fill(1, 0) }), output: output(1) }, [
        ['input', 'w'],
        ['w', 'f'],
        ['f', 'output'],
      ]);
    const src = { input: { kind: 'poisson' as const, rate_Hz: 400 } };
    const perS = nirToNetwork(g(250), { dt_ms: 1, inputs: src });
    const perMs = nirToNetwork(g(0.25), { dt_ms: 1, inputs: src, timeUnit: 'ms' });
    expect(neuronParams(perS.spec, 'f').r_perMs).toBe(0.25);
    expect(neuronParams(perMs.spec, 'f').r_perMs).toBe(0.25);
    // Each input spike adds dt·r = 0.25, so the IF fires on every fifth input spike (v > 1).
    const inputs = spikes(perS.spec, 'input', 400);
    expect(spikes(perS.spec, 'f', 400)).toEqual(inputs.filter((_, k) => (k + 1) % 5 === 0).map((t) => t + 1));
    expect(spikes(perMs.spec, 'f', 400)).toEqual(spikes(perS.spec, 'f', 400));
  });

  it('warns when values look like the other unit', async () => {
    const norse = (await readNir('test/fixtures/nir/lif_norse.nir')).graph;
    expect(timeUnitWarnings(norse, 's')).toEqual([]);
    expect(timeUnitWarnings(norse, 'ms')).toEqual([
      "time constants 0.0024999999441206455 read as milliseconds are all < 0.1 ms: files written by snnTorch, Norse and Rockpool store seconds; if this one does, use time unit 's'",
    ]);
    const inMs = timed(1000); // τ = 2, delay 3 (not a time constant)
    expect(timeUnitWarnings(inMs, 'ms')).toEqual([]);
    expect(timeUnitWarnings(inMs, 's')).toEqual([
      "time constants 2 read as seconds are all ≥ 1 s, unusual for neurons: if this file is in milliseconds (as the NIR documentation labels them), use time unit 'ms'",
    ]);
    // An import in the wrong unit carries the warning (here τ = 2 s runs, just very slowly).
    expect(nirToNetwork(inMs, { dt_ms: 1 }).warnings).toEqual(timeUnitWarnings(inMs, 's'));
  });

  it('refuses a step longer than a time constant, naming the node and suggesting the unit', async () => {
    const norse = (await readNir('test/fixtures/nir/lif_norse.nir')).graph;
    expect(() => nirToNetwork(norse, { timeUnit: 'ms', dt_ms: 1, source: 'lif_norse.nir' })).toThrow(
      'lif_norse.nir: nodes.1: tau = 0.0024999999441206455 ms is shorter than the step dt = 1 ms, which forward Euler cannot integrate (dt/τ > 1): use a step ≤ 0.0024999999441206455 ms, or check the time unit',
    );
  });

  it("a unit recorded by spikeloop is the default; an explicit option wins, with a warning", () => {
    const g: NirGraphNode = { ...timed(1000), metadata: { [SPIKELOOP_META.timeUnit]: 'ms' } };
    const imp = nirToNetwork(g, { dt_ms: 0.5 });
    expect([imp.timeUnit, imp.timeUnitFrom]).toEqual(['ms', 'file metadata']);
    expect(neuronParams(imp.spec, 'l').tau_ms).toBe(2);
    const forced = nirToNetwork(g, { dt_ms: 0.5, timeUnit: 's' });
    expect([forced.timeUnit, forced.timeUnitFrom]).toEqual(['s', 'option']);
    expect(forced.warnings[0]).toBe("the file records time unit 'ms'; reading it as 's' as asked");
    expect(nirToNetwork(g, { dt_ms: 0.5, useSpikeloopMetadata: false }).timeUnit).toBe('s');
  });
});
