/**
 * Every script in examples/ runs (its exported `main`, imported the way a user imports the
 * library: `spikeloop` resolves to the sources through vitest.config.ts's alias) and produces
 * what its header promises.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNetwork, findScenario, registerNeuronModel, registerPlasticityRule, registerScenario, resolveController } from 'spikeloop';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/', () => {
  it('raster.ts writes an SVG raster with the spikes of every population', async () => {
    const { main } = await import('../../examples/raster.js');
    const out = join(dir, 'raster.svg');
    const r = await main(out);
    expect(r.file).toBe(out);
    expect(r.spikes.input).toBeGreaterThan(0);
    expect(r.spikes.exc).toBeGreaterThan(0);
    expect(r.spikes.inh).toBeGreaterThan(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    // One mark per drawn spike (the raster's 'spikes' mark draws every spike of a short run).
    const total = r.spikes.input! + r.spikes.exc! + r.spikes.inh!;
    expect(svg).toContain(`all ${total} spikes`);
  });

  it('neuron-model.ts: the registered QIF model fires at its analytic rate and runs in a spec with projections', async () => {
    const { main, qifRate_Hz, QIF_DEFAULTS } = await import('../../examples/neuron-model.js');
    const duration_ms = 2000;
    const r = main(duration_ms);
    for (const row of r.rows) {
      // From reset at t = 0, the k-th spike comes at k·T exactly: floor(D/T) spikes in D.
      const expected = Math.floor((duration_ms / 1000) * qifRate_Hz(QIF_DEFAULTS, row.drive));
      expect(Math.abs((row.rate_Hz * duration_ms) / 1000 - expected)).toBeLessThanOrEqual(1);
    }
    expect(r.rows.map((x) => x.rate_Hz)).toEqual([...r.rows.map((x) => x.rate_Hz)].sort((a, b) => a - b));
    expect(r.drivenSpikes).toBeGreaterThan(0);
    // Registered once: a second registration of the kind is refused, by name.
    expect(() => registerNeuronModel({ kind: 'examples/qif', defaults: {}, model: { kind: 'x', create: () => 0, reset() {}, step() {}, variables: () => ({}) } })).toThrow(
      /neuron kind 'examples\/qif' is already registered/,
    );
    // Its parameters are checked where the spec names them.
    expect(() => buildNetwork({ populations: [{ name: 'q', size: 1, neuron: { kind: 'examples/qif', params: { tau: 1 } } }] }, { seed: 0 })).toThrow(
      /populations\[0\]\.neuron\.params\.tau: unknown parameter for neuron kind 'examples\/qif'; expected one of tau_ms, vPeak, vReset, bias/,
    );
    expect(() => buildNetwork({ populations: [{ name: 'q', size: 1, neuron: { kind: 'examples/qif', params: { vReset: 20 } } }] }, { seed: 0 })).toThrow(/neuron\.params: expected vReset < vPeak/);
  });

  it('plasticity-rule.ts: the registered rule, named from YAML, grows the active input\'s weights within wMax and leaves the silent one', async () => {
    const { main, HEBB_RULE } = await import('../../examples/plasticity-rule.js');
    const r = main();
    expect(r.meanWeight.fromActive).toBeGreaterThan(r.initialWeight + 50);
    expect(r.meanWeight.fromSilent).toBe(r.initialWeight);
    expect(r.maxWeight).toBeLessThanOrEqual(1500);
    expect(() => registerPlasticityRule(HEBB_RULE)).toThrow(/plasticity rule 'examples\/hebb' is already registered/);
  });

  it('own-loop.ts: a hand-written policy flies seeded drone-forest-v1 episodes to their end, the same way twice', async () => {
    const { main } = await import('../../examples/own-loop.js');
    const a = main([1]);
    expect(a).toHaveLength(1);
    expect(a[0]!.terminated || a[0]!.truncated).toBe(true);
    expect(a[0]!.steps).toBeGreaterThan(10);
    expect(Number.isFinite(a[0]!.return)).toBe(true);
    expect(a[0]!.metrics.success).toBe(1);
    expect(main([1])).toEqual(a);
  });

  it('new-scenario.ts: drone-goal-v1 is registered, its episodes end with named reward terms, and makeEnv finds it', async () => {
    const { main, DRONE_GOAL_V1 } = await import('../../examples/new-scenario.js');
    const r = main([1, 3]);
    expect(findScenario('drone-goal-v1')).toBe(DRONE_GOAL_V1);
    for (const e of r.episodes) {
      expect(e.outcome).toBe('terminated');
      expect(Object.keys(e.rewardTerms).sort()).toEqual(['collision', 'goal', 'progress']);
      expect(e.return).toBeCloseTo(e.rewardTerms.progress! + e.rewardTerms.goal! + e.rewardTerms.collision!, 9);
    }
    expect(r.episodes.some((e) => e.metrics.success === 1)).toBe(true);
    // Hovering runs into the 20 s limit: 20 s × 50 Hz.
    expect(r.envTruncated).toBe(true);
    expect(r.envSteps).toBe(1000);
    expect(() => registerScenario(DRONE_GOAL_V1)).toThrow(/scenario 'drone-goal-v1' is already registered/);
  });

  it('train-controller-file.ts: trains the YAML controller, whose best.json loads and evaluates', async () => {
    const { main } = await import('../../examples/train-controller-file.js');
    const out = join(dir, 'train');
    mkdirSync(out);
    const r = await main(out, 2, 1);
    expect(existsSync(r.controllerFile)).toBe(true);
    expect(r.curveRows).toBe(2);
    // best.json loads on its own (the controller file is embedded in it, under the checksum).
    const loaded = resolveController(r.best, findScenario('drone-forest-v1'), 0);
    expect(loaded.saved?.spec).toBeDefined();
    expect(r.evaluation.episodes).toBe(1);
    expect(r.evaluation.scenario).toBe('drone-forest-v1');
    expect(Number.isFinite(r.evaluation.mean_reward)).toBe(true);
    expect(r.evaluation.spikes_per_step).toBeGreaterThan(0);
  });
});

describe('registering from user code', () => {
  it('refuses kinds and ids without a namespace or version', () => {
    expect(() => registerNeuronModel({ kind: 'qif' as 'x/y', defaults: {}, model: { kind: 'qif', create: () => 0, reset() {}, step() {}, variables: () => ({}) } })).toThrow(/must be namespaced, e.g. 'my\/qif'/);
    expect(() => registerNeuronModel({ kind: 'my/bad', defaults: { a: Number.NaN }, model: { kind: 'my/bad', create: () => 0, reset() {}, step() {}, variables: () => ({}) } })).toThrow(/defaults\.a: expected a finite number/);
    expect(() => registerScenario({ ...findScenario('drone-forest-v1'), id: 'my-task' })).toThrow(/must be versioned/);
    expect(() => registerScenario(findScenario('drone-forest-v1'))).toThrow(/already registered/);
  });

  it('an unregistered namespaced kind is an error listing the kinds', () => {
    expect(() => buildNetwork({ populations: [{ name: 'q', size: 1, neuron: { kind: 'nobody/none' } }] }, { seed: 0 })).toThrow(/populations\[0\]\.neuron\.kind: unknown neuron kind "nobody\/none"; expected one of lif/);
  });
});
