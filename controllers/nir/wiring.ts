/**
 * The wiring nodes of a flattened NIR graph (Affine, Linear, Scale, Delay, Flatten, Conv2d,
 * SumPool2d, AvgPool2d and subgraph boundaries): how each transforms the spikes arriving along a
 * path (linearMap.ts), and the constant each outputs — its bias, plus what constants of wiring
 * before it become through it. A constant that reaches a neuron is a constant input
 * (importGraph.ts delivers it by a clock).
 *
 * Shapes: a convolution or pooling node needs its input's [C, H, W], which a flat element count
 * does not say. Every node's output shape is inferred once (wiringShapes): Inputs and Outputs
 * have theirs, a neuron node the shape of its parameters, and each wiring node computes its
 * output from the shape arriving from its first predecessor (as NIR's own type inference does).
 */
import type { Fail, Taps } from './conv2d.js';
import { applyTapsDense, conv2dBias, conv2dTaps, pool2dTaps } from './conv2d.js';
import type { FlatGraph, FlatNode } from './flattenGraph.js';
import type { SparseMap } from './linearMap.js';
import { applyDelay, applyMatrix, applyScale, applyTaps } from './linearMap.js';
import type { NirParamNode } from './nirGraph.js';
import { shapeSize } from './nirGraph.js';
import { isNeuronType } from './nirNodeTypes.js';

export type { Fail } from './conv2d.js';

const STRUCTURAL: readonly string[] = ['Flatten', 'Identity', 'Unsupported', 'Conv2d', 'SumPool2d', 'AvgPool2d'];

/** Whether a flat node is wiring (neither an Input, an Output nor a neuron). */
export function isWiring(n: FlatNode): boolean {
  if (n.type === 'Input' || n.type === 'Output') return false;
  if (STRUCTURAL.includes(n.type)) return true;
  return !isNeuronType(n.type as NirParamNode['type']);
}

/** Output shapes of the nodes of a flat graph, and the taps of its convolution and pooling nodes. */
export interface WiringShapes {
  outShape(name: string): readonly number[] | null;
  taps(name: string): Taps;
}

export function wiringShapes(flat: FlatGraph, preds: ReadonlyMap<string, readonly string[]>, fail: Fail): WiringShapes {
  const memo = new Map<string, readonly number[] | null>();
  const tapsMemo = new Map<string, Taps>();
  const visiting = new Set<string>();
  const inShape = (name: string): readonly number[] | null => {
    for (const p of preds.get(name) ?? []) {
      const s = outShape(p);
      if (s !== null) return s;
    }
    return null;
  };
  const taps = (name: string): Taps => {
    let t = tapsMemo.get(name);
    if (t === undefined) {
      const n = flat.nodes.get(name)!;
      const at = inShape(name);
      if (n.type === 'Conv2d') t = conv2dTaps(name, n, at, fail);
      else if (n.type === 'SumPool2d' || n.type === 'AvgPool2d') t = pool2dTaps(name, n, at, fail);
      else return fail(`nodes.${name}`, `internal: '${name}' has no taps`);
      tapsMemo.set(name, t);
    }
    return t;
  };
  const compute = (name: string): readonly number[] | null => {
    const n = flat.nodes.get(name)!;
    switch (n.type) {
      case 'Input':
      case 'Output':
      case 'Identity':
        return n.shape;
      case 'Unsupported':
        return null;
      case 'Flatten': {
        const s = n.inputShape ?? inShape(name);
        return s === null ? null : flattenShape(s, n.startDim, n.endDim, name, fail);
      }
      case 'Conv2d':
      case 'SumPool2d':
      case 'AvgPool2d':
        return taps(name).outShape;
      case 'Affine':
      case 'Linear':
        return [(n as NirParamNode).params.weight!.shape[0]!];
      case 'Scale':
      case 'Delay': {
        const len = Object.values((n as NirParamNode).params)[0]!.data.length;
        const s = inShape(name);
        return s !== null && shapeSize(s) === len ? s : [len];
      }
      default:
        return Object.values((n as NirParamNode).params)[0]!.shape;
    }
  };
  const outShape = (name: string): readonly number[] | null => {
    if (memo.has(name)) return memo.get(name)!;
    // A cycle of wiring alone is an algebraic loop, refused where paths are walked.
    if (visiting.has(name)) return null;
    visiting.add(name);
    const s = compute(name);
    visiting.delete(name);
    memo.set(name, s);
    return s;
  };
  return { outShape, taps };
}

/** NIR's Flatten output shape (nir/ir/utils.py calc_flatten_output), negative dims from the end. */
export function flattenShape(s: readonly number[], startDim: number, endDim: number, name: string, fail: Fail): number[] {
  const r = s.length;
  const a = startDim < 0 ? startDim + r : startDim;
  const b = endDim < 0 ? endDim + r : endDim;
  if (!(a >= 0 && a < r && b >= a && b < r)) fail(`nodes.${name}`, `start_dim ${startDim} … end_dim ${endDim} is not a range of the ${r} dimensions of its input [${s.join(', ')}]`);
  return [...s.slice(0, a), shapeSize(s.slice(a, b + 1)), ...s.slice(b + 1)];
}

/** Reshapes and subgraph boundaries: wiring that passes values through unchanged. */
export function isPassThrough(n: FlatNode): boolean {
  return n.type === 'Identity' || n.type === 'Flatten';
}

/** The map `m` (arriving from `from`) after wiring node `name`; sizes are checked. */
export function wiringTransform(name: string, n: FlatNode, m: SparseMap, from: string, fail: Fail, shapes?: WiringShapes): SparseMap {
  const where = `edges ${from} → ${name}`;
  const need = (k: number, what: string) => {
    if (m.size !== k) fail(where, `${m.size} values arrive at ${n.type} '${name}', which takes ${k} (${what})`);
  };
  switch (n.type) {
    case 'Flatten': {
      if (n.inputShape) need(shapeSize(n.inputShape), `input_type [${n.inputShape.join(', ')}]`);
      const s = shapes?.outShape(name);
      return s ? { ...m, shape: s } : m;
    }
    case 'Identity':
      need(shapeSize(n.shape), `shape [${n.shape.join(', ')}]`);
      return { ...m, shape: n.shape };
    case 'Conv2d':
    case 'SumPool2d':
    case 'AvgPool2d': {
      if (shapes === undefined) return fail(where, `internal: no shapes for ${n.type} '${name}'`);
      const t = shapes.taps(name);
      need(t.inSize, `[${t.inSize}] input elements`);
      return applyTaps(m, t);
    }
    case 'Affine':
    case 'Linear': {
      const w = (n as NirParamNode).params.weight!;
      need(w.shape[1]!, `weight [${w.shape.join(', ')}]`);
      return applyMatrix(m, w);
    }
    case 'Scale': {
      const s = (n as NirParamNode).params.scale!;
      need(s.data.length, `scale of ${s.data.length}`);
      return applyScale(m, s);
    }
    case 'Delay': {
      const d = (n as NirParamNode).params.delay!;
      need(d.data.length, `delay of ${d.data.length}`);
      if (d.data.some((x) => x < 0)) fail(`nodes.${name}.delay`, 'delays must be ≥ 0');
      return applyDelay(m, d);
    }
    default:
      return fail(where, `internal: '${name}' is not a wiring node`);
  }
}

/**
 * The constant output of each wiring node (null when zero), memoised: the sum of the constants
 * of the wiring before it, transformed by it, plus its own bias. Delays do not change a
 * constant (the clock that delivers it starts when the node's inputs can first arrive).
 */
export function wiringConstants(flat: FlatGraph, preds: ReadonlyMap<string, readonly string[]>, fail: Fail, shapes?: WiringShapes): (name: string) => Float64Array | null {
  const memo = new Map<string, Float64Array | null>();
  const visiting = new Set<string>();
  const constantOf = (name: string): Float64Array | null => {
    if (memo.has(name)) return memo.get(name)!;
    if (visiting.has(name)) fail(`nodes.${name}`, `a cycle through wiring nodes only (${[...visiting, name].join(' → ')}): an algebraic loop with no neuron to break it`);
    visiting.add(name);
    const n = flat.nodes.get(name)!;
    let acc: Float64Array | null = null;
    for (const p of preds.get(name) ?? []) {
      if (!isWiring(flat.nodes.get(p)!)) continue;
      const c = constantOf(p);
      if (c === null) continue;
      acc ??= new Float64Array(c.length);
      if (c.length !== acc.length) fail(`edges ${p} → ${name}`, `inputs of different sizes (${c.length}, ${acc.length}) meet at '${name}'`);
      for (let k = 0; k < c.length; k++) acc[k] += c[k]!;
    }
    let out: Float64Array | null = acc;
    if (n.type === 'Affine' || n.type === 'Linear') {
      const w = (n as NirParamNode).params.weight!;
      const [rows, cols] = [w.shape[0]!, w.shape[1]!];
      if (acc !== null) {
        out = new Float64Array(rows);
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r] += w.data[r * cols + c]! * acc[c]!;
      }
      const b = n.type === 'Affine' ? (n as NirParamNode).params.bias! : null;
      if (b !== null && b.data.some((x) => x !== 0)) {
        out ??= new Float64Array(rows);
        for (let r = 0; r < rows; r++) out[r] += b.data.length === 1 ? b.data[0]! : b.data[r]!;
      }
    } else if (n.type === 'Conv2d' || n.type === 'SumPool2d' || n.type === 'AvgPool2d') {
      if (shapes === undefined) return fail(`nodes.${name}`, `internal: no shapes for ${n.type} '${name}'`);
      const t = shapes.taps(name);
      if (acc !== null && acc.length !== t.inSize) fail(`nodes.${name}`, `a constant of ${acc.length} values arrives at ${n.type} '${name}', which takes ${t.inSize}`);
      out = acc === null ? null : applyTapsDense(acc, t);
      const b = n.type === 'Conv2d' ? conv2dBias(n, t) : null;
      if (b !== null) {
        out ??= new Float64Array(t.outSize);
        for (let k = 0; k < b.length; k++) out[k] += b[k]!;
      }
    } else if (n.type === 'Scale' && acc !== null) {
      const s = (n as NirParamNode).params.scale!;
      out = acc.map((x, k) => x * s.data[k]!);
    }
    visiting.delete(name);
    memo.set(name, out);
    return out;
  };
  return constantOf;
}
