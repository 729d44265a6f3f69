/**
 * The NIR form of a projection's origin (ProjectionOrigin in networkSpec.ts): the wiring nodes of
 * the path an imported projection was expanded from, as JSON, so that exporting the network
 * writes the Conv2d (and pooling, Flatten, Affine …) nodes back instead of the expanded synapses.
 *
 * Record per node: `name`, `type`, and its fields — Conv2d: weight and bias ({shape, data}),
 * stride, padding (a pair, 'same' or 'valid'), dilation, groups, input_shape (or null);
 * SumPool2d/AvgPool2d: kernel_size, stride, padding; Flatten: start_dim, end_dim, input_type;
 * Affine, Linear, Scale: params ({name: {shape, data}}); Delay: delay_ms (converted back to the
 * export's time unit). Subgraph boundaries (Identity) are not recorded: they pass values through.
 *
 * A record is data from a file: decoding checks every field and throws a RangeError naming it.
 */
import type { FlatNode } from './flattenGraph.js';
import type { NirArray, NirNode, Pair } from './nirGraph.js';
import { shapeSize } from './nirGraph.js';
import { nirParamTypeOf } from './nirNodeTypes.js';

export const NIR_ORIGIN_FORMAT = 'nir';

type Json = Readonly<Record<string, unknown>>;

const tensor = (a: NirArray) => ({ shape: [...a.shape], data: Array.from(a.data) });

/** The record of flat node `name` on an imported path (null for pass-through subgraph boundaries). */
export function originRecord(name: string, n: FlatNode, msPerUnit: number): Json | null {
  switch (n.type) {
    case 'Identity':
      return null;
    case 'Conv2d':
      return {
        name,
        type: n.type,
        weight: tensor(n.weight),
        bias: tensor(n.bias),
        stride: [...n.stride],
        padding: typeof n.padding === 'string' ? n.padding : [...n.padding],
        dilation: [...n.dilation],
        groups: n.groups,
        input_shape: n.inputShape ? [...n.inputShape] : null,
      };
    case 'SumPool2d':
    case 'AvgPool2d':
      return { name, type: n.type, kernel_size: [...n.kernelSize], stride: [...n.stride], padding: [...n.padding] };
    case 'Flatten':
      return { name, type: n.type, start_dim: n.startDim, end_dim: n.endDim, input_type: n.inputShape ? [...n.inputShape] : null };
    case 'Delay':
      return { name, type: n.type, delay_ms: { shape: [...n.params.delay!.shape], data: Array.from(n.params.delay!.data, (x) => x * msPerUnit) } };
    case 'Affine':
    case 'Linear':
    case 'Scale':
      return { name, type: n.type, params: Object.fromEntries(Object.entries(n.params).map(([k, a]) => [k, tensor(a)])) };
    default:
      throw new RangeError(`internal: '${name}' (${n.type}) is not wiring`);
  }
}

/** The node a record stands for, delays in the export's unit (ms per unit `msPerUnit`). */
export function nirNodeOfRecord(r: Json, where: string, msPerUnit: number): { readonly name: string; readonly node: NirNode } {
  const bad = (field: string, what: string): never => {
    throw new RangeError(`${where}.${field}: expected ${what}`);
  };
  const name = typeof r.name === 'string' && r.name !== '' ? r.name : bad('name', 'a node name');
  const ints = (field: string, min: number, len: number): number[] => {
    const v = r[field];
    if (!Array.isArray(v) || v.length !== len || !v.every((x) => Number.isInteger(x) && (x as number) >= min)) bad(field, `${len} integers ≥ ${min}`);
    return v as number[];
  };
  const pair = (field: string, min: number): Pair => {
    const v = ints(field, min, 2);
    return [v[0]!, v[1]!];
  };
  const arr = (v: unknown, field: string): NirArray => {
    const o = v as { shape?: unknown; data?: unknown } | null;
    const shape = o?.shape;
    const data = o?.data;
    if (!Array.isArray(shape) || !shape.every((x) => Number.isInteger(x) && (x as number) >= 0)) return bad(field, 'a tensor {shape, data}');
    if (!Array.isArray(data) || !data.every((x) => typeof x === 'number' && Number.isFinite(x)) || data.length !== shapeSize(shape as number[])) {
      return bad(field, `a tensor whose data has ${shapeSize(shape as number[])} finite numbers`);
    }
    return { shape: shape as number[], data: Float64Array.from(data as number[]) };
  };
  const type = r.type;
  const metadata = {};
  switch (type) {
    case 'Conv2d': {
      const weight = arr(r.weight, 'weight');
      if (weight.shape.length !== 4) bad('weight', 'a 4-D weight');
      const groups = r.groups;
      if (!Number.isInteger(groups) || (groups as number) < 1 || weight.shape[0]! % (groups as number) !== 0) bad('groups', 'an integer ≥ 1 dividing the output channels');
      const padding = r.padding === 'same' || r.padding === 'valid' ? r.padding : pair('padding', 0);
      return {
        name,
        node: {
          type,
          weight,
          bias: arr(r.bias, 'bias'),
          stride: pair('stride', 1),
          padding,
          dilation: pair('dilation', 1),
          groups: groups as number,
          inputShape: r.input_shape === null || r.input_shape === undefined ? null : pair('input_shape', 1),
          metadata,
        },
      };
    }
    case 'SumPool2d':
    case 'AvgPool2d':
      return { name, node: { type, kernelSize: pair('kernel_size', 1), stride: pair('stride', 1), padding: pair('padding', 0), metadata } };
    case 'Flatten': {
      if (!Number.isInteger(r.start_dim) || !Number.isInteger(r.end_dim)) bad('start_dim', 'integer start_dim and end_dim');
      const it = r.input_type;
      const inputShape = it === null || it === undefined ? null : Array.isArray(it) && it.every((x) => Number.isInteger(x) && (x as number) >= 0) ? (it as number[]) : bad('input_type', 'a shape or null');
      return { name, node: { type, startDim: r.start_dim as number, endDim: r.end_dim as number, inputShape, metadata } };
    }
    case 'Delay': {
      const d = arr(r.delay_ms, 'delay_ms');
      return { name, node: { type, params: { delay: { shape: d.shape, data: d.data.map((x) => x / msPerUnit) } }, metadata } };
    }
    case 'Affine':
    case 'Linear':
    case 'Scale': {
      const p = r.params;
      if (p === null || typeof p !== 'object') return bad('params', 'the node parameters');
      const params: Record<string, NirArray> = {};
      for (const [k, v] of Object.entries(p)) params[k] = arr(v, `params.${k}`);
      const need = type === 'Affine' ? ['weight', 'bias'] : type === 'Linear' ? ['weight'] : ['scale'];
      for (const k of need) if (!params[k]) bad(`params.${k}`, `the ${type} parameter '${k}'`);
      if (type !== 'Scale' && params.weight!.shape.length !== 2) bad('params.weight', 'a 2-D weight');
      return { name, node: { type: nirParamTypeOf(type)!, params, metadata } };
    }
    default:
      return bad('type', `a NIR wiring type (Conv2d, SumPool2d, AvgPool2d, Flatten, Affine, Linear, Scale, Delay), got ${JSON.stringify(type)}`);
  }
}
