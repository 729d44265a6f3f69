/**
 * Flattens nested NIR graphs into one graph of leaf nodes. A node `n` of subgraph `g` becomes
 * `g.n`; the subgraph's own Input and Output nodes become pass-through `Identity` nodes. An
 * edge names a node of its own graph; naming a subgraph means its single Input (as a target)
 * or its single Output (as a source), and `g.x` reaches node `x` inside subgraph `g` (the
 * convention of NIR's nested examples; a node literally called `g.x` takes precedence).
 * Only the top graph's Input and Output nodes remain graph inputs and outputs.
 */
import { SpecError } from '../network/specIssues.js';
import type { NirGraphNode, NirNode } from './nirGraph.js';

/** A leaf node of the flattened graph. */
export type FlatNode = Exclude<NirNode, NirGraphNode> | { readonly type: 'Identity'; readonly shape: readonly number[] };

export interface FlatGraph {
  /** Leaf nodes by flattened name, in file order. */
  readonly nodes: ReadonlyMap<string, FlatNode>;
  readonly edges: ReadonlyArray<readonly [string, string]>;
}

export function flattenGraph(g: NirGraphNode, source: string): FlatGraph {
  const nodes = new Map<string, FlatNode>();
  const edges: Array<[string, string]> = [];
  addGraph(g, '', true, nodes, edges, source);
  return { nodes, edges };
}

function addGraph(g: NirGraphNode, prefix: string, top: boolean, nodes: Map<string, FlatNode>, edges: Array<[string, string]>, source: string): void {
  const fail = (path: string, message: string): never => {
    throw new SpecError(source, [{ path, message }]);
  };
  for (const [name, node] of Object.entries(g.nodes)) {
    const full = prefix + name;
    if (node.type === 'NIRGraph') {
      addGraph(node, `${full}.`, false, nodes, edges, source);
      continue;
    }
    if (nodes.has(full)) fail(`nodes.${full}`, `two nodes flatten to the name '${full}' (a subgraph node and a dotted top-level name); rename one`);
    nodes.set(full, !top && (node.type === 'Input' || node.type === 'Output') ? { type: 'Identity', shape: node.shape } : node);
  }
  g.edges.forEach(([a, b], k) => {
    const where = `${prefix ? `nodes.${prefix.slice(0, -1)}.` : ''}edges[${k}]`;
    edges.push([endpoint(g, a, 'source', where, fail, prefix), endpoint(g, b, 'target', where, fail, prefix)]);
  });
}

/** The flattened leaf name an edge endpoint refers to. */
function endpoint(g: NirGraphNode, name: string, role: 'source' | 'target', where: string, fail: (p: string, m: string) => never, prefix: string): string {
  const node = g.nodes[name];
  if (node !== undefined) {
    if (node.type !== 'NIRGraph') return prefix + name;
    const want = role === 'target' ? 'Input' : 'Output';
    const ports = Object.entries(node.nodes).filter(([, n]) => n.type === want);
    if (ports.length !== 1) {
      fail(where, `edge ${role} '${name}' is a subgraph with ${ports.length} ${want} nodes; name one of them as '${name}.<${want.toLowerCase()}>'`);
    }
    return endpoint(node, ports[0]![0], role, where, fail, `${prefix}${name}.`);
  }
  const dot = name.indexOf('.');
  if (dot > 0) {
    const sub = g.nodes[name.slice(0, dot)];
    if (sub?.type === 'NIRGraph') return endpoint(sub, name.slice(dot + 1), role, where, fail, `${prefix}${name.slice(0, dot)}.`);
  }
  return fail(where, `edge ${role} '${name}' is not a node of this graph; nodes are: ${Object.keys(g.nodes).join(', ')}`);
}
