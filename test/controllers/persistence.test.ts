import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spikePairs } from '../../controllers/monitors/spikeRecorder.js';
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import { loadNetwork } from '../../controllers/network/loadNetworkSpec.js';
import type { Network } from '../../controllers/network/network.js';
import { addSpikeRecorder, findModulator, findPopulation, findProjection, rewardNetwork, settleWeights } from '../../controllers/network/networkAccess.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';
import { runSteps } from '../../controllers/network/networkStep.js';
import { resetNetwork } from '../../controllers/network/resetNetwork.js';
import { loadSavedNetwork } from '../../controllers/persistence/loadSavedNetwork.js';
import { saveNetwork } from '../../controllers/persistence/saveNetwork.js';
import { SAVED_NETWORK_FORMAT, SAVED_NETWORK_VERSION } from '../../controllers/persistence/savedNetworkFormat.js';
import { encodeFloat32 } from '../../controllers/persistence/weightCodec.js';
import { writeFileAtomic } from '../../controllers/persistence/writeFileAtomic.js';
import { errorOf } from '../helpers/errorOf.js';

const EXAMPLE = 'examples/networks/rstdp-dopamine.yaml';
const PROJ = 'sensor-motor';
const dir = mkdtempSync(join(tmpdir(), 'spikeloop-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs `ms` of closed-loop-style learning: every 50 ms the dopamine modulator gets +1 if the
 * motor population fired more than twice in the last window, else −0.5. The reward depends on
 * the network's own spikes, so any difference in weights or state shows up in later rewards.
 */
function train(net: Network, ms: number): void {
  const da = findModulator(net, 'dopamine');
  const motor = findPopulation(net, 'motor');
  const window = Math.round(50 / net.dt_ms);
  let last = motor.spikeTotal;
  for (let t = 0; t < ms; t += 50) {
    runSteps(net, window);
    rewardNetwork(net, da, motor.spikeTotal - last > 2 ? 1 : -0.5);
    last = motor.spikeTotal;
  }
}

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

/** A trained network saved to `name`; returns the file, its parsed content and the network. */
function trainedFile(name: string): { file: string; data: Record<string, any>; net: Network } {
  const net = loadNetwork(EXAMPLE, { seed: 5 });
  train(net, 1000);
  const file = join(dir, name);
  saveNetwork(net, file);
  return { file, data: JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>, net };
}

function writeJson(name: string, data: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe('save and load after R-STDP learning', () => {
  it('weights come back bit for bit, and the continued simulation is identical to the never-saved network', () => {
    const net = loadNetwork(EXAMPLE, { seed: 5 });
    const w0 = Float32Array.from(findProjection(net, PROJ).syn.weight);
    train(net, 3000);
    settleWeights(net);
    const w = findProjection(net, PROJ).syn.weight;
    // Learning happened (the round trip is not trivially of initial weights).
    let changed = 0;
    let maxChange = 0;
    for (let s = 0; s < w.length; s++) {
      if (w[s] !== w0[s]) changed++;
      maxChange = Math.max(maxChange, Math.abs(w[s]! - w0[s]!));
    }
    expect(changed).toBeGreaterThan(w.length / 2);
    expect(maxChange).toBeGreaterThan(1); // pA

    const file = join(dir, 'trained.json');
    saveNetwork(net, file);
    const loaded = loadSavedNetwork(file);
    expect(loaded.dt_ms).toBe(net.dt_ms);
    expect(bits(findProjection(loaded, PROJ).syn.weight)).toEqual(bits(w));

    // Both continue from a reset with the same seed: same spikes, same rewards, same learning.
    const continueRun = (n: Network) => {
      resetNetwork(n, 9);
      const recs = n.populations.map((p) => addSpikeRecorder(n, p.name));
      train(n, 2000);
      settleWeights(n);
      return { spikes: recs.map((r) => spikePairs(r, n.dt_ms)), w: Float32Array.from(findProjection(n, PROJ).syn.weight) };
    };
    const a = continueRun(net);
    const b = continueRun(loaded);
    expect(b.spikes).toEqual(a.spikes);
    expect(bits(b.w)).toEqual(bits(a.w));
    expect(a.spikes[1]!.length).toBeGreaterThan(20); // the motor population fired
    // And the learned weights matter: the untrained network continues differently.
    const c = continueRun(loadNetwork(EXAMPLE, { seed: 5 }));
    expect(c.spikes[1]).not.toEqual(a.spikes[1]);
  });

  it('the file holds format, version, seed, step and little-endian Float32 weights', () => {
    const { data, net } = trainedFile('layout.json');
    const proj = findProjection(net, PROJ).syn;
    expect(data.format).toBe(SAVED_NETWORK_FORMAT);
    expect(data.version).toBe(SAVED_NETWORK_VERSION);
    expect(data.seed).toBe(5);
    expect(data.dt_ms).toBe(0.5);
    expect(Object.keys(data.weights)).toEqual([PROJ]);
    expect(data.weights[PROJ].n).toBe(proj.nSyn);
    expect(data.weights[PROJ].n).toBe(4 * 20); // 4 motor neurons × fixed in-degree 20
    const bytes = Buffer.from(data.weights[PROJ].data as string, 'base64');
    expect(bytes.length).toBe(4 * proj.nSyn);
    for (let s = 0; s < proj.nSyn; s++) expect(bytes.readFloatLE(4 * s)).toBe(proj.weight[s]);
  });
});

describe('loading a bad file fails with a message naming the file and what differs', () => {
  const { file, data } = trainedFile('good.json');
  const n = data.weights[PROJ].n as number;
  const edit = (name: string, f: (d: Record<string, any>) => void) => {
    const d = structuredClone(data);
    f(d);
    return writeJson(name, d);
  };

  it('the good file loads', () => {
    expect(findProjection(loadSavedNetwork(file), PROJ).syn.nSyn).toBe(n);
  });

  it('wrong format, not a saved network, wrong version', () => {
    const f = edit('format.json', (d) => (d.format = 'brian2-network'));
    expect(errorOf(() => loadSavedNetwork(f))).toBe(`${f}: format: expected "spikeloop-network", got "brian2-network"`);
    const g = writeJson('spec-only.json', data.spec);
    expect(errorOf(() => loadSavedNetwork(g))).toBe(`${g}: not a saved network: expected an object with "format": "spikeloop-network"`);
    const h = edit('version.json', (d) => (d.version = SAVED_NETWORK_VERSION + 1));
    expect(errorOf(() => loadSavedNetwork(h))).toBe(`${h}: version: version ${SAVED_NETWORK_VERSION + 1} is not supported; this spikeloop reads version ${SAVED_NETWORK_VERSION}`);
  });

  it('a truncated file: invalid JSON, or base64 of the wrong length', () => {
    const text = readFileSync(file, 'utf8');
    const f = join(dir, 'cut.json');
    writeFileSync(f, text.slice(0, Math.floor(text.length / 2)));
    expect(errorOf(() => loadSavedNetwork(f))).toMatch(/: not valid JSON \(.+\): the file may be truncated$/);
    expect(errorOf(() => loadSavedNetwork(f)).startsWith(`${f}: not valid JSON`)).toBe(true);
    const short = (data.weights[PROJ].data as string).slice(0, -8);
    const g = edit('short.json', (d) => (d.weights[PROJ].data = short));
    const held = Buffer.from(short, 'base64').length;
    expect(errorOf(() => loadSavedNetwork(g))).toBe(
      `${g}: weights.${PROJ}.data: holds ${held} bytes, expected ${4 * n} (${n} float32 weights); the file may be truncated or corrupted`,
    );
    const h = edit('garbled.json', (d) => (d.weights[PROJ].data = `!${(d.weights[PROJ].data as string).slice(1)}`));
    expect(errorOf(() => loadSavedNetwork(h))).toBe(`${h}: weights.${PROJ}.data: is not valid base64; the file may be truncated or corrupted`);
  });

  it('mismatched shapes: a projection missing, an extra one, a different count, different wiring', () => {
    const f = edit('missing.json', (d) => delete d.weights[PROJ]);
    expect(errorOf(() => loadSavedNetwork(f))).toBe(`${f}: weights: no weights for projection '${PROJ}' (the file has: none)`);
    const g = edit('extra.json', (d) => (d.weights.ghost = d.weights[PROJ]));
    expect(errorOf(() => loadSavedNetwork(g))).toBe(`${g}: weights: weights for projection 'ghost' that the spec does not define`);
    const h = edit('count.json', (d) => (d.weights[PROJ].n = n + 1));
    expect(errorOf(() => loadSavedNetwork(h))).toBe(`${h}: weights.${PROJ}.n: the file has ${n + 1} synapses, the rebuilt projection has ${n}`);
    // Fixed in-degree: another seed gives the same synapse count but other pairs and delays.
    const other = buildNetwork(data.spec as NetworkSpec, { seed: 6, dt_ms: data.dt_ms as number });
    expect(findProjection(other, PROJ).syn.nSyn).toBe(n);
    const k = edit('seed.json', (d) => (d.seed = 6));
    expect(errorOf(() => loadSavedNetwork(k))).toMatch(
      new RegExp(`: weights\\.${PROJ}\\.synapses: the rebuilt projection is wired differently \\(fingerprint fnv1a32:[0-9a-f]{8}, saved ${data.weights[PROJ].synapses}\\): spec, seed or dt do not match`),
    );
  });

  it('non-finite, huge or out-of-bounds weights are refused; a byte-order mark is not a problem', () => {
    const plastic = (data.spec.projections as Array<Record<string, any>>).find((p) => (p.name ?? `${p.pre}-${p.post}`) === PROJ)!.plasticity;
    const withWeights = (name: string, f: (k: number) => number) => edit(name, (d) => (d.weights[PROJ].data = encodeFloat32(Float32Array.from({ length: n }, (_, k) => f(k)))));
    const f = withWeights('nan-w.json', () => NaN);
    expect(errorOf(() => loadSavedNetwork(f))).toBe(`${f}: weights.${PROJ}.data: value [0] is NaN; ${n} of ${n} values are not finite numbers`);
    const g = withWeights('huge-w.json', (k) => (k === 1 ? -3e38 : plastic.wMin));
    expect(errorOf(() => loadSavedNetwork(g))).toMatch(new RegExp(`^${g}: weights\\.${PROJ}\\.data: value \\[1\\] = -[23]\\.\\d+e\\+38 exceeds the largest magnitude`));
    const h = withWeights('above-w.json', (k) => (k === 2 ? plastic.wMax * 2 : plastic.wMax));
    expect(errorOf(() => loadSavedNetwork(h))).toBe(`${h}: weights.${PROJ}.data: value [2] = ${Math.fround(plastic.wMax * 2)} is outside the plasticity bounds [${plastic.wMin}, ${plastic.wMax}]; 1 of ${n} values are`);
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, `\uFEFF${readFileSync(file, 'utf8')}`);
    expect(findProjection(loadSavedNetwork(bom), PROJ).syn.nSyn).toBe(n);
  });

  it('a bad envelope or spec inside the file is located', () => {
    const f = edit('seed-type.json', (d) => (d.seed = 'x'));
    expect(errorOf(() => loadSavedNetwork(f))).toBe(`${f}: seed: expected an integer seed, got "x"`);
    const g = edit('spec.json', (d) => (d.spec.populations[0].size = 0));
    expect(errorOf(() => loadSavedNetwork(g))).toBe(`${g}: spec.populations[0].size: expected an integer > 0, got 0`);
    const h = edit('spec-build.json', (d) => (d.spec.projections[0].post = 'nowhere'));
    expect(errorOf(() => loadSavedNetwork(h))).toBe(`${h}: spec.projections[0].post: unknown population 'nowhere'; populations are: sensor, motor`);
  });
});

describe('atomic save', () => {
  it('replaces an existing file and leaves no temporary files', () => {
    const sub = join(dir, 'atomic');
    mkdirSync(sub);
    const file = join(sub, 'net.json');
    writeFileSync(file, 'old content');
    const net = loadNetwork(EXAMPLE, { seed: 1 });
    saveNetwork(net, file);
    expect(readdirSync(sub)).toEqual(['net.json']);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe(SAVED_NETWORK_FORMAT);
  });

  it('a failed write leaves the target untouched and cleans up', () => {
    const sub = join(dir, 'atomic-fail');
    mkdirSync(join(sub, 'target'), { recursive: true });
    // Renaming a file over a directory fails after the temporary file was written.
    expect(() => writeFileAtomic(join(sub, 'target'), 'data')).toThrow();
    expect(readdirSync(sub)).toEqual(['target']);
    expect(readdirSync(join(sub, 'target'))).toEqual([]);
    expect(() => writeFileAtomic(join(sub, 'no-such-dir', 'x.json'), 'data')).toThrow(/ENOENT/);
  });

  it('refuses to save a spec that JSON cannot carry (it could never be loaded)', () => {
    const spec: NetworkSpec = {
      populations: [
        { name: 'a', size: 1, source: { kind: 'poisson', rate_Hz: 10 } },
        { name: 'b', size: 1, neuron: { kind: 'lif' } },
      ],
      projections: [{ pre: 'a', post: 'b', connectivity: { kind: 'all-to-all' }, weight: 1, homeostasis: { kind: 'synaptic-scaling', targetRate_Hz: 5, wMax: Infinity } }],
    };
    const file = join(dir, 'inf.json');
    expect(errorOf(() => saveNetwork(buildNetwork(spec, { seed: 1 }), file))).toBe(
      'cannot save the network: its spec is not valid as JSON data: projections[0].homeostasis.wMax: expected a finite number, got null',
    );
    expect(readdirSync(dir)).not.toContain('inf.json');
  });
});
