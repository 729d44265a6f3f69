/**
 * `spikeloop nir info|import|export`: the commands write what the API computes, the imported
 * network runs under `spikeloop simulate` (and a spikeloop network survives export → import →
 * simulate spike for spike), and bad input fails with one located message.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nirToNetwork } from '../../controllers/nir/importGraph.js';
import { readNir } from '../../controllers/nir/readNir.js';
import { savedControllerOf } from '../../controllers/presets/controllerFile.js';
import { DRONE_AVOID_SNN } from '../../controllers/presets/droneAvoidSnn.js';
import { captureCli } from '../helpers/captureCli.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-nir-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NORSE = 'test/fixtures/nir/lif_norse.nir';
const STACK = /\n\s+at /;

const run = captureCli;

describe('spikeloop nir info', () => {
  it('lists nodes with types and shapes, edges, and the time unit assumed', async () => {
    const { code, out } = await run('nir', 'info', NORSE);
    expect(code).toBe(0);
    expect(out).toContain(`${NORSE}: NIR 0.1.1, written by unknown; 4 nodes, 3 edges`);
    expect(out).toContain("time unit: s (the default: snnTorch, Norse and Rockpool write seconds, though NIR's documentation labels τ in ms); time constants 2.5 … 2.5 ms");
    expect(out).toMatch(/\n1 +LIF +tau \[1\], r \[1\], v_leak \[1\], v_threshold \[1\], v_reset \[1\]\n/);
    expect(out).toContain('  input → 0\n  0 → 1\n  1 → output\n');
    const json = JSON.parse((await run('nir', 'info', NORSE, '--json', '--time-unit', 'ms')).out);
    expect(json.timeUnit).toBe('ms');
    expect(json.tauRange_ms[0]).toBe(Math.fround(0.0025)); // read as ms: the float32 value as is
    expect(json.warnings).toHaveLength(1);
  });
});

describe('spikeloop nir import', () => {
  it('writes the network spec the API builds, and simulate runs it', async () => {
    const file = join(dir, 'lif.json');
    const { code, out } = await run('nir', 'import', NORSE, '--dt-ms', '0.1', '--input-rate-hz', '400', '--out', file);
    expect(code).toBe(0);
    const api = nirToNetwork((await readNir(NORSE)).graph, { dt_ms: 0.1, inputs: { input: { kind: 'poisson', rate_Hz: 400 } }, source: NORSE });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(api.spec);
    expect(out).toContain(`imported ${NORSE} → ${file}: dt 0.1 ms, time unit s (default), discretisation euler`);
    expect(out).toContain("Output 'output' ← spikes of n_1");
    const sim = await run('simulate', file, '--duration-ms', '200', '--out', '-');
    expect(sim.code).toBe(0);
    const spikes = JSON.parse(sim.out).populations;
    // 400 Hz input, each spike adding (dt/τ)·w = 0.04 to a membrane leaking 4 % per step:
    // the neuron fires (v > 0.1 needs ≥ 3 closely spaced inputs), far less often than its input.
    expect(spikes.input.spikes.length).toBeGreaterThan(40);
    expect(spikes.n_1.spikes.length).toBeGreaterThan(0);
    expect(spikes.n_1.spikes.length).toBeLessThan(spikes.input.spikes.length / 2);
  });

  it('a spikeloop network survives nir export → nir import → simulate spike for spike', async () => {
    const net = 'examples/networks/poisson-lif.yaml';
    const nirFile = join(dir, 'pl.nir');
    const exp = await run('nir', 'export', '--network', net, '--out', nirFile);
    expect(exp.code).toBe(0);
    expect(exp.out).toMatch(new RegExp(`^exported network '${net}' to ${nirFile} \\((\\d+) bytes\\): 5 nodes \\(1 Input, 1 Output, 1 Affine, 1 Delay\\), 4 edges; time unit s\\n$`));
    expect(exp.err).toContain("warning: refractory periods of 'lif' (2 ms) cannot be expressed in NIR");
    const spec = join(dir, 'pl.json');
    expect((await run('nir', 'import', nirFile, '--out', spec)).code).toBe(0);
    const a = await run('simulate', net, '--duration-ms', '300', '--out', '-');
    const b = await run('simulate', spec, '--duration-ms', '300', '--out', '-');
    const pa = JSON.parse(a.out).populations;
    const pb = JSON.parse(b.out).populations;
    expect(pa.lif.spikes.length).toBeGreaterThan(20);
    expect(pb).toEqual(pa);
  });

  it('fails with one message naming the file: not HDF5, missing, bad option values', async () => {
    const notNir = join(dir, 'notes.nir');
    writeFileSync(notNir, 'hello');
    let r = await run('nir', 'import', notNir, '--out', join(dir, 'x.json'));
    expect(r.code).toBe(1);
    expect(r.err).toBe(`spikeloop: ${notNir}: not an HDF5 file (no HDF5 signature); NIR graphs are HDF5 files written by nir.write\n`);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
    r = await run('nir', 'info', join(dir, 'missing.nir'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^spikeloop: .*missing\.nir: cannot read the file: ENOENT/);
    expect(r.err).not.toMatch(STACK);
    r = await run('nir', 'import', NORSE, '--out', join(dir, 'y.json'), '--time-unit', 'hours');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("expected one of s, ms, got 'hours'.");
    r = await run('nir', 'import', NORSE, '--out', join(dir, 'y.json'), '--time-unit', 'ms');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`spikeloop: ${NORSE}: nodes.1: tau = 0.0024999999441206455 ms is shorter than the step dt = 1 ms`);
  });
});

describe('spikeloop nir export', () => {
  it('exports a trained controller file, warning about what stays outside the graph', async () => {
    const c = DRONE_AVOID_SNN.create({ seed: 2, controlRate_Hz: 50 });
    const w = c.parameters()['prox-slide_left']!;
    for (let k = 0; k < w.length; k++) w[k] = (k % 7) * 30;
    const file = join(dir, 'trained.json');
    writeFileSync(file, JSON.stringify(savedControllerOf(c)));
    const out = join(dir, 'trained.nir');
    const r = await run('nir', 'export', '--controller', file, '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toContain("warning: the encoders, decoders and non-spiking terms of controller 'drone-avoid-snn' are outside its network and not exported: the graph's Inputs 'prox', 'goal' expect the spikes its encoders would produce");
    const nir = await readNir(out);
    const aff = nir.graph.nodes['prox-slide_left']!;
    expect(aff.type).toBe('Affine');
    // Dense [post, pre] of the learned weights, scaled by τ_syn/dt (2 ms / 1 ms for the preset's LIF).
    const wNir = aff.type === 'Affine' ? aff.params.weight! : null;
    expect(wNir!.shape).toEqual([10, 48]);
    const syn = c.network!.projections.find((p) => p.syn.name === 'prox-slide_left')!.syn;
    for (const s of [0, 17, 233]) expect(wNir!.data[syn.postOf[s]! * 48 + syn.preOf[s]!]).toBe((syn.weight[s]! * 2) / 1);
  });

  it('needs exactly one of --controller and --network, and a writable --out', async () => {
    let r = await run('nir', 'export', '--out', join(dir, 'z.nir'));
    expect([r.code, r.err]).toEqual([2, 'spikeloop: give exactly one of --controller <file|preset> and --network <file>\nsee `spikeloop nir export --help`\n']);
    r = await run('nir', 'export', '--network', 'examples/networks/poisson-lif.yaml', '--out', join(dir, 'no', 'such', 'dir.nir'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^spikeloop: cannot write .*dir\.nir: ENOENT/);
  });
});
