/**
 * The wiring nodes of a flattened NIR graph (Affine, Linear, Scale, Delay, Flatten and subgraph
 * boundaries): how each transforms the spikes arriving along a path (linearMap.ts), and the
 * constant each outputs — its bias, plus what constants of wiring before it become through it.
 * A constant that reaches a neuron is a constant input (importGraph.ts delivers it by a clock).
 */
import type { FlatGraph, FlatNode } from './flattenGraph.js';
import type { SparseMap } from './linearMap.js';
import { applyDelay, applyMatrix, applyScale } from './linearMap.js';
import type { NirParamNode } from './nirGraph.js';
import { shapeSize } from './nirGraph.js';
import { isNeuronType } from './nirNodeTypes.js';

export type Fail = (path: string, message: string) => never;

/** Whether a flat node is wiring (neither an Input, an Output nor a neuron). */
export function isWiring(n: FlatNode): boolean {
  if (n.type === 'Input' || n.type === 'Output') return false;
  if (n.type === 'Flatten' || n.type === 'Identity' || n.type === 'Unsupported') return true;
  return !isNeuronType(n.type);
}

/** Reshapes and subgraph boundaries: wiring that passes values through unchanged. */
export function isPassThrough(n: FlatNode): boolean {
  return n.type === 'Identity' || n.type === 'Flatten';
}

/** The map `m` (arriving from `from`) after wiring node `name`; sizes are checked. */
export function wiringTransform(name: string, n: FlatNode, m: SparseMap, from: string, fail: Fail): SparseMap {
  const where = `edges ${from} → ${name}`;
  const need = (k: number, what: string) => {
    if (m.size !== k) fail(where, `${m.size} values arrive at ${n.type} '${name}', which takes ${k} (${what})`);
  };
  switch (n.type) {
    case 'Flatten':
      if (n.inputShape) need(shapeSize(n.inputShape), `input_type [${n.inputShape.join(', ')}]`);
      return m;
    case 'Identity':
      need(shapeSize(n.shape), `shape [${n.shape.join(', ')}]`);
      return m;
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
export function wiringConstants(flat: FlatGraph, preds: ReadonlyMap<string, readonly string[]>, fail: Fail): (name: string) => Float64Array | null {
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
