import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spikePairs } from '../../controllers/monitors/spikeRecorder.js';
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import { loadNetwork, loadNetworkSpec, validateNetworkSpec } from '../../controllers/network/loadNetworkSpec.js';
import type { Network } from '../../controllers/network/network.js';
import { addSpikeRecorder } from '../../controllers/network/networkAccess.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';
import { runSteps } from '../../controllers/network/networkStep.js';
import { IZHIKEVICH_PRESET_NAMES } from '../../controllers/neurons/izhikevich.js';
import { LIF_DEFAULTS } from '../../controllers/neurons/lif.js';
import { NEURON_DEFAULTS, NEURON_KINDS } from '../../controllers/neurons/registry.js';
import { STDP_DEFAULTS } from '../../controllers/plasticity/stdpParams.js';
import { errorOf } from '../helpers/errorOf.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Every population's spikes over `steps` steps, as [t_ms, index] pairs. */
function spikesOf(net: Network, steps: number): Record<string, Array<[number, number]>> {
  const recs = net.populations.map((p) => addSpikeRecorder(net, p.name));
  runSteps(net, steps);
  for (const r of recs) expect(r.dropped).toBe(0);
  return Object.fromEntries(recs.map((r) => [r.population, spikePairs(r, net.dt_ms)]));
}

/** 1-based line and column of the first occurrence of `needle` (after `after`, if given). */
function posOf(text: string, needle: string, after = ''): string {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
  expect(offset).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset);
  return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
}

// The TypeScript-API twin of examples/networks/poisson-lif.yaml, written out by hand.
const poissonLif: NetworkSpec = {
  dt_ms: 0.1,
  populations: [
    { name: 'input', size: 100, source: { kind: 'poisson', rate_Hz: 20 } },
    {
      name: 'lif',
      size: 10,
      neuron: { kind: 'lif', params: { tauMem_ms: 10, tRef_ms: 2 } },
      init: { v_mV: { kind: 'uniform', low: -70, high: -60 } },
    },
  ],
  projections: [
    { pre: 'input', post: 'lif', connectivity: { kind: 'fixed-probability', p: 0.2 }, weight: { kind: 'uniform', low: 400, high: 600 }, delay_ms: 1.5 },
  ],
};

describe('a YAML spec, the equivalent JSON spec and the TypeScript spec are the same network', () => {
  it('parse to the same spec object', () => {
    expect(loadNetworkSpec('examples/networks/poisson-lif.yaml')).toEqual(poissonLif);
    const json = write('poisson-lif.json', JSON.stringify(poissonLif, null, 2));
    expect(loadNetworkSpec(json)).toEqual(poissonLif);
  });

  it('produce identical spikes for the same seed (and the LIF population does fire)', () => {
    const steps = 5000; // 500 ms at 0.1 ms
    const json = write('poisson-lif-2.json', JSON.stringify(poissonLif));
    const fromYaml = spikesOf(loadNetwork('examples/networks/poisson-lif.yaml', { seed: 42 }), steps);
    const fromJson = spikesOf(loadNetwork(json, { seed: 42 }), steps);
    const fromTs = spikesOf(buildNetwork(poissonLif, { seed: 42 }), steps);
    expect(fromYaml).toEqual(fromTs);
    expect(fromJson).toEqual(fromTs);
    // Not vacuous: inputs at 20 Hz × 100 neurons × 0.5 s ≈ 1000 spikes, and the LIFs respond.
    expect(fromTs.input!.length).toBeGreaterThan(1000 - 5 * Math.sqrt(1000));
    expect(fromTs.lif!.length).toBeGreaterThan(10);
    const otherSeed = spikesOf(buildNetwork(poissonLif, { seed: 43 }), steps);
    expect(otherSeed.input).not.toEqual(fromTs.input);
  });

  it('every example network validates and builds', () => {
    for (const f of ['poisson-lif.yaml', 'spike-times.json', 'rstdp-dopamine.yaml']) {
      const net = loadNetwork(`examples/networks/${f}`, { seed: 1 });
      expect(net.populations.length).toBeGreaterThanOrEqual(2);
    }
  });
});

const BASE = `dt_ms: 0.1
populations:
  - name: a
    size: 2
    source: { kind: poisson, rate_Hz: 10 }
  - name: b
    size: 3
    neuron: { kind: lif }
modulators:
  - name: da
    tonic: 0
projections:
  - pre: a
    post: b
    connectivity: { kind: all-to-all }
    weight: 100
  - name: second
    pre: a
    post: b
    connectivity: { kind: all-to-all }
    weight: 100
    plasticity: { kind: stdp, tauPlus_ms: 20 }
`;

/** Writes BASE with one substitution and returns [file, text]. */
function variant(name: string, from: string, to: string): [string, string] {
  expect(BASE).toContain(from);
  const text = BASE.replace(from, to);
  return [write(name, text), text];
}

describe('spec errors name the file, the position, the path and what was expected', () => {
  it('the base spec is valid', () => {
    expect(loadNetwork(write('base.yaml', BASE), { seed: 1 }).projections.length).toBe(2);
  });

  it('a wrong type', () => {
    const [f, t] = variant('type.yaml', 'tauPlus_ms: 20', 'tauPlus_ms: fast');
    expect(errorOf(() => loadNetworkSpec(f))).toBe(`${f}:${posOf(t, 'fast')}: projections[1].plasticity.tauPlus_ms: expected a number > 0, got "fast"`);
  });

  it('a value out of range', () => {
    const [f, t] = variant('range.yaml', 'size: 2', 'size: 2.5');
    expect(errorOf(() => loadNetworkSpec(f))).toBe(`${f}:${posOf(t, '2.5')}: populations[0].size: expected an integer > 0, got 2.5`);
  });

  it('a misspelt key names the valid keys and the likely one', () => {
    const [f, t] = variant('typo.yaml', 'tauPlus_ms: 20', 'tauplus_ms: 20');
    const valid = ['kind', ...Object.keys(STDP_DEFAULTS)].join(', ');
    expect(errorOf(() => loadNetworkSpec(f))).toBe(
      `${f}:${posOf(t, '20', 'tauplus_ms')}: projections[1].plasticity.tauplus_ms: unknown key 'tauplus_ms' in plasticity 'stdp' (did you mean 'tauPlus_ms'?); valid keys are: ${valid}`,
    );
  });

  it('a misspelt neuron parameter lists the model parameters', () => {
    const [f, t] = variant('param.yaml', 'neuron: { kind: lif }', 'neuron: { kind: lif, params: { tauMem: 10 } }');
    expect(errorOf(() => loadNetworkSpec(f))).toBe(
      `${f}:${posOf(t, '10', 'tauMem')}: populations[1].neuron.params.tauMem: unknown key 'tauMem' in 'lif' parameters (did you mean 'tauMem_ms'?); valid keys are: ${Object.keys(LIF_DEFAULTS).join(', ')}`,
    );
  });

  it('every registered neuron model is accepted with its own parameters, and only those', () => {
    for (const kind of NEURON_KINDS) {
      const params = Object.fromEntries(Object.entries(NEURON_DEFAULTS[kind]).map(([k, v]) => [k, v]));
      const [f] = variant(`${kind}.yaml`, 'neuron: { kind: lif }', `neuron: { kind: ${kind}, params: ${JSON.stringify(params)} }`);
      const spec = loadNetworkSpec(f);
      expect(spec.populations[1]).toEqual({ name: 'b', size: 3, neuron: { kind, params } });
    }
    const [f, t] = variant('izh-in-lif.yaml', 'neuron: { kind: lif }', 'neuron: { kind: lif, params: { a: 0.02 } }');
    expect(errorOf(() => loadNetworkSpec(f))).toBe(
      `${f}:${posOf(t, '0.02')}: populations[1].neuron.params.a: unknown key 'a' in 'lif' parameters; valid keys are: ${Object.keys(LIF_DEFAULTS).join(', ')}`,
    );
  });

  it('Izhikevich presets are the paper\'s names', () => {
    const [f] = variant('izh.yaml', 'neuron: { kind: lif }', 'neuron: { kind: izhikevich, preset: CH }');
    expect(loadNetworkSpec(f).populations[1]).toEqual({ name: 'b', size: 3, neuron: { kind: 'izhikevich', preset: 'CH' } });
    const [g, u] = variant('izh-bad.yaml', 'neuron: { kind: lif }', 'neuron: { kind: izhikevich, preset: XX }');
    expect(errorOf(() => loadNetworkSpec(g))).toBe(
      `${g}:${posOf(u, 'XX')}: populations[1].neuron.preset: expected an Izhikevich preset, one of ${IZHIKEVICH_PRESET_NAMES.join(', ')}, got "XX"`,
    );
  });

  it('an unknown kind lists the kinds', () => {
    const [f, t] = variant('kind.yaml', 'kind: stdp', 'kind: stpd');
    expect(errorOf(() => loadNetworkSpec(f))).toBe(`${f}:${posOf(t, 'stpd')}: projections[1].plasticity.kind: expected a plasticity rule kind, one of 'none', 'stdp', 'rstdp', 'triplet-stdp', got "stpd"`);
    const [g, u] = variant('neuron-kind.yaml', 'kind: lif', 'kind: hodgkin-huxley');
    const kinds = NEURON_KINDS.map((k) => `'${k}'`).join(', ');
    expect(errorOf(() => loadNetworkSpec(g))).toBe(`${g}:${posOf(u, 'hodgkin')}: populations[1].neuron.kind: expected a neuron model kind, one of ${kinds}, got "hodgkin-huxley"`);
  });

  it('a problem inside a distribution is reported inside it; a non-distribution as such', () => {
    const [f, t] = variant('dist.yaml', 'weight: 100\n', 'weight: { kind: uniform, low: 1 }\n');
    expect(errorOf(() => loadNetworkSpec(f))).toBe(`${f}:${posOf(t, '{ kind: uniform')}: projections[0].weight.high: expected a finite number, but the key is missing`);
    const [g, u] = variant('dist2.yaml', 'weight: 100\n', 'weight: heavy\n');
    expect(errorOf(() => loadNetworkSpec(g))).toBe(`${g}:${posOf(u, 'heavy')}: projections[0].weight: expected a number or a distribution {kind: constant | uniform | normal, …}, got "heavy"`);
  });

  it('a population that is neither neurons nor a source', () => {
    const [f, t] = variant('pop.yaml', '    neuron: { kind: lif }\n', '');
    expect(errorOf(() => loadNetworkSpec(f))).toBe(
      `${f}:${posOf(t, 'name: b')}: populations[1]: expected a population: {name, size, neuron: {kind, params?}} or {name, size, source: {kind, …}}, got {"name":"b","size":3}`,
    );
  });

  it('a non-finite number from YAML (.inf)', () => {
    const [f, t] = variant('inf.yaml', 'tonic: 0', 'tonic: .inf');
    expect(errorOf(() => loadNetworkSpec(f))).toBe(`${f}:${posOf(t, '.inf')}: modulators[0].tonic: expected a finite number, got Infinity`);
  });

  it('several problems are listed one per line, in document order', () => {
    const text = BASE.replace('size: 2', 'size: 0').replace('tauPlus_ms: 20', 'tauPlus_ms: -1');
    const f = write('many.yaml', text);
    expect(errorOf(() => loadNetworkSpec(f)).split('\n')).toEqual([
      `${f}:${posOf(text, '0\n')}: populations[0].size: expected an integer > 0, got 0`,
      `${f}:${posOf(text, '-1')}: projections[1].plasticity.tauPlus_ms: expected a number > 0, got -1`,
    ]);
  });

  it('semantic errors from buildNetwork are located in the file too', () => {
    const [f, t] = variant('semantic.yaml', 'post: b\n    connectivity', 'post: nowhere\n    connectivity');
    expect(errorOf(() => loadNetwork(f, { seed: 1 }))).toBe(`${f}:${posOf(t, 'nowhere')}: projections[0].post: unknown population 'nowhere'; populations are: a, b`);
    const [g, u] = variant('init.yaml', 'neuron: { kind: lif }', 'neuron: { kind: lif }\n    init: { v: -65 }');
    expect(errorOf(() => loadNetwork(g, { seed: 1 }))).toBe(`${g}:${posOf(u, '-65')}: populations[1].init.v: 'lif' has no state variable 'v'; variables are: v_mV, iExc_pA, iInh_pA`);
  });

  it("a neuron model's own parameter check is located at the population's params", () => {
    const [f, t] = variant('model.yaml', 'neuron: { kind: lif }', 'neuron: { kind: lif, params: { vReset_mV: -50 } }');
    const msg = errorOf(() => loadNetwork(f, { seed: 1 }));
    expect(msg.startsWith(`${f}:${posOf(t, '{ vReset_mV')}: populations[1].neuron.params: `)).toBe(true);
    expect(msg).toContain('vReset_mV');
  });

  it('YAML and JSON syntax errors give line and column', () => {
    const f = write('dup.yaml', 'dt_ms: 0.1\ndt_ms: 0.2\n');
    expect(errorOf(() => loadNetworkSpec(f))).toBe(`${f}:2:1: YAML syntax error: Map keys must be unique`);
    const text = '{\n  "dt_ms": 0.1,\n}\n';
    const g = write('comma.json', text);
    // The parser's wording is the runtime's; the position is ours to get right (the '}' on line 3).
    expect(errorOf(() => loadNetworkSpec(g))).toMatch(new RegExp(`^${g.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:1: JSON syntax error: \\S`));
  });

  it('unknown file types and missing files', () => {
    const f = write('net.txt', BASE);
    expect(errorOf(() => loadNetworkSpec(f))).toBe(`${f}: unknown file type '.txt'; expected .json, .yaml or .yml`);
    const g = join(dir, 'absent.yaml');
    expect(errorOf(() => loadNetworkSpec(g))).toBe(`${g}: cannot read the file: no such file`);
  });

  it('validateNetworkSpec checks data that did not come from a file (no position)', () => {
    const spec = JSON.parse(JSON.stringify(poissonLif)) as { populations: Array<{ size: unknown }> };
    spec.populations[1]!.size = '10';
    expect(errorOf(() => validateNetworkSpec(spec, 'api'))).toBe('api: populations[1].size: expected an integer > 0, got "10"');
  });

  it('the JSON example file is read as JSON', () => {
    const text = readFileSync('examples/networks/spike-times.json', 'utf8');
    expect(loadNetworkSpec('examples/networks/spike-times.json')).toEqual(JSON.parse(text));
  });
});
