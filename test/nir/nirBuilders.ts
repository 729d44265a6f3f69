/** Small builders for NIR graphs in tests. */
import type { NirArray, NirGraphNode, NirInputNode, NirNode, NirOutputNode, NirParamNode } from '../../controllers/nir/nirGraph.js';
import type { NirParamType } from '../../controllers/nir/nirNodeTypes.js';

export function arr(values: readonly number[], shape: readonly number[] = [values.length]): NirArray {
  return { shape: [...shape], data: Float64Array.from(values) };
}

export function fill(n: number, v: number): NirArray {
  return arr(new Array<number>(n).fill(v));
}

export function param<T extends NirParamType>(type: T, params: Record<string, NirArray>): NirParamNode<T> {
  return { type, params, metadata: {} };
}

export function input(n: number): NirInputNode {
  return { type: 'Input', shape: [n], metadata: {} };
}

export function output(n: number): NirOutputNode {
  return { type: 'Output', shape: [n], metadata: {} };
}

export function graph(nodes: Record<string, NirNode>, edges: ReadonlyArray<readonly [string, string]>): NirGraphNode {
  return { type: 'NIRGraph', nodes, edges: edges.map(([a, b]) => [a, b] as const), metadata: {} };
}

/** A NIR LIF node of n elements (time constant in the graph's unit). */
export function lif(n: number, tau: number, o: { r?: number; vLeak?: number; vThreshold?: number; vReset?: number } = {}): NirParamNode<'LIF'> {
  return param('LIF', { tau: fill(n, tau), r: fill(n, o.r ?? 1), v_leak: fill(n, o.vLeak ?? 0), v_threshold: fill(n, o.vThreshold ?? 1), v_reset: fill(n, o.vReset ?? 0) });
}

/** Identity weights (n × n) times `w`. */
export function eye(n: number, w = 1): NirArray {
  const d = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) d[i * n + i] = w;
  return arr(d, [n, n]);
}
