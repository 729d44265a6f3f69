/**
 * Writes a NIR graph (nirGraph.ts) as an HDF5 file in the layout nir.read expects
 * (neuromorphs/NIR nir/serialization.py): `version`, then the top graph under `node` with
 * `type`, `nodes/<name>/…`, `edges` (UTF-8 string array [E, 2], always present) and `metadata`
 * when non-empty. Parameters are written as float64 (exact for spikeloop's float32 weights and
 * float64 parameters), shapes and integer fields as int64, strings as variable-length UTF-8.
 *
 * The file appears atomically: HDF5 writes into a private temporary directory, and the finished
 * bytes are then written over `file` by writeFileAtomic (loop/writeFileAtomic.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../loop/writeFileAtomic.js';
import type { H5Group } from './hdf5.js';
import { loadHdf5 } from './hdf5.js';
import type { NirFile, NirMetadata, NirNode } from './nirGraph.js';

/** NIR version written to files: the format of nir 1.0 (neuromorphs/NIR, CITATION.cff). */
export const NIR_WRITE_VERSION = '1.0.0';

/** Writes `nir` to `file` (replacing it atomically); returns the number of bytes written. */
export async function writeNir(file: string, nir: NirFile): Promise<number> {
  checkNames(nir.graph, '/node');
  const h5 = await loadHdf5();
  const dir = mkdtempSync(join(tmpdir(), 'spikeloop-nir-'));
  const tmp = join(dir, 'graph.nir');
  try {
    const f = new h5.File(tmp, 'w');
    try {
      f.create_dataset({ name: 'version', data: nir.version || NIR_WRITE_VERSION });
      writeNode(f.create_group('node'), nir.graph);
    } finally {
      f.close();
    }
    const bytes = readFileSync(tmp);
    writeFileAtomic(file, bytes);
    return bytes.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function checkNames(g: NirNode, path: string): void {
  if (g.type !== 'NIRGraph') return;
  const names = new Set(Object.keys(g.nodes));
  for (const [name, node] of Object.entries(g.nodes)) {
    if (name === '' || name.includes('/') || name === '.' || name === '..') {
      throw new RangeError(`${path}/nodes: '${name}' cannot be an HDF5 group name (empty, '.', '..' or containing '/')`);
    }
    checkNames(node, `${path}/nodes/${name}`);
  }
  g.edges.forEach(([a, b], k) => {
    for (const end of [a, b]) {
      if (!names.has(end) && !names.has(end.split('.')[0]!)) throw new RangeError(`${path}/edges[${k}]: no node '${end}' in this graph`);
    }
  });
}

function writeNode(g: H5Group, node: NirNode): void {
  if (node.type === 'Unsupported') throw new RangeError(`cannot write a node of unsupported type '${node.nirType}'`);
  g.create_dataset({ name: 'type', data: node.type });
  switch (node.type) {
    case 'NIRGraph': {
      const nodes = g.create_group('nodes');
      for (const [name, child] of Object.entries(node.nodes)) writeNode(nodes.create_group(name), child);
      const flat = node.edges.flatMap(([a, b]) => [a, b]);
      g.create_dataset({ name: 'edges', data: flat, shape: [node.edges.length, 2], dtype: 'S' });
      break;
    }
    case 'Input':
    case 'Output':
      g.create_dataset({ name: 'shape', data: BigInt64Array.from(node.shape, (x) => BigInt(x)) });
      break;
    case 'Flatten':
      g.create_dataset({ name: 'start_dim', data: BigInt64Array.of(BigInt(node.startDim)), shape: [] });
      g.create_dataset({ name: 'end_dim', data: BigInt64Array.of(BigInt(node.endDim)), shape: [] });
      if (node.inputShape) g.create_dataset({ name: 'input_type', data: BigInt64Array.from(node.inputShape, (x) => BigInt(x)) });
      break;
    case 'Conv2d':
      // As nir.write stores nir.Conv2d: float arrays, int64 pairs and a scalar int64 groups.
      g.create_dataset({ name: 'weight', data: node.weight.data, shape: [...node.weight.shape], dtype: '<d' });
      g.create_dataset({ name: 'bias', data: node.bias.data, shape: [...node.bias.shape], dtype: '<d' });
      g.create_dataset({ name: 'stride', data: ints(node.stride) });
      if (typeof node.padding === 'string') g.create_dataset({ name: 'padding', data: node.padding });
      else g.create_dataset({ name: 'padding', data: ints(node.padding) });
      g.create_dataset({ name: 'dilation', data: ints(node.dilation) });
      g.create_dataset({ name: 'groups', data: BigInt64Array.of(BigInt(node.groups)), shape: [] });
      if (node.inputShape) g.create_dataset({ name: 'input_shape', data: ints(node.inputShape) });
      break;
    case 'SumPool2d':
    case 'AvgPool2d':
      g.create_dataset({ name: 'kernel_size', data: ints(node.kernelSize) });
      g.create_dataset({ name: 'stride', data: ints(node.stride) });
      g.create_dataset({ name: 'padding', data: ints(node.padding) });
      break;
    default:
      for (const [name, a] of Object.entries(node.params)) g.create_dataset({ name, data: a.data, shape: [...a.shape], dtype: '<d' });
  }
  writeMetadata(g, node.metadata);
}

function ints(v: readonly number[]): BigInt64Array {
  return BigInt64Array.from(v, (x) => BigInt(x));
}

function writeMetadata(g: H5Group, m: NirMetadata): void {
  const entries = Object.entries(m);
  if (entries.length === 0) return;
  const mg = g.create_group('metadata');
  for (const [k, v] of entries) {
    if (typeof v === 'string') mg.create_dataset({ name: k, data: v });
    else if (typeof v === 'number') mg.create_dataset({ name: k, data: Float64Array.of(v), shape: [], dtype: '<d' });
    else mg.create_dataset({ name: k, data: v.data, shape: [...v.shape], dtype: '<d' });
  }
}
