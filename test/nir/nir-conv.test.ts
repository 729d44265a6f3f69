/**
 * NIR Conv2d, SumPool2d, AvgPool2d and Flatten: files written in the NIR layout with h5py by our
 * make_conv_fixture.py (a small pathway using every field, and a CNN of the NIR paper's N-MNIST
 * shape) import as exact expanded synapses — checked against numpy's direct convolution and
 * pooling of fixed inputs (conv_expected.json) — export writes the original nodes back, and bad
 * files or geometries are located errors. With SPIKELOOP_NIR_PYTHONPATH pointing at the NIR
 * Python package, a graph written by its nir.write is checked too (not committed, not in CI).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SpecError } from '../../controllers/network/specIssues.js';
import { setLimits } from '../../loop/limits.js';
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import { addSpikeRecorder } from '../../controllers/network/networkAccess.js';
import { runSteps } from '../../controllers/network/networkStep.js';
import type { NetworkSpec, ProjectionSpec } from '../../controllers/network/networkSpec.js';
import { networkToNir } from '../../controllers/nir/exportNetwork.js';
import type { H5Group } from '../../controllers/nir/hdf5.js';
import { loadHdf5 } from '../../controllers/nir/hdf5.js';
import { nirToNetwork } from '../../controllers/nir/importGraph.js';
import type { NirConv2dNode, NirGraphNode, NirNode } from '../../controllers/nir/nirGraph.js';
import { nirInfo } from '../../controllers/nir/nirInfo.js';
import { nirExportCommand, nirImportCommand } from '../../launch/commands/nir.js';
import { readNir } from '../../controllers/nir/readNir.js';
import { writeNir } from '../../controllers/nir/writeNir.js';
import { arr, fill, graph, input, output, param } from './nirBuilders.js';

const FIX = 'test/fixtures/nir';
const dir = mkdtempSync(join(tmpdir(), 'spikeloop-nir-conv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setLimits({}));

type Case = { readonly input: number[]; readonly output: number[] };
const EXPECTED = JSON.parse(readFileSync(`${FIX}/conv_expected.json`, 'utf8')) as Record<string, Case>;

/** y = W·x + bias through the imported projections into `post` (event weight = NIR weight under euler for IF and LIF). */
function through(spec: NetworkSpec, pre: string, post: string, x: readonly number[]): number[] {
  const size = spec.populations.find((p) => p.name === post)!.size;
  const y = new Array<number>(size).fill(0);
  const into = (spec.projections ?? []).filter((p) => p.post === post);
  for (const p of into.filter((q) => q.pre === pre)) {
    const pairs = (p.connectivity as unknown as { pairs: Array<[number, number]> }).pairs;
    pairs.forEach(([i, j], k) => (y[j] += x[i]! * p.weights![k]!));
  }
  // The bias clock fires every step: its weights are the constant input.
  for (const p of into.filter((q) => q.pre === 'bias_clock')) {
    (p.connectivity as unknown as { pairs: Array<[number, number]> }).pairs.forEach(([, j], k) => (y[j] += p.weights![k]!));
  }
  return y;
}

function expectClose(got: readonly number[], want: readonly number[]): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(got[k]! - want[k]!));
  expect(worst).toBeLessThan(1e-12);
  // Not vacuous: the outputs vary and are not all zero.
  expect(new Set(want.map((v) => v.toFixed(9))).size).toBeGreaterThan(Math.min(5, want.length / 2));
}

function proj(spec: NetworkSpec, pre: string, post: string): ProjectionSpec {
  const l = (spec.projections ?? []).filter((p) => p.pre === pre && p.post === post);
  expect(l).toHaveLength(1);
  return l[0]!;
}

describe('Conv2d, SumPool2d, AvgPool2d and Flatten written with h5py in the NIR layout', () => {
  it('reads every field as make_conv_fixture.py wrote it', async () => {
    const f = await readNir(`${FIX}/conv_h5py.nir`);
    const c1 = f.graph.nodes.c1 as NirConv2dNode;
    expect(c1).toMatchObject({ type: 'Conv2d', stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2, inputShape: [9, 8] });
    expect(c1.weight.shape).toEqual([4, 1, 3, 2]);
    expect(Array.from(c1.bias.data)).toEqual([0.1, -0.2, 0, 0.3]);
    expect(f.graph.nodes.c2).toMatchObject({ padding: 'same', stride: [1, 1], groups: 1 });
    expect(f.graph.nodes.sp).toEqual({ type: 'SumPool2d', kernelSize: [2, 2], stride: [1, 2], padding: [0, 1], metadata: {} });
    expect(f.graph.nodes.ap).toEqual({ type: 'AvgPool2d', kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], metadata: {} });
    expect(nirInfo(f).nodes.every((n) => n.supported)).toBe(true);
  });

  it('imports as synapses that compute numpy’s convolution and pooling exactly (groups, stride, padding, dilation, bias, same, avg)', async () => {
    const f = await readNir(`${FIX}/conv_h5py.nir`);
    const imp = nirToNetwork(f.graph, { source: 'conv_h5py.nir' });
    expect(imp.warnings).toEqual([]);
    const size = (p: string) => imp.spec.populations.find((q) => q.name === p)!.size;
    expect([size('input'), size('if1'), size('if2'), size('lif')]).toEqual([2 * 9 * 8, 4 * 5 * 6, 3 * 4 * 4, 5]);
    expectClose(through(imp.spec, 'input', 'if1', EXPECTED.c1!.input), EXPECTED.c1!.output);
    expectClose(through(imp.spec, 'if1', 'if2', EXPECTED.sp_c2!.input), EXPECTED.sp_c2!.output);
    expectClose(through(imp.spec, 'if2', 'lif', EXPECTED.ap_fc!.input), EXPECTED.ap_fc!.output);
    // Each path keeps its nodes for export.
    expect(proj(imp.spec, 'input', 'if1').origin!.nodes.map((n) => n.type)).toEqual(['Conv2d']);
    expect(proj(imp.spec, 'if1', 'if2').origin).toMatchObject({ format: 'nir', preShape: [4, 5, 6], postShape: [3, 4, 4] });
    expect(proj(imp.spec, 'if2', 'lif').origin!.nodes.map((n) => n.type)).toEqual(['AvgPool2d', 'Flatten', 'Affine']);
    // And it runs: input spikes reach the second IF layer through both convolutions.
    const net = buildNetwork(nirToNetwork(f.graph, { inputs: { input: { kind: 'poisson', rate_Hz: 400 } } }).spec, { seed: 2 });
    const recs = ['if1', 'if2'].map((p) => addSpikeRecorder(net, p));
    runSteps(net, 300);
    for (const r of recs) expect(r.count, r.population).toBeGreaterThan(0);
  });

  it("imports a CNN of the NIR paper's N-MNIST shape (float32, numeric node names, no v_reset); its first convolution matches numpy", async () => {
    const f = await readNir(`${FIX}/cnn_h5py.nir`);
    expect(nirInfo(f).nodes.map((n) => n.type).sort()).toEqual(['Affine', 'Affine', 'Conv2d', 'Conv2d', 'Conv2d', 'Flatten', 'IF', 'IF', 'IF', 'IF', 'IF', 'Input', 'Output', 'SumPool2d', 'SumPool2d']);
    // v_reset is optional in NIR: left out, it reads as zeros of the node's shape.
    expect((f.graph.nodes['1'] as unknown as { params: Record<string, { shape: number[]; data: Float64Array }> }).params.v_reset).toEqual({ shape: [16, 16, 16], data: new Float64Array(4096) });
    const imp = nirToNetwork(f.graph, { source: 'cnn_h5py.nir' });
    const sizes = Object.fromEntries(imp.spec.populations.map((p) => [p.name, p.size]));
    // Node names that are not population names (digits first) get an n_ prefix; the first
    // convolution's bias comes from the bias clock.
    expect(sizes).toEqual({ bias_clock: 1, input: 2 * 34 * 34, n_1: 16 * 16 * 16, n_3: 16 * 16 * 16, n_6: 8 * 8 * 8, n_10: 256, n_12: 10 });
    expectClose(through(imp.spec, 'input', 'n_1', EXPECTED.cnn_0!.input), EXPECTED.cnn_0!.output);
    // 2×2 stride-2 sum pooling before a 3×3 convolution: every IF element of layer 3 reaches
    // layer 6 through exactly one pool window, so its synapses carry the kernel's weights.
    const p36 = proj(imp.spec, 'n_3', 'n_6');
    expect(p36.origin!.nodes.map((n) => n.type)).toEqual(['SumPool2d', 'Conv2d']);
    const c5 = f.graph.nodes['5'] as NirConv2dNode;
    const kernel = new Set(Array.from(c5.weight.data, (w) => Math.fround(w)));
    expect(p36.weights!.every((w) => kernel.has(Math.fround(w)))).toBe(true);
    expect(imp.outputs.output).toMatchObject({ node: '12', size: 10, signal: 'spikes' });
    // It runs as a spiking vision pathway: read in ms (an IF with r = 1 per ms adds its input once
    // per 1 ms step, as Sinabs' IAF does), Poisson input spikes reach every layer.
    const run = nirToNetwork(f.graph, { source: 'cnn_h5py.nir', timeUnit: 'ms', inputs: { input: { kind: 'poisson', rate_Hz: 100 } } });
    const net = buildNetwork(run.spec, { seed: 1 });
    const recs = ['n_1', 'n_3', 'n_6', 'n_10', 'n_12'].map((p) => addSpikeRecorder(net, p, 1_000_000));
    runSteps(net, 100);
    for (const r of recs) expect(r.count, r.population).toBeGreaterThan(0);
  });
});

describe('export writes the convolution back', () => {
  it('conv_h5py: Conv2d, SumPool2d, AvgPool2d, Flatten and Affine nodes with the original fields; re-import gives the same synapses', async () => {
    const f = await readNir(`${FIX}/conv_h5py.nir`);
    const imp = nirToNetwork(f.graph, { source: 'conv_h5py.nir' });
    const ex = networkToNir(buildNetwork(imp.spec, { seed: 1 }));
    const file = join(dir, 'conv-rt.nir');
    await writeNir(file, ex.file);
    const back = await readNir(file);
    const types = Object.values(back.graph.nodes).map((n) => n.type);
    for (const t of ['Conv2d', 'SumPool2d', 'AvgPool2d', 'Flatten']) expect(types, t).toContain(t);
    const conv = Object.values(back.graph.nodes).filter((n): n is NirConv2dNode => n.type === 'Conv2d');
    const c1 = f.graph.nodes.c1 as NirConv2dNode;
    const c1back = conv.find((c) => c.weight.shape[0] === 4)!;
    expect(Array.from(c1back.weight.data)).toEqual(Array.from(c1.weight.data));
    expect(c1back).toMatchObject({ stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2, inputShape: [9, 8] });
    expect(conv.find((c) => c.weight.shape[0] === 3)).toMatchObject({ padding: 'same' });
    // The neuron nodes keep their [C, H, W] shapes, so a NIR reader's type inference agrees.
    expect(back.graph.nodes.if1).toMatchObject({ type: 'IF' });
    expect((back.graph.nodes.if1 as unknown as { params: Record<string, { shape: number[] }> }).params.r!.shape).toEqual([4, 5, 6]);
    expect(ex.warnings.filter((w) => w.includes('expanded'))).toEqual([]);
    const again = nirToNetwork(back.graph, { source: file });
    for (const [pre, post] of [['input', 'if1'], ['if1', 'if2'], ['if2', 'lif']] as const) {
      const a = proj(imp.spec, pre, post);
      const b = proj(again.spec, pre, post);
      expect(b.connectivity).toEqual(a.connectivity);
      // The recorded float64 weights are written back, not the network's float32 ones.
      expect(b.weights).toEqual(a.weights);
    }
  });

  it('through the CLI: nir import writes the origin into the network file, nir export --network writes the nodes back', async () => {
    const quiet = { out: () => {}, err: () => {} };
    const net = join(dir, 'conv.json');
    await nirImportCommand(`${FIX}/conv_h5py.nir`, { out: net }, quiet);
    let out = '';
    const file = join(dir, 'conv-cli.nir');
    await nirExportCommand({ network: net, out: file }, { out: (t) => void (out += t), err: () => {} });
    expect(out).toMatch(/, 2 Conv2d, 1 SumPool2d, 1 AvgPool2d, 1 Flatten\), \d+ edges/);
    const back = (await readNir(file)).graph.nodes.c1 as NirConv2dNode;
    const orig = (await readNir(`${FIX}/conv_h5py.nir`)).graph.nodes.c1 as NirConv2dNode;
    expect(back.type).toBe('Conv2d');
    expect(Array.from(back.weight.data)).toEqual(Array.from(orig.weight.data));
  });

  it('a trained (changed) convolution is exported as its synapses, with a warning', async () => {
    const f = await readNir(`${FIX}/conv_h5py.nir`);
    const imp = nirToNetwork(f.graph, { source: 'conv_h5py.nir' });
    const spec: NetworkSpec = {
      ...imp.spec,
      projections: imp.spec.projections!.map((p) => (p.pre === 'input' && p.post === 'if1' ? { ...p, weights: p.weights!.map((w, k) => (k === 0 ? w + 0.5 : w)) } : p)),
    };
    const ex = networkToNir(buildNetwork(spec, { seed: 1 }));
    expect(ex.warnings.some((w) => w.includes("'input->c1->if1'") && w.includes('no longer match'))).toBe(true);
    expect(Object.values(ex.file.graph.nodes).filter((n) => n.type === 'Conv2d')).toHaveLength(1);
  });
});

/**
 * Interop with the NIR reference implementation, which we may not commit or run in CI: only when
 * SPIKELOOP_NIR_PYTHONPATH points at a directory holding its `nir` package (numpy and h5py
 * importable by SPIKELOOP_NIR_PYTHON, default /usr/bin/python3); skipped with the reason otherwise.
 */
const NIR_PYTHONPATH = process.env.SPIKELOOP_NIR_PYTHONPATH ?? '';
const skipWithoutNirPython: string | null = NIR_PYTHONPATH === '' ? 'SPIKELOOP_NIR_PYTHONPATH is not set (point it at a directory holding the NIR reference implementation\'s `nir` Python package to run this check)' : null;

function runNirPython(script: string, args: readonly string[]): string {
  const home = mkdtempSync(join(dir, 'home-'));
  const file = join(dir, `nirpy-${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, script);
  return execFileSync(process.env.SPIKELOOP_NIR_PYTHON ?? '/usr/bin/python3', [file, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, PYTHONPATH: NIR_PYTHONPATH, PYTHONDONTWRITEBYTECODE: '1' },
    encoding: 'utf8',
  });
}

describe('interop with the NIR reference implementation (optional: SPIKELOOP_NIR_PYTHONPATH)', () => {
  it("a graph written by nir.write (conv_h5py's fields and weights) imports as synapses computing numpy's outputs; nir.read reads our export back", async (ctx) => {
    ctx.skip(skipWithoutNirPython !== null, skipWithoutNirPython ?? '');
    // The weights travel from our fixture to nir.write as text; the expected outputs are numpy's (conv_expected.json).
    const ours = await readNir(`${FIX}/conv_h5py.nir`);
    const c1 = ours.graph.nodes.c1 as NirConv2dNode;
    const c2 = ours.graph.nodes.c2 as NirConv2dNode;
    const fcw = (ours.graph.nodes.fc as unknown as { params: Record<string, { data: Float64Array }> }).params.weight!;
    const written = join(dir, 'conv-nirwrite.nir');
    runNirPython(
      `import json, sys
import numpy as np
import nir
if not hasattr(nir, "version"):
    nir.version = "unknown"
w = json.loads(sys.argv[2])
A = lambda k, s: np.array(w[k], dtype=np.float64).reshape(s)
g = nir.NIRGraph(
    nodes={
        "input": nir.Input(input_type=np.array([2, 9, 8])),
        "c1": nir.Conv2d(input_shape=(9, 8), weight=A("c1", (4, 1, 3, 2)), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2, bias=np.array(w["b1"])),
        "if1": nir.IF(r=np.full((4, 5, 6), 1000.0), v_threshold=np.ones((4, 5, 6))),
        "sp": nir.SumPool2d(kernel_size=np.array([2, 2]), stride=np.array([1, 2]), padding=np.array([0, 1])),
        "c2": nir.Conv2d(input_shape=(4, 4), weight=A("c2", (3, 4, 2, 2)), stride=1, padding="same", dilation=1, groups=1, bias=np.zeros(3)),
        "if2": nir.IF(r=np.full((3, 4, 4), 1000.0), v_threshold=np.ones((3, 4, 4))),
        "ap": nir.AvgPool2d(kernel_size=np.array([2, 2]), stride=np.array([2, 2]), padding=np.array([0, 0])),
        "flat": nir.Flatten(input_type={"input": np.array([3, 2, 2])}, start_dim=0, end_dim=-1),
        "fc": nir.Affine(weight=A("fc", (5, 12)), bias=np.zeros(5)),
        "lif": nir.LIF(tau=np.full(5, 0.01), r=np.ones(5), v_leak=np.zeros(5), v_threshold=np.ones(5)),
        "output": nir.Output(output_type=np.array([5])),
    },
    edges=[("input", "c1"), ("c1", "if1"), ("if1", "sp"), ("sp", "c2"), ("c2", "if2"), ("if2", "ap"), ("ap", "flat"), ("flat", "fc"), ("fc", "lif"), ("lif", "output")],
    type_check=False,
)
nir.write(sys.argv[1], g)
`,
      [written, JSON.stringify({ c1: Array.from(c1.weight.data), b1: Array.from(c1.bias.data), c2: Array.from(c2.weight.data), fc: Array.from(fcw.data) })],
    );
    const f = await readNir(written);
    expect(f.graph.nodes.c1).toMatchObject({ type: 'Conv2d', stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2, inputShape: [9, 8] });
    expect(f.graph.nodes.c2).toMatchObject({ padding: 'same' });
    const imp = nirToNetwork(f.graph, { source: written });
    expectClose(through(imp.spec, 'input', 'if1', EXPECTED.c1!.input), EXPECTED.c1!.output);
    expectClose(through(imp.spec, 'if1', 'if2', EXPECTED.sp_c2!.input), EXPECTED.sp_c2!.output);
    expectClose(through(imp.spec, 'if2', 'lif', EXPECTED.ap_fc!.input), EXPECTED.ap_fc!.output);
    // And the other way: our export of it, read by nir.read, has the Conv2d with its fields.
    const back = join(dir, 'conv-export-for-nirread.nir');
    await writeNir(back, networkToNir(buildNetwork(imp.spec, { seed: 1 })).file);
    const seen = JSON.parse(
      runNirPython(
        `import json, sys
import numpy as np
import nir
g = nir.read(sys.argv[1], type_check=False)
out = {}
for k, n in g.nodes.items():
    if isinstance(n, nir.Conv2d):
        out[k] = {"weight": np.asarray(n.weight).ravel().tolist(), "stride": np.asarray(n.stride).tolist(), "groups": int(n.groups), "dilation": np.asarray(n.dilation).tolist()}
print(json.dumps(out))
`,
        [back],
      ),
    ) as Record<string, { weight: number[]; stride: number[]; groups: number; dilation: number[] }>;
    const c1seen = Object.values(seen).find((c) => c.groups === 2)!;
    expect(c1seen).toEqual({ weight: Array.from(c1.weight.data), stride: [2, 1], groups: 2, dilation: [1, 2] });
  });
});

describe('bad convolution files and geometries are located errors', () => {
  /** A graph Input [C,H,W] → Conv2d → IF → Output, with conv fields overridden. */
  function convGraph(o: Partial<NirConv2dNode> = {}, inShape = [2, 6, 6], ifShape = [4 * 4 * 4]): NirGraphNode {
    const conv: NirConv2dNode = {
      type: 'Conv2d',
      weight: arr(new Array(4 * 2 * 3 * 3).fill(0.1), [4, 2, 3, 3]),
      bias: fill(4, 0),
      stride: [1, 1],
      padding: [0, 0],
      dilation: [1, 1],
      groups: 1,
      inputShape: [6, 6],
      metadata: {},
      ...o,
    };
    const n = ifShape.reduce((a, b) => a * b, 1);
    const nodes: Record<string, NirNode> = {
      in: { type: 'Input', shape: inShape, metadata: {} },
      conv,
      if: param('IF', { r: arr(new Array(n).fill(1), ifShape), v_threshold: arr(new Array(n).fill(1), ifShape), v_reset: arr(new Array(n).fill(0), ifShape) }),
      out: output(n),
    };
    return graph(nodes, [['in', 'conv'], ['conv', 'if'], ['if', 'out']]);
  }

  it('input shape, channels and groups that do not match the weight', () => {
    expect(() => nirToNetwork(convGraph({ inputShape: [7, 6] }), { source: 'g' })).toThrow(
      'g: nodes.conv: input of 72 values [2, 6, 6] does not match C_in × input_shape = 2 × 7 × 6 (C_in = weight\'s 2 per group × groups 1)',
    );
    expect(() => nirToNetwork(convGraph({ inputShape: null }, [3, 6, 6]), { source: 'g' })).toThrow(
      'g: nodes.conv: input arrives as [3, 6, 6], 3 channels; the weight [4, 2, 3, 3] with groups 1 takes 2',
    );
    expect(() => nirToNetwork(convGraph({ groups: 3 }), { source: 'g' })).toThrow('g: nodes.conv.groups: groups = 3 does not divide the 4 output channels of weight [4, 2, 3, 3]');
    expect(() => nirToNetwork(convGraph({}, [2, 6, 6], [5]), { source: 'g' })).toThrow('g: edges conv → if: 64 values arrive at IF \'if\', which has 5 elements');
    expect(() => nirToNetwork(convGraph({ padding: 'same', stride: [2, 2] }), { source: 'g' })).toThrow("g: nodes.conv.padding: padding 'same' needs stride 1 (PyTorch refuses it otherwise), got stride [2, 2]");
  });

  it('a pooling node after a flat input has no [C, H, W] to pool', () => {
    const g = graph(
      { in: input(16), pool: { type: 'SumPool2d', kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], metadata: {} }, if: param('IF', { r: fill(4, 1), v_threshold: fill(4, 1), v_reset: fill(4, 0) }), out: output(4) },
      [['in', 'pool'], ['pool', 'if'], ['if', 'out']],
    );
    expect(() => nirToNetwork(g, { source: 'g' })).toThrow('g: nodes.pool: a SumPool2d needs an input of known shape [C, H, W], got [16] (the shape of the node feeding it)');
  });

  it('a convolution above the synapse bound is refused, naming the node, before expanding it', async () => {
    setLimits({ synapses: 300_000 });
    const f = await readNir(`${FIX}/cnn_h5py.nir`);
    expect(() => nirToNetwork(f.graph, { source: 'cnn' })).toThrow(
      'cnn: nodes.2: expanding it gives up to 589824 synapses, above the limit of 300000 for one convolution or pooling node (NIR_MAX_EXPANDED_SYNAPSES, or SPIKELOOP_MAX_SYNAPSES if lower)',
    );
  });

  async function rawConv(name: string, fields: Record<string, unknown>): Promise<string> {
    const h5 = await loadHdf5();
    const file = join(dir, name);
    const f = new h5.File(file, 'w');
    try {
      f.create_dataset({ name: 'version', data: '0.2.0' });
      const g = f.create_group('node') as H5Group;
      g.create_dataset({ name: 'type', data: 'NIRGraph' });
      g.create_dataset({ name: 'edges', data: ['in', 'conv'], shape: [1, 2] });
      const nodes = g.create_group('nodes');
      const i = nodes.create_group('in');
      i.create_dataset({ name: 'type', data: 'Input' });
      i.create_dataset({ name: 'shape', data: BigInt64Array.of(2n, 6n, 6n) });
      const c = nodes.create_group('conv');
      c.create_dataset({ name: 'type', data: 'Conv2d' });
      const all: Record<string, unknown> = {
        weight: [new Float64Array(4 * 2 * 9).fill(0.1), [4, 2, 3, 3]],
        bias: [new Float64Array(4), [4]],
        stride: BigInt64Array.of(1n, 1n),
        padding: BigInt64Array.of(0n, 0n),
        dilation: BigInt64Array.of(1n, 1n),
        groups: [BigInt64Array.of(1n), []],
        ...fields,
      };
      for (const [k, v] of Object.entries(all)) {
        if (v === undefined) continue;
        if (Array.isArray(v)) c.create_dataset({ name: k, data: v[0] as Float64Array, shape: v[1] as number[] });
        else c.create_dataset({ name: k, data: v as string });
      }
    } finally {
      f.close();
    }
    return file;
  }

  async function errorOf(p: Promise<unknown>): Promise<string> {
    try {
      await p;
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  }

  it('an unsupported padding mode, a weight of the wrong rank, groups not dividing the channels, a missing field', async () => {
    let f = await rawConv('reflect.nir', { padding: 'reflect' });
    expect(await errorOf(readNir(f))).toBe(`${f}: /node/nodes/conv/padding: padding 'reflect' is not one NIR defines: 'same', 'valid' or integers ≥ 0 (zero padding; other padding modes have no NIR form)`);
    f = await rawConv('rank.nir', { weight: [new Float64Array(4 * 2 * 9), [8, 9]] });
    expect(await errorOf(readNir(f))).toBe(`${f}: /node/nodes/conv/weight: expected a 4-D weight [C_out, C_in/groups, kH, kW] with no empty dimension, got shape [8, 9]`);
    f = await rawConv('groups.nir', { groups: [BigInt64Array.of(3n), []] });
    expect(await errorOf(readNir(f))).toBe(`${f}: /node/nodes/conv/groups: groups = 3 does not divide the 4 output channels of weight [4, 2, 3, 3]`);
    f = await rawConv('stride.nir', { stride: BigInt64Array.of(0n, 1n) });
    expect(await errorOf(readNir(f))).toBe(`${f}: /node/nodes/conv/stride: expected a stride: an integer ≥ 1 or a pair of them (height, width), got [0, 1]`);
    f = await rawConv('nodil.nir', { dilation: undefined });
    expect(await errorOf(readNir(f))).toBe(`${f}: /node/nodes/conv/dilation: missing dataset 'dilation': a Conv2d node needs weight, bias, stride, padding, dilation, groups (and optionally input_shape)`);
    // 'same' and 'valid' are read as strings, as nir.write stores them.
    f = await rawConv('same.nir', { padding: 'same' });
    expect(((await readNir(f)).graph.nodes.conv as NirConv2dNode).padding).toBe('same');
  });
});

describe('random geometries against a direct convolution', () => {
  /** out[o, oy, ox] = Σ w[o, ci, ky, kx] · x[g·cig + ci, oy·s − p + ky·d, ox·s − p + kx·d], zero outside (written out here). */
  function direct(x: number[], c: number, h: number, wd: number, w: number[], co: number, cig: number, kh: number, kw: number, s: number[], p: number[], d: number[], groups: number) {
    const ho = Math.floor((h + 2 * p[0]! - d[0]! * (kh - 1) - 1) / s[0]!) + 1;
    const wo = Math.floor((wd + 2 * p[1]! - d[1]! * (kw - 1) - 1) / s[1]!) + 1;
    if (ho < 1 || wo < 1) return { y: [], ho, wo };
    const y = new Array<number>(co * ho * wo).fill(0);
    for (let o = 0; o < co; o++) {
      const g = Math.floor(o / (co / groups));
      for (let oy = 0; oy < ho; oy++) {
        for (let ox = 0; ox < wo; ox++) {
          let acc = 0;
          for (let ci = 0; ci < cig; ci++) {
            for (let ky = 0; ky < kh; ky++) {
              for (let kx = 0; kx < kw; kx++) {
                const iy = oy * s[0]! - p[0]! + ky * d[0]!;
                const ix = ox * s[1]! - p[1]! + kx * d[1]!;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                acc += w[((o * cig + ci) * kh + ky) * kw + kx]! * x[((g * cig + ci) * h + iy) * wd + ix]!;
              }
            }
          }
          y[(o * ho + oy) * wo + ox] = acc;
        }
      }
    }
    return { y, ho, wo };
  }

  it('every geometry either imports as synapses computing the direct convolution, or is a located error (fast-check, seed 18, 60 runs)', () => {
    const geometry = fc.record({
      groups: fc.integer({ min: 1, max: 3 }),
      cig: fc.integer({ min: 1, max: 2 }),
      perGroup: fc.integer({ min: 1, max: 2 }),
      h: fc.integer({ min: 1, max: 7 }),
      w: fc.integer({ min: 1, max: 7 }),
      kh: fc.integer({ min: 1, max: 4 }),
      kw: fc.integer({ min: 1, max: 4 }),
      s: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      p: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
      d: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
      seed: fc.integer({ min: 1, max: 1000 }),
    });
    let imported = 0;
    let refused = 0;
    fc.assert(
      fc.property(geometry, (q) => {
        const co = q.groups * q.perGroup;
        const c = q.groups * q.cig;
        let r = q.seed;
        const rnd = () => ((r = (r * 16807) % 2147483647) / 2147483647) * 2 - 1;
        const weight = Array.from({ length: co * q.cig * q.kh * q.kw }, () => Math.round(rnd() * 100) / 100 || 0.5);
        const x = Array.from({ length: c * q.h * q.w }, () => (rnd() > 0 ? 1 : 0));
        const ref = direct(x, c, q.h, q.w, weight, co, q.cig, q.kh, q.kw, q.s, q.p, q.d, q.groups);
        const n = Math.max(1, ref.ho) * Math.max(1, ref.wo) * co;
        const g = graph(
          {
            in: { type: 'Input', shape: [c, q.h, q.w], metadata: {} },
            conv: { type: 'Conv2d', weight: arr(weight, [co, q.cig, q.kh, q.kw]), bias: fill(co, 0), stride: q.s, padding: q.p, dilation: q.d, groups: q.groups, inputShape: [q.h, q.w], metadata: {} },
            if: param('IF', { r: fill(n, 1000), v_threshold: fill(n, 1), v_reset: fill(n, 0) }),
            out: output(n),
          },
          [['in', 'conv'], ['conv', 'if'], ['if', 'out']],
        );
        if (ref.ho < 1 || ref.wo < 1) {
          // Kernel larger than the padded input: refused, naming the node.
          expect(() => nirToNetwork(g, { source: 'g' })).toThrow(SpecError);
          expect(() => nirToNetwork(g, { source: 'g' })).toThrow(/^g: nodes\.conv: the output would be/);
          refused++;
          return;
        }
        const imp = nirToNetwork(g, { source: 'g' });
        const got = through(imp.spec, 'in', 'if', x);
        got.forEach((v, k) => expect(Math.abs(v - ref.y[k]!)).toBeLessThan(1e-12));
        imported++;
      }),
      { seed: 18, numRuns: 60 },
    );
    expect(imported).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(0);
  });
});
