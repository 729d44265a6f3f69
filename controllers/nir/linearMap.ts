/**
 * The linear part of a NIR graph between two neuron layers, composed into synapses. A path from
 * an emitting node (an Input or a spiking neuron) through wiring nodes — Affine, Linear, Scale,
 * Delay, Flatten, subgraph boundaries — to a receiving neuron is linear in the emitted spikes:
 * element i of the emitter reaches element j of the current node with weight w after delay d.
 * Starting from the identity, each wiring node transforms these entries; where two entries
 * land on the same (i, j, d) they are summed (a matrix product). Biases are constant and
 * handled apart (importGraph.ts).
 */
import type { Taps } from './conv2d.js';
import type { NirArray } from './nirGraph.js';

export interface SparseMap {
  /** Elements of the current node's output. */
  readonly size: number;
  readonly pre: number[];
  readonly post: number[];
  readonly weight: number[];
  /** Delay in the file's time unit. */
  readonly delay: number[];
  /** The current node's output shape, when known (Conv2d and pooling need it). */
  readonly shape?: readonly number[];
}

export function identityMap(n: number, shape?: readonly number[]): SparseMap {
  const idx = Array.from({ length: n }, (_, k) => k);
  return { size: n, pre: idx, post: [...idx], weight: new Array<number>(n).fill(1), delay: new Array<number>(n).fill(0), ...(shape ? { shape } : {}) };
}

/** y = W·x for a weight [outputs, inputs] (the caller has checked inputs = m.size). */
export function applyMatrix(m: SparseMap, w: NirArray): SparseMap {
  const rows = w.shape[0]!;
  const cols = w.shape[1]!;
  const out: SparseMap = { size: rows, pre: [], post: [], weight: [], delay: [], shape: [rows] };
  // One accumulator per (pre, delay): entries of one emitter element summed over the columns
  // they arrive on. Keyed by a number: (delay slot · nPre + pre) · rows + row.
  const delays: number[] = [];
  const slotOf = new Map<number, number>();
  let nPre = 0;
  for (let e = 0; e < m.pre.length; e++) {
    if (!slotOf.has(m.delay[e]!)) {
      slotOf.set(m.delay[e]!, delays.length);
      delays.push(m.delay[e]!);
    }
    if (m.pre[e]! + 1 > nPre) nPre = m.pre[e]! + 1;
  }
  const at = new Map<number, number>();
  for (let e = 0; e < m.pre.length; e++) {
    const j = m.post[e]!;
    const i = m.pre[e]!;
    const d = m.delay[e]!;
    const base = (slotOf.get(d)! * nPre + i) * rows;
    const x = m.weight[e]!;
    for (let k = 0; k < rows; k++) {
      const wk = w.data[k * cols + j]!;
      if (wk === 0) continue;
      const key = base + k;
      const q = at.get(key);
      if (q === undefined) {
        at.set(key, out.pre.length);
        out.pre.push(i);
        out.post.push(k);
        out.weight.push(x * wk);
        out.delay.push(d);
      } else {
        out.weight[q] = out.weight[q]! + x * wk;
      }
    }
  }
  return out;
}

/** y = s ⊙ x (elementwise). */
export function applyScale(m: SparseMap, s: NirArray): SparseMap {
  return { ...m, weight: m.weight.map((x, e) => x * s.data[m.post[e]!]!) };
}

/** y(t) = x(t − τ) elementwise. */
export function applyDelay(m: SparseMap, d: NirArray): SparseMap {
  return { ...m, delay: m.delay.map((x, e) => x + d.data[m.post[e]!]!) };
}

/**
 * y = T·x for the taps of a Conv2d or pooling node (conv2d.ts): entries landing on the same
 * (emitter element, output element, delay) are summed, as in applyMatrix.
 */
export function applyTaps(m: SparseMap, t: Taps): SparseMap {
  const rows = t.outSize;
  const out: SparseMap = { size: rows, pre: [], post: [], weight: [], delay: [], shape: t.outShape };
  const slotOf = new Map<number, number>();
  let nPre = 0;
  for (let e = 0; e < m.pre.length; e++) {
    if (!slotOf.has(m.delay[e]!)) slotOf.set(m.delay[e]!, slotOf.size);
    if (m.pre[e]! + 1 > nPre) nPre = m.pre[e]! + 1;
  }
  const at = new Map<number, number>();
  for (let e = 0; e < m.pre.length; e++) {
    const j = m.post[e]!;
    const i = m.pre[e]!;
    const d = m.delay[e]!;
    const base = (slotOf.get(d)! * nPre + i) * rows;
    const x = m.weight[e]!;
    for (let q = t.start[j]!; q < t.start[j + 1]!; q++) {
      const k = t.out[q]!;
      const key = base + k;
      const p = at.get(key);
      if (p === undefined) {
        at.set(key, out.pre.length);
        out.pre.push(i);
        out.post.push(k);
        out.weight.push(x * t.weight[q]!);
        out.delay.push(d);
      } else {
        out.weight[p] = out.weight[p]! + x * t.weight[q]!;
      }
    }
  }
  return out;
}
