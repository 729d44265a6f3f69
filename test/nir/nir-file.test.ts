/**
 * The NIR HDF5 format (read, write, the layout nir.read expects), malformed and unsupported
 * files, and how graph structure maps onto the engine: nested graphs, wiring composition,
 * biases, delays, per-element parameters, and the structures refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNetwork } from '../../controllers/network/buildNetwork.js';
import { addSpikeRecorder, addStateProbe } from '../../controllers/network/networkAccess.js';
import { runSteps } from '../../controllers/network/networkStep.js';
import type { NetworkSpec } from '../../controllers/network/networkSpec.js';
import { loadHdf5 } from '../../controllers/nir/hdf5.js';
import type { H5Group } from '../../controllers/nir/hdf5.js';
import { nirToNetwork } from '../../controllers/nir/importGraph.js';
import type { NirFile, NirGraphNode } from '../../controllers/nir/nirGraph.js';
import { nirInfo } from '../../controllers/nir/nirInfo.js';
import { readNir } from '../../controllers/nir/readNir.js';
import { writeNir } from '../../controllers/nir/writeNir.js';
import { arr, eye, fill, graph, input, lif, output, param } from './nirBuilders.js';

const dir = mkdtempSync(join(tmpdir(), 'spikeloop-nir-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIX = 'test/fixtures/nir';

/** Writes a raw HDF5 file with h5wasm (for files our writer would refuse to produce). */
async function rawFile(name: string, build: (root: H5Group) => void): Promise<string> {
  const h5 = await loadHdf5();
  const file = join(dir, name);
  const f = new h5.File(file, 'w');
  try {
    build(f);
  } finally {
    f.close();
  }
  return file;
}

function rawNode(g: H5Group, type: string, datasets: Record<string, number[]>): H5Group {
  g.create_dataset({ name: 'type', data: type });
  for (const [k, v] of Object.entries(datasets)) g.create_dataset({ name: k, data: Float64Array.from(v), dtype: '<d' });
  return g;
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

function run(spec: NetworkSpec, steps: number, probe?: string) {
  const net = buildNetwork(spec, { seed: 1 });
  const recs = new Map(net.populations.map((p) => [p.name, addSpikeRecorder(net, p.name)]));
  const pr = probe ? addStateProbe(net, probe, 'v', [0], 1, steps) : null;
  runSteps(net, steps);
  const spikes = (pop: string, neuron = 0) => {
    const r = recs.get(pop)!;
    return Array.from(r.steps.subarray(0, r.count)).filter((_, k) => r.neurons[k] === neuron);
  };
  return { spikes, v: pr ? pr.data : new Float32Array() };
}

describe('reading and writing NIR files', () => {
  it("reads Norse's file: version, nodes, datasets as float64, edges in file order", async () => {
    const f = await readNir(`${FIX}/lif_norse.nir`);
    expect(f.version).toBe('0.1.1');
    expect(Object.keys(f.graph.nodes).sort()).toEqual(['0', '1', 'input', 'output']);
    expect(f.graph.edges).toEqual([
      ['input', '0'],
      ['0', '1'],
      ['1', 'output'],
    ]);
    expect(f.graph.nodes.input).toEqual({ type: 'Input', shape: [1], metadata: {} });
    const lifNode = f.graph.nodes['1']!;
    expect(lifNode.type).toBe('LIF');
    // v_reset is absent in the file: NIR's default, zeros like v_threshold.
    expect(lifNode.type === 'LIF' && Array.from(lifNode.params.v_reset!.data)).toEqual([0]);
  });

  it('writes every supported node type, nested graphs and metadata, and reads them back unchanged', async () => {
    const sub = graph({ input: input(2), lif: lif(2, 0.01), rec: param('Affine', { weight: eye(2, -0.5), bias: fill(2, 0) }), output: output(2) }, [
      ['input', 'lif'],
      ['lif', 'rec'],
      ['rec', 'lif'],
      ['lif', 'output'],
    ]);
    const g: NirGraphNode = {
      ...graph(
        {
          input: input(3),
          lin: param('Linear', { weight: arr([1, 2, 3, 4, 5, 6], [2, 3]) }),
          scale: param('Scale', { scale: arr([0.5, 2]) }),
          delay: param('Delay', { delay: arr([0.001, 0.002]) }),
          flat: { type: 'Flatten', startDim: 0, endDim: -1, inputShape: [2], metadata: {} },
          sub,
          cuba: param('CubaLIF', { tau_syn: fill(2, 0.002), tau_mem: fill(2, 0.01), r: fill(2, 1), v_leak: fill(2, 0), v_threshold: fill(2, 1), v_reset: fill(2, 0), w_in: fill(2, 1) }),
          iff: param('IF', { r: fill(2, 1), v_threshold: fill(2, 1), v_reset: fill(2, 0) }),
          li: param('LI', { tau: fill(2, 0.01), r: fill(2, 1), v_leak: fill(2, 0) }),
          culi: param('CubaLI', { tau_syn: fill(2, 0.002), tau_mem: fill(2, 0.01), r: fill(2, 1), v_leak: fill(2, 0), w_in: fill(2, 1) }),
          integ: param('I', { r: fill(2, 1) }),
          thr: param('Threshold', { threshold: fill(2, 0.5) }),
          output: output(2),
        },
        [
          ['input', 'lin'],
          ['lin', 'scale'],
          ['scale', 'delay'],
          ['delay', 'flat'],
          ['flat', 'sub'],
          ['sub', 'output'],
        ],
      ),
      metadata: { note: 'hello', count: 3, vec: arr([1, 2]) },
    };
    const file: NirFile = { version: '1.0.0', graph: g };
    await writeNir(join(dir, 'all.nir'), file);
    expect(await readNir(join(dir, 'all.nir'))).toEqual(file);
  });

  it('lays the file out as nir.read expects: version, node/type, node/nodes/…, node/edges [E, 2] strings, int64 shapes', async () => {
    await writeNir(join(dir, 'layout.nir'), { version: '1.0.0', graph: graph({ i: input(2), l: lif(2, 0.01), o: output(2) }, [['i', 'l'], ['l', 'o']]) });
    const h5 = await loadHdf5();
    const f = new h5.File(join(dir, 'layout.nir'), 'r');
    try {
      const ds = (p: string) => f.get(p) as InstanceType<typeof h5.Dataset>;
      expect(ds('version').value).toBe('1.0.0');
      expect(ds('node/type').value).toBe('NIRGraph');
      expect(ds('node/edges').shape).toEqual([2, 2]);
      expect(ds('node/edges').value).toEqual(['i', 'l', 'l', 'o']);
      expect(ds('node/nodes/i/type').value).toBe('Input');
      expect(ds('node/nodes/i/shape').dtype).toBe('<q');
      expect(ds('node/nodes/l/tau').dtype).toBe('<d');
      expect((f.get('node/nodes') as H5Group).keys().sort()).toEqual(['i', 'l', 'o']);
    } finally {
      f.close();
    }
  });
});

describe("a file written by the NIR reference implementation (nir.write, every node type)", () => {
  it('reads, imports and runs: nested graph, Flatten, Affine, Scale, Delay, LIF, IF → Threshold, LI, CubaLI, I', async () => {
    const f = await readNir(`${FIX}/all_types_nirpy.nir`);
    const info = nirInfo(f);
    expect(new Set(info.nodes.map((n) => n.type))).toEqual(new Set(['CubaLI', 'Delay', 'Affine', 'Flatten', 'IF', 'Input', 'I', 'NIRGraph', 'CubaLIF', 'Output', 'Linear', 'LI', 'LIF', 'Scale', 'Threshold']));
    expect(info.nodes.every((n) => n.supported)).toBe(true);
    const dt_ms = 1;
    const imp = nirToNetwork(f.graph, { dt_ms, inputs: { input: { kind: 'poisson', rate_Hz: 300 } }, source: 'all_types_nirpy.nir' });
    expect(imp.warnings).toEqual([]);
    const kind = (pop: string) => {
      const p = imp.spec.populations.find((q) => q.name === pop)!;
      return 'neuron' in p ? [p.neuron.kind, p.neuron.params] : [];
    };
    expect(kind('ifn')).toEqual(['nir-if', { r_perMs: 100 / 1000, vThreshold: 1, vReset: 0 }]);
    expect(kind('integ')).toEqual(['nir-i', { r_perMs: 50 / 1000 }]);
    // Flatten → Affine [3, 4] → Scale → Delay (2, 2, 3 ms) into the subgraph's CubaLIF: one step
    // for the projection plus the delay, per element.
    const into = imp.spec.projections!.filter((p) => p.post === 'layer.cuba' && p.pre === 'input');
    expect(into.map((p) => p.delay_ms).sort()).toEqual([3 * dt_ms, 4 * dt_ms]);
    const net = buildNetwork(imp.spec, { seed: 1 });
    const recs = Object.fromEntries(['lif', 'ifn', 'thr'].map((p) => [p, addSpikeRecorder(net, p)]));
    const integ = addStateProbe(net, 'integ', 'v', [0, 1, 2], 1, 400);
    runSteps(net, 400);
    const steps = (p: string) => Array.from(recs[p]!.steps.subarray(0, recs[p]!.count), (t, k) => `${t}:${recs[p]!.neurons[k]}`);
    expect(steps('lif').length).toBeGreaterThan(10);
    expect(steps('ifn').length).toBeGreaterThan(10);
    // Threshold 0.5 behind IF with weight 1: it fires exactly one step after each IF spike.
    expect(steps('thr')).toEqual(steps('ifn').map((s) => s.replace(/^(\d+)/, (t) => String(Number(t) + 1))));
    // I integrates dt·r per arriving lif spike: v = 1 ms · 0.05/ms · (lif spikes up to step 398).
    const last = 399;
    for (let i = 0; i < 3; i++) {
      const arrived = Array.from(recs.lif!.steps.subarray(0, recs.lif!.count)).filter((t, k) => recs.lif!.neurons[k] === i && t + 1 <= last).length;
      expect(integ.data[last * 3 + i]).toBeCloseTo(dt_ms * 0.05 * arrived, 5);
    }
  });
});

describe('malformed files fail naming the file and the node or dataset', () => {
  it('a file that is not HDF5, or is missing', async () => {
    expect(await errorOf(readNir(`${FIX}/lif_norse.csv`))).toBe(`${FIX}/lif_norse.csv: not an HDF5 file (no HDF5 signature); NIR graphs are HDF5 files written by nir.write`);
    expect(await errorOf(readNir(join(dir, 'nope.nir')))).toMatch(new RegExp(`^${join(dir, 'nope.nir')}: cannot read the file: ENOENT`));
    const empty = join(dir, 'empty.nir');
    writeFileSync(empty, '');
    expect(await errorOf(readNir(empty))).toBe(`${empty}: the file is empty`);
  });

  it('an HDF5 file without a NIR graph', async () => {
    const f = await rawFile('nograph.h5', (root) => root.create_dataset({ name: 'data', data: Float64Array.of(1) }));
    expect(await errorOf(readNir(f))).toBe(`${f}: /node: expected the top NIR graph (a group "node"); this HDF5 file has no NIR graph`);
  });

  it('a missing parameter, unequal shapes, a non-finite value, an unknown dataset', async () => {
    const make = (name: string, lifData: Record<string, number[]>) =>
      rawFile(name, (root) => {
        const g = rawNode(root.create_group('node'), 'NIRGraph', {});
        g.create_dataset({ name: 'edges', data: [], shape: [0, 2], dtype: 'S' });
        rawNode(g.create_group('nodes').create_group('lif'), 'LIF', lifData);
      });
    const ok = { tau: [0.01], r: [1], v_leak: [0], v_threshold: [1] };
    const { tau: _t, ...noTau } = ok;
    let f = await make('notau.nir', noTau);
    expect(await errorOf(readNir(f))).toBe(`${f}: /node/nodes/lif/tau: missing dataset 'tau': a LIF node needs tau, r, v_leak, v_threshold`);
    f = await make('shape.nir', { ...ok, r: [1, 1] });
    expect(await errorOf(readNir(f))).toBe(`${f}: /node/nodes/lif/r: shape [2] differs from tau [1]; a LIF node's parameters are elementwise, all of one shape`);
    f = await make('nan.nir', { ...ok, v_leak: [NaN] });
    expect(await errorOf(readNir(f))).toBe(`${f}: /node/nodes/lif/v_leak: element 0 is NaN; NIR parameters must be finite numbers`);
    f = await make('extra.nir', { ...ok, tau_mem: [0.01] });
    expect(await errorOf(readNir(f))).toBe(`${f}: /node/nodes/lif/tau_mem: unexpected dataset 'tau_mem' in a LIF node; a LIF node has tau, r, v_leak, v_threshold, v_reset`);
  });

  it('an unsupported node type is read (nir info lists it) and refused on import, naming node and type', async () => {
    const f = await rawFile('conv.nir', (root) => {
      root.create_dataset({ name: 'version', data: '0.2.0' });
      const g = rawNode(root.create_group('node'), 'NIRGraph', {});
      g.create_dataset({ name: 'edges', data: ['in', 'conv', 'conv', 'out'], shape: [2, 2] });
      const nodes = g.create_group('nodes');
      nodes.create_group('in').create_dataset({ name: 'type', data: 'Input' });
      (nodes.get('in') as H5Group).create_dataset({ name: 'shape', data: BigInt64Array.of(2n, 8n) });
      rawNode(nodes.create_group('conv'), 'Conv1d', { weight: new Array(16 * 2 * 3).fill(0.1) });
      nodes.create_group('out').create_dataset({ name: 'type', data: 'Output' });
      (nodes.get('out') as H5Group).create_dataset({ name: 'shape', data: BigInt64Array.of(16n) });
    });
    const nir = await readNir(f);
    expect(nir.graph.nodes.conv).toMatchObject({ type: 'Unsupported', nirType: 'Conv1d' });
    expect(nirInfo(nir).nodes.find((n) => n.name === 'conv')).toEqual({ name: 'conv', type: 'Conv1d', supported: false, shapes: { weight: [96] } });
    expect(() => nirToNetwork(nir.graph, { source: f })).toThrow(
      `${f}: nodes.conv: node 'conv' has type 'Conv1d', which spikeloop cannot import; supported types: Input, Output, Flatten, Conv2d, SumPool2d, AvgPool2d, NIRGraph, Affine, Linear, Scale, Delay, LIF, CubaLIF, IF, LI, CubaLI, I, Threshold`,
    );
  });
});

describe('graph structure → network', () => {
  const dt = 1;

  it('a nested graph runs exactly as the same graph written flat', () => {
    const rec = param('Affine', { weight: arr([0, 0.3, 0.3, 0], [2, 2]), bias: fill(2, 0.05) });
    const nested = graph(
      {
        input: input(2),
        fc: param('Linear', { weight: eye(2, 4) }),
        layer: graph({ in: input(2), lif: lif(2, 0.005), rec, out: output(2) }, [
          ['in', 'lif'],
          ['lif', 'rec'],
          ['rec', 'lif'],
          ['lif', 'out'],
        ]),
        output: output(2),
      },
      [
        ['input', 'fc'],
        ['fc', 'layer'],
        ['layer', 'output'],
      ],
    );
    const flat = graph({ input: input(2), fc: param('Linear', { weight: eye(2, 4) }), 'layer.lif': lif(2, 0.005), rec, output: output(2) }, [
      ['input', 'fc'],
      ['fc', 'layer.lif'],
      ['layer.lif', 'rec'],
      ['rec', 'layer.lif'],
      ['layer.lif', 'output'],
    ]);
    const src = { kind: 'poisson' as const, rate_Hz: 300 };
    const a = nirToNetwork(nested, { dt_ms: dt, inputs: { input: src } });
    const b = nirToNetwork(flat, { dt_ms: dt, inputs: { input: src } });
    expect(a.outputs.output!.populations).toEqual(['layer.lif']);
    const ra = run(a.spec, 500);
    const rb = run(b.spec, 500);
    expect(ra.spikes('layer.lif', 0).length).toBeGreaterThan(20);
    for (const i of [0, 1]) expect(ra.spikes('layer.lif', i)).toEqual(rb.spikes('layer.lif', i));
  });

  it('a bias is a constant input from the first step an input can arrive', () => {
    // LIF with only a bias b: v_k = v_leak + r·b·(1 − (1 − a)^k) from step 1 (one projection from the Input).
    const b = 0.7;
    const tau = 0.004;
    const g = graph({ input: input(1), fc: param('Affine', { weight: arr([0], [1, 1]), bias: arr([b]) }), l: lif(1, tau, { vThreshold: 10 }), output: output(1) }, [
      ['input', 'fc'],
      ['fc', 'l'],
      ['l', 'output'],
    ]);
    const imp = nirToNetwork(g, { dt_ms: dt });
    expect(imp.spec.populations.map((p) => p.name)).toEqual(['input', 'l', 'bias_clock']);
    const r = run(imp.spec, 40, 'l');
    const a = dt / (tau * 1000);
    expect(r.v[0]).toBe(0);
    for (const k of [1, 5, 39]) expect(Math.abs(r.v[k]! - b * (1 - (1 - a) ** k))).toBeLessThan(1e-6);
  });

  it('a Delay node of τ adds round(τ/dt) steps to the projection', () => {
    const g = graph({ input: input(1), w: param('Linear', { weight: arr([2], [1, 1]) }), d: param('Delay', { delay: arr([0.004]) }), l: lif(1, 0.001, { vThreshold: 0.5 }), output: output(1) }, [
      ['input', 'w'],
      ['w', 'd'],
      ['d', 'l'],
      ['l', 'output'],
    ]);
    const imp = nirToNetwork(g, { dt_ms: dt, inputs: { input: { kind: 'spike-times', times_ms: [[10]] } } });
    expect(imp.spec.projections![0]!.delay_ms).toBe((1 + 4) * dt);
    // The spike emitted in step 10 reaches l in step 15, where (dt/τ)·r·w = 2 > 0.5 fires it.
    expect(run(imp.spec, 30).spikes('l')).toEqual([15]);
  });

  it("elements with different parameters become one population each, and keep their own dynamics", () => {
    const taus = [0.005, 0.005, 0.01, 0.005];
    const node = param('LIF', { tau: arr(taus), r: fill(4, 1), v_leak: fill(4, 2), v_threshold: fill(4, 1), v_reset: fill(4, 0) });
    const imp = nirToNetwork(graph({ x: node, output: output(4) }, [['x', 'output']]), { dt_ms: dt });
    expect(imp.neurons.x).toEqual(['x.g0', 'x.g1']);
    expect(imp.spec.populations.map((p) => [p.name, p.size])).toEqual([
      ['x.g0', 3],
      ['x.g1', 1],
    ]);
    expect(imp.warnings).toEqual(["node 'x' (LIF): its 4 elements have 2 different parameter sets, imported as 2 populations"]);
    // Self-driven (v_leak 2 > θ 1): period n = first n with 2(1 − (1 − dt/τ)^n) > 1.
    const period = (tau_ms: number) => {
      let n = 1;
      while (2 * (1 - (1 - dt / tau_ms) ** n) <= 1) n++;
      return n;
    };
    const r = run(imp.spec, 60);
    expect(r.spikes('x.g0', 2).slice(0, 2)).toEqual([period(5) - 1, 2 * period(5) - 1]);
    expect(r.spikes('x.g1', 0).slice(0, 2)).toEqual([period(10) - 1, 2 * period(10) - 1]);
  });

  it('refuses what the engine cannot represent, naming the node or edge', () => {
    const li = param('LI', { tau: fill(2, 0.01), r: fill(2, 1), v_leak: fill(2, 0) });
    const w = param('Linear', { weight: eye(2) });
    expect(() => nirToNetwork(graph({ li, w, l: lif(2, 0.01) }, [['li', 'w'], ['w', 'l']]))).toThrow(
      "NIR graph: edges li → w: LI 'li' does not spike, and spikeloop transmits only spikes between populations; a non-spiking node can only feed an Output",
    );
    expect(() => nirToNetwork(graph({ input: input(2), l: lif(2, 0.01), w, output: output(2) }, [['input', 'l'], ['l', 'w'], ['w', 'output']]))).toThrow(
      "NIR graph: edges w → output: Output 'output' is fed through Linear 'w'; spikeloop reads an Output from the node that feeds it directly",
    );
    const w2 = param('Linear', { weight: eye(2) });
    expect(() => nirToNetwork(graph({ input: input(2), w, w2 }, [['input', 'w'], ['w', 'w2'], ['w2', 'w']]))).toThrow(
      'NIR graph: nodes.w: a cycle through wiring nodes only (w → w2 → w): an algebraic loop with no neuron to break it',
    );
    expect(() => nirToNetwork(graph({ input: input(3), w, l: lif(2, 0.01) }, [['input', 'w'], ['w', 'l']]))).toThrow("NIR graph: edges input → w: 3 values arrive at Linear 'w', which takes 2 (weight [2, 2])");
    expect(() => nirToNetwork(graph({ input: input(2), l: lif(2, 0.01) }, [['input', 'l'], ['l', 'ghost']]))).toThrow("NIR graph: edges[1]: edge target 'ghost' is not a node of this graph; nodes are: input, l");
  });

  it('a non-spiking read-out is an Output of state; LI integrates spikes arriving through weights', () => {
    const g = graph({ input: input(1), w: param('Linear', { weight: arr([3], [1, 1]) }), li: param('LI', { tau: fill(1, 0.01), r: fill(1, 1), v_leak: fill(1, 0) }), output: output(1) }, [
      ['input', 'w'],
      ['w', 'li'],
      ['li', 'output'],
    ]);
    const imp = nirToNetwork(g, { dt_ms: dt, inputs: { input: { kind: 'spike-times', times_ms: [[0]] } } });
    expect(imp.outputs.output).toEqual({ node: 'li', populations: ['li'], size: 1, signal: 'state' });
    const r = run(imp.spec, 10, 'li');
    const a = dt / 10;
    expect(r.v[0]).toBe(0);
    for (let k = 1; k < 10; k++) expect(Math.abs(r.v[k]! - a * 3 * (1 - a) ** (k - 1))).toBeLessThan(1e-6);
  });
});
