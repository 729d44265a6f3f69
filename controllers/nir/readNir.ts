/**
 * Reads a NIR file (HDF5, layout in nirGraph.ts) into plain data. Every problem is a SpecError
 * naming the file and the HDF5 path of the node or dataset (`/node/nodes/lif1/tau`) and what was
 * expected. The file is read whole and closed before returning.
 */
import { checkLimit, LIMIT_ENV, LimitError, limit } from '../../loop/limits.js';
import { SpecError } from '../network/specIssues.js';
import type { H5Group, H5Module } from './hdf5.js';
import { checkHdf5File, hdf5Reason, loadHdf5 } from './hdf5.js';
import type { NirArray, NirFile, NirGraphNode, NirMetadata, NirMetadataValue, NirNode, Pair } from './nirGraph.js';
import { filledArray, shapeSize } from './nirGraph.js';
import { NIR_PARAM_TYPES, nirParamTypeOf } from './nirNodeTypes.js';

/** Reads `file`; rejects anything that is not a NIR graph this reader understands. */
export async function readNir(file: string): Promise<NirFile> {
  const bad = checkHdf5File(file);
  if (bad !== null) throw new SpecError(file, [{ path: '', message: bad }]);
  const h5 = await loadHdf5();
  let f;
  try {
    f = new h5.File(file, 'r');
  } catch (e) {
    throw new SpecError(file, [{ path: '', message: `HDF5 cannot open the file: ${hdf5Reason(e)}` }]);
  }
  try {
    const r = new Reader(h5, file);
    const root = r.group(f, '/node', 'the top NIR graph (a group "node"); this HDF5 file has no NIR graph');
    const node = r.node(root, '/node', 1);
    if (node.type !== 'NIRGraph') return r.fail('/node/type', `the top node must be a NIRGraph, got '${node.type === 'Unsupported' ? node.nirType : node.type}'`);
    const version = f.keys().includes('version') ? r.string(f, 'version', '/version') : '';
    return { version, graph: node };
  } catch (e) {
    if (e instanceof SpecError) throw e;
    throw new SpecError(file, [{ path: '', message: `HDF5 error while reading: ${hdf5Reason(e)}` }]);
  } finally {
    f.close();
  }
}

/**
 * Most levels of NIRGraph nesting read (below the general depth limit): NIR files nest two or
 * three, and HDF5 takes superlinear time on deep group chains (200 levels: over a minute).
 */
export const NIR_MAX_NESTING = 16;

class Reader {
  /** Nodes read so far (bounded by the populations limit). */
  private nodes = 0;

  constructor(
    private readonly h5: H5Module,
    private readonly file: string,
  ) {}

  fail(path: string, message: string): never {
    throw new SpecError(this.file, [{ path, message }]);
  }

  group(parent: H5Group, name: string, what: string): H5Group {
    const g = parent.get(name.replace(/^\//, ''));
    if (!(g instanceof this.h5.Group)) this.fail(name, `expected ${what}`);
    return g;
  }

  private dataset(g: H5Group, name: string, path: string) {
    const d = g.get(name);
    if (!(d instanceof this.h5.Dataset)) this.fail(path, `expected a dataset '${name}'${d ? ', found a group' : ''}`);
    // HDF5 can declare a huge dataset (chunked, never written) in a small file: bound it before reading its value.
    const dims = d.shape ?? [];
    this.bounded(() => checkLimit('synapses', dims.reduce((n, x) => n * Number(x), 1), '', `a dataset of shape [${dims.join(', ')}] has`, 'values (counted against the synapse limit)'), path);
    return d;
  }

  string(g: H5Group, name: string, path: string): string {
    const v = this.dataset(g, name, path).value;
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
    return this.fail(path, `expected a string, got ${describe(v)}`);
  }

  array(g: H5Group, name: string, path: string): NirArray {
    const d = this.dataset(g, name, path);
    const data = numeric(d.value);
    if (data === null) this.fail(path, `expected a numeric array, got ${describe(d.value)} (dtype ${String(d.dtype)})`);
    for (let k = 0; k < data.length; k++) {
      if (!Number.isFinite(data[k])) this.fail(path, `element ${k} is ${data[k]}; NIR parameters must be finite numbers`);
    }
    const shape = d.shape ?? [];
    if (shapeSize(shape) !== data.length) this.fail(path, `shape [${shape.join(', ')}] does not match its ${data.length} values`);
    return { shape: [...shape], data };
  }

  private shape(g: H5Group, name: string, path: string): number[] {
    const a = this.array(g, name, path);
    const s = Array.from(a.data);
    if (a.shape.length > 1 || s.length > 32 || s.some((x) => !Number.isInteger(x) || x < 0)) this.fail(path, `expected a shape (a list of at most 32 integers ≥ 0), got [${s.slice(0, 8).join(', ')}${s.length > 8 ? ', …' : ''}]`);
    // A shape is a promise of elements (neurons, inputs): bounded before anything is sized by it.
    this.bounded(() => checkLimit('neurons', s.reduce((n, x) => n * x, 1), '', `a shape [${s.join(', ')}] has`, 'elements'), path);
    return s;
  }

  private integer(g: H5Group, name: string, path: string): number {
    const a = this.array(g, name, path);
    if (a.data.length !== 1 || !Number.isInteger(a.data[0])) this.fail(path, `expected one integer, got [${Array.from(a.data).join(', ')}]`);
    return a.data[0]!;
  }

  /** An integer ≥ min for both dimensions, or a pair (height, width) of them. */
  private pair(g: H5Group, name: string, path: string, min: number, what: string): Pair {
    const a = this.array(g, name, path);
    const v = Array.from(a.data);
    if (!(a.shape.length <= 1 && (v.length === 1 || v.length === 2) && v.every((x) => Number.isInteger(x) && x >= min))) {
      this.fail(path, `expected ${what}: an integer ≥ ${min} or a pair of them (height, width), got [${v.slice(0, 4).join(', ')}${v.length > 4 ? ', …' : ''}]`);
    }
    return v.length === 1 ? [v[0]!, v[0]!] : [v[0]!, v[1]!];
  }

  /** A Conv2d's padding: 'same', 'valid' (strings, as nir.write stores them) or integers ≥ 0. */
  private padding(g: H5Group, path: string): Pair | 'same' | 'valid' {
    const v = this.dataset(g, 'padding', path).value;
    const s = typeof v === 'string' ? v : Array.isArray(v) && v.length === 1 && typeof v[0] === 'string' ? v[0] : null;
    if (s === null) return this.pair(g, 'padding', path, 0, 'zero padding');
    if (s === 'same' || s === 'valid') return s;
    return this.fail(path, `padding '${s.slice(0, 40)}' is not one NIR defines: 'same', 'valid' or integers ≥ 0 (zero padding; other padding modes have no NIR form)`);
  }

  private edges(g: H5Group, path: string): Array<[string, string]> {
    if (!g.keys().includes('edges')) return [];
    const d = this.dataset(g, 'edges', `${path}/edges`);
    const v = d.value;
    const shape = d.shape ?? [];
    if (Array.isArray(v) && v.length === 0) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string') || shape.length !== 2 || shape[1] !== 2) {
      this.fail(`${path}/edges`, `expected a string array of shape [E, 2] ((source, target) rows), got shape [${shape.join(', ')}] of ${describe(v)}`);
    }
    const out: Array<[string, string]> = [];
    for (let k = 0; k < v.length; k += 2) out.push([v[k] as string, v[k + 1] as string]);
    return out;
  }

  private metadata(g: H5Group): NirMetadata {
    if (!g.keys().includes('metadata')) return {};
    const m = this.group(g, 'metadata', 'a metadata group');
    const out: Record<string, NirMetadataValue> = {};
    const walk = (grp: H5Group, prefix: string, depth: number) => {
      if (depth > limit('depth')) this.fail(`metadata/${prefix}`, `metadata nested more than ${limit('depth')} levels deep (raise the limit with ${LIMIT_ENV.depth}=<n>)`);
      for (const k of grp.keys()) {
        const item = grp.get(k);
        const key = prefix + k;
        if (item instanceof this.h5.Group) walk(item, `${key}/`, depth + 1);
        else if (item instanceof this.h5.Dataset) {
          const dims = item.shape ?? [];
          this.bounded(() => checkLimit('synapses', dims.reduce((n, x) => n * Number(x), 1), '', `a metadata dataset of shape [${dims.join(', ')}] has`, 'values'), `metadata/${key}`);
          const v = item.value;
          if (typeof v === 'string') out[key] = v;
          else {
            const a = numeric(v);
            if (a !== null) out[key] = a.length === 1 && (item.shape ?? []).length === 0 ? a[0]! : { shape: [...(item.shape ?? [])], data: a };
          }
        }
      }
    };
    walk(m, '', 1);
    return out;
  }

  private bounded(check: () => void, path: string): void {
    try {
      check();
    } catch (e) {
      if (e instanceof LimitError) this.fail(path, e.message);
      throw e;
    }
  }

  node(g: H5Group, path: string, depth: number): NirNode {
    const maxNesting = Math.min(limit('depth'), NIR_MAX_NESTING);
    if (depth > maxNesting) this.fail(path, `NIR graphs nested more than ${maxNesting} levels deep${maxNesting === limit('depth') ? ` (raise the limit with ${LIMIT_ENV.depth}=<n>)` : ''}`);
    this.nodes++;
    this.bounded(() => checkLimit('populations', this.nodes, '', 'the graph has at least', 'nodes'), path);
    const type = this.string(g, 'type', `${path}/type`);
    const metadata = this.metadata(g);
    const keys = g.keys().filter((k) => k !== 'type' && k !== 'metadata');
    const only = (allowed: readonly string[]) => {
      const extra = keys.filter((k) => !allowed.includes(k));
      if (extra.length > 0) this.fail(`${path}/${extra[0]}`, `unexpected dataset '${extra[0]}' in a ${type} node; a ${type} node has ${allowed.join(', ') || 'no datasets'}`);
    };
    switch (type) {
      case 'NIRGraph': {
        only(['nodes', 'edges', 'input_type', 'output_type']);
        const ng = this.group(g, 'nodes', `a group 'nodes' in the NIRGraph ${path}`);
        const nodes: Record<string, NirNode> = {};
        for (const name of ng.keys()) nodes[name] = this.node(this.group(ng, name, `node '${name}' to be a group`), `${path}/nodes/${name}`, depth + 1);
        const graph: NirGraphNode = { type: 'NIRGraph', nodes, edges: this.edges(g, path), metadata };
        return graph;
      }
      case 'Input':
      case 'Output':
        only(['shape']);
        return { type, shape: this.shape(g, 'shape', `${path}/shape`), metadata };
      case 'Flatten': {
        only(['start_dim', 'end_dim', 'input_type']);
        const inputShape = keys.includes('input_type') ? this.shape(g, 'input_type', `${path}/input_type`) : null;
        return { type, startDim: this.integer(g, 'start_dim', `${path}/start_dim`), endDim: this.integer(g, 'end_dim', `${path}/end_dim`), inputShape, metadata };
      }
      case 'Conv2d': {
        only(['weight', 'bias', 'stride', 'padding', 'dilation', 'groups', 'input_shape']);
        const need = (k: string) => {
          if (!keys.includes(k)) this.fail(`${path}/${k}`, `missing dataset '${k}': a Conv2d node needs weight, bias, stride, padding, dilation, groups (and optionally input_shape)`);
        };
        for (const k of ['weight', 'bias', 'stride', 'padding', 'dilation', 'groups']) need(k);
        const weight = this.array(g, 'weight', `${path}/weight`);
        if (weight.shape.length !== 4 || weight.shape.some((d) => d < 1)) {
          this.fail(`${path}/weight`, `expected a 4-D weight [C_out, C_in/groups, kH, kW] with no empty dimension, got shape [${weight.shape.join(', ')}]`);
        }
        const co = weight.shape[0]!;
        const bias = this.array(g, 'bias', `${path}/bias`);
        if (bias.data.length !== co && bias.data.length !== 1) this.fail(`${path}/bias`, `expected ${co} biases (one per output channel of weight [${weight.shape.join(', ')}]), got shape [${bias.shape.join(', ')}]`);
        const groups = this.integer(g, 'groups', `${path}/groups`);
        if (!(groups >= 1)) this.fail(`${path}/groups`, `expected groups ≥ 1, got ${groups}`);
        if (co % groups !== 0) this.fail(`${path}/groups`, `groups = ${groups} does not divide the ${co} output channels of weight [${weight.shape.join(', ')}]`);
        let inputShape: Pair | null = null;
        if (keys.includes('input_shape')) {
          const s = this.shape(g, 'input_shape', `${path}/input_shape`);
          if (s.length !== 2 || s.some((x) => x < 1)) this.fail(`${path}/input_shape`, `expected the spatial input shape (height, width), got [${s.join(', ')}]`);
          inputShape = [s[0]!, s[1]!];
        }
        return {
          type,
          weight,
          bias,
          stride: this.pair(g, 'stride', `${path}/stride`, 1, 'a stride'),
          padding: this.padding(g, `${path}/padding`),
          dilation: this.pair(g, 'dilation', `${path}/dilation`, 1, 'a dilation'),
          groups,
          inputShape,
          metadata,
        };
      }
      case 'SumPool2d':
      case 'AvgPool2d': {
        only(['kernel_size', 'stride', 'padding']);
        for (const k of ['kernel_size', 'stride', 'padding']) {
          if (!keys.includes(k)) this.fail(`${path}/${k}`, `missing dataset '${k}': a ${type} node needs kernel_size, stride, padding`);
        }
        return {
          type,
          kernelSize: this.pair(g, 'kernel_size', `${path}/kernel_size`, 1, 'a kernel size'),
          stride: this.pair(g, 'stride', `${path}/stride`, 1, 'a stride'),
          padding: this.pair(g, 'padding', `${path}/padding`, 0, 'zero padding'),
          metadata,
        };
      }
    }
    const pt = nirParamTypeOf(type);
    if (pt === undefined) {
      const shapes: Record<string, number[]> = {};
      for (const k of keys) {
        const d = g.get(k);
        if (d instanceof this.h5.Dataset) shapes[k] = [...(d.shape ?? [])];
      }
      return { type: 'Unsupported', nirType: type, shapes, metadata };
    }
    const info = NIR_PARAM_TYPES[pt];
    only([...info.required, ...Object.keys(info.optional)]);
    const params: Record<string, NirArray> = {};
    for (const name of info.required) {
      if (!keys.includes(name)) this.fail(`${path}/${name}`, `missing dataset '${name}': a ${pt} node needs ${info.required.join(', ')}`);
      params[name] = this.array(g, name, `${path}/${name}`);
    }
    const first = params[info.required[0]!]!;
    for (const [name, fill] of Object.entries(info.optional)) {
      params[name] = keys.includes(name) ? this.array(g, name, `${path}/${name}`) : filledArray(first.shape, fill === 'zeros' ? 0 : 1);
    }
    if (info.elementwise) {
      for (const [name, a] of Object.entries(params)) {
        if (!sameShape(a.shape, first.shape)) {
          this.fail(`${path}/${name}`, `shape [${a.shape.join(', ')}] differs from ${info.required[0]} [${first.shape.join(', ')}]; a ${pt} node's parameters are elementwise, all of one shape`);
        }
      }
    } else {
      const w = params.weight!;
      if (w.shape.length !== 2) this.fail(`${path}/weight`, `expected a 2-D weight [outputs, inputs], got shape [${w.shape.join(', ')}]`);
      const b = params.bias;
      if (b !== undefined && b.data.length !== 1 && b.data.length !== w.shape[0]) {
        this.fail(`${path}/bias`, `expected ${w.shape[0]} biases (one per output row of the weight), got shape [${b.shape.join(', ')}]`);
      }
    }
    return { type: pt, params, metadata };
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  // [n] and [1, n] style differences are real differences in NIR; compare exactly, scalars aside.
  if (shapeSize(a) === 1 && shapeSize(b) === 1) return true;
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

function numeric(v: unknown): Float64Array | null {
  if (typeof v === 'number') return Float64Array.of(v);
  if (typeof v === 'bigint') return Float64Array.of(Number(v));
  if (typeof v === 'boolean') return Float64Array.of(v ? 1 : 0);
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) return Float64Array.from(v, (x) => Number(x));
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Float64Array.from(v as unknown as ArrayLike<number>);
  return null;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.slice(0, 40))}`;
  if (Array.isArray(v)) return `an array of ${v.length} ${typeof v[0]}s`;
  if (v === null || v === undefined) return 'nothing';
  return ArrayBuffer.isView(v) ? `a ${v.constructor.name}` : typeof v;
}
