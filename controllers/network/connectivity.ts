/**
 * Connectivity generators: which (pre, post) pairs a projection connects. All are seeded and
 * produce pairs in a deterministic order. `allowSelf` only matters when pre and post are the
 * same population (autapses).
 */
import type { Rng } from '../../loop/rng.js';

export type Connectivity =
  | { readonly kind: 'all-to-all'; readonly allowSelf?: boolean }
  | { readonly kind: 'one-to-one' }
  | { readonly kind: 'fixed-probability'; readonly p: number; readonly allowSelf?: boolean }
  /** Every post neuron receives exactly k distinct pre neurons. */
  | { readonly kind: 'fixed-in-degree'; readonly k: number; readonly allowSelf?: boolean }
  /** Every pre neuron projects to exactly k distinct post neurons. */
  | { readonly kind: 'fixed-out-degree'; readonly k: number; readonly allowSelf?: boolean }
  /** Explicit (pre, post) pairs. */
  | { readonly kind: 'list'; readonly pairs: ReadonlyArray<readonly [number, number]> };

/** Pairs as two parallel growable arrays (built once, at construction). */
export interface PairList {
  pre: number[];
  post: number[];
}

export function connect(c: Connectivity, nPre: number, nPost: number, samePopulation: boolean, rng: Rng, where: string): PairList {
  const out: PairList = { pre: [], post: [] };
  const self = (c.kind !== 'one-to-one' && c.kind !== 'list' && c.allowSelf) || !samePopulation;
  const ok = (i: number, j: number) => self || i !== j;
  switch (c.kind) {
    case 'all-to-all':
      for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) if (ok(i, j)) push(out, i, j);
      return out;
    case 'one-to-one':
      if (nPre !== nPost) throw new RangeError(`${where}: one-to-one needs equal sizes, got pre ${nPre} and post ${nPost}`);
      for (let i = 0; i < nPre; i++) push(out, i, i);
      return out;
    case 'fixed-probability':
      if (!(c.p >= 0 && c.p <= 1)) throw new RangeError(`${where}.p: expected a probability in [0, 1], got ${c.p}`);
      for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) if (rng.uniform() < c.p && ok(i, j)) push(out, i, j);
      return out;
    case 'fixed-in-degree': {
      const avail = self ? nPre : nPre - (samePopulation ? 1 : 0);
      checkDegree(c.k, avail, `${where}.k`, 'pre');
      const pool = new Int32Array(nPre);
      for (let j = 0; j < nPost; j++) {
        for (const i of choose(pool, nPre, c.k, self ? -1 : j, rng)) push(out, i, j);
      }
      return sortByPre(out);
    }
    case 'fixed-out-degree': {
      const avail = self ? nPost : nPost - (samePopulation ? 1 : 0);
      checkDegree(c.k, avail, `${where}.k`, 'post');
      const pool = new Int32Array(nPost);
      for (let i = 0; i < nPre; i++) {
        for (const j of choose(pool, nPost, c.k, self ? -1 : i, rng)) push(out, i, j);
      }
      return out;
    }
    case 'list':
      c.pairs.forEach(([i, j], k) => {
        if (!Number.isInteger(i) || i < 0 || i >= nPre) throw new RangeError(`${where}.pairs[${k}][0]: pre index ${i} outside [0, ${nPre - 1}]`);
        if (!Number.isInteger(j) || j < 0 || j >= nPost) throw new RangeError(`${where}.pairs[${k}][1]: post index ${j} outside [0, ${nPost - 1}]`);
        push(out, i, j);
      });
      return out;
  }
}

function push(l: PairList, i: number, j: number): void {
  l.pre.push(i);
  l.post.push(j);
}

function checkDegree(k: number, avail: number, where: string, side: string): void {
  if (!Number.isInteger(k) || k < 0 || k > avail) {
    throw new RangeError(`${where}: expected an integer in [0, ${avail}] (available ${side} neurons), got ${k}`);
  }
}

/** k distinct indices from [0, n) excluding `skip`, by partial Fisher–Yates on a reused pool. */
function choose(pool: Int32Array, n: number, k: number, skip: number, rng: Rng): Int32Array {
  let m = 0;
  for (let i = 0; i < n; i++) if (i !== skip) pool[m++] = i;
  for (let t = 0; t < k; t++) {
    const r = t + rng.int(m - t);
    const tmp = pool[t];
    pool[t] = pool[r];
    pool[r] = tmp;
  }
  return pool.slice(0, k).sort();
}

function sortByPre(l: PairList): PairList {
  const idx = l.pre.map((_, k) => k).sort((a, b) => l.pre[a]! - l.pre[b]! || l.post[a]! - l.post[b]!);
  return { pre: idx.map((k) => l.pre[k]!), post: idx.map((k) => l.post[k]!) };
}
