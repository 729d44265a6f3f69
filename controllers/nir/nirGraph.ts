/**
 * A NIR graph as plain data: what readNir.ts reads from and writeNir.ts writes to the HDF5 format
 * of the Neuromorphic Intermediate Representation (neuromorphs/NIR, nir/serialization.py):
 *
 *   /version                  string, the NIR version that wrote the file
 *   /node                     the top graph: a group with
 *     type = "NIRGraph", nodes/<name>/… (one group per node), edges = string array [E, 2]
 *     (source, target) rows, optional metadata/<key> datasets
 *   /node/nodes/<name>        type = "<NIR type>", one dataset per parameter (nirNodeTypes.ts),
 *                             optional metadata/; a nested graph is again a "NIRGraph" group
 *
 * Parameters are kept as row-major float64 arrays with their shape, whatever the file's dtype
 * (float32 files widen exactly). Node types spikeloop does not import are kept as
 * `Unsupported` so that `nir info` can still show the file; importing one fails naming it.
 */
import type { NirParamType } from './nirNodeTypes.js';

/** A row-major numeric array and its shape ([] for a scalar). */
export interface NirArray {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** Metadata entries: strings, numbers or numeric arrays (NIR recommends no other kinds). */
export type NirMetadataValue = string | number | NirArray;
export type NirMetadata = Readonly<Record<string, NirMetadataValue>>;

/** A node whose computation is given by parameter arrays (Affine, LIF, Delay, …). */
export interface NirParamNode<T extends NirParamType = NirParamType> {
  readonly type: T;
  readonly params: Readonly<Record<string, NirArray>>;
  readonly metadata: NirMetadata;
}

export interface NirInputNode {
  readonly type: 'Input';
  readonly shape: readonly number[];
  readonly metadata: NirMetadata;
}

export interface NirOutputNode {
  readonly type: 'Output';
  readonly shape: readonly number[];
  readonly metadata: NirMetadata;
}

/** Flattens dimensions start_dim…end_dim of its input (a reshape: element order is unchanged). */
export interface NirFlattenNode {
  readonly type: 'Flatten';
  readonly startDim: number;
  readonly endDim: number;
  readonly inputShape: readonly number[] | null;
  readonly metadata: NirMetadata;
}

/** A pair (height, width) of a 2-D convolution or pooling field. */
export type Pair = readonly [number, number];

/**
 * NIR's Conv2d (nir/ir/conv.py), PyTorch's convolution: weight [C_out, C_in/groups, kH, kW],
 * bias [C_out], input [C_in, H, W] → output [C_out, H_out, W_out], zero padding. `inputShape`
 * is the spatial (H, W) when the file gives it. 'same' pads as PyTorch does (total
 * dilation·(k − 1), the extra one at the bottom/right), 'valid' not at all.
 */
export interface NirConv2dNode {
  readonly type: 'Conv2d';
  readonly weight: NirArray;
  readonly bias: NirArray;
  readonly stride: Pair;
  readonly padding: Pair | 'same' | 'valid';
  readonly dilation: Pair;
  readonly groups: number;
  readonly inputShape: Pair | null;
  readonly metadata: NirMetadata;
}

/**
 * NIR's SumPool2d and AvgPool2d (nir/ir/pooling.py): per channel, the sum (or the sum divided by
 * kH·kW, NIR's "SumPooling; Scale", PyTorch's count_include_pad) over each window, zero padding.
 */
export interface NirPool2dNode {
  readonly type: 'SumPool2d' | 'AvgPool2d';
  readonly kernelSize: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly metadata: NirMetadata;
}

export interface NirGraphNode {
  readonly type: 'NIRGraph';
  readonly nodes: Readonly<Record<string, NirNode>>;
  readonly edges: ReadonlyArray<readonly [string, string]>;
  readonly metadata: NirMetadata;
}

/** A node of a type spikeloop does not import (Conv1d, …), kept for `nir info`. */
export interface NirUnsupportedNode {
  readonly type: 'Unsupported';
  readonly nirType: string;
  /** Shapes of its datasets, by name. */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  readonly metadata: NirMetadata;
}

export type NirNode = NirParamNode | NirInputNode | NirOutputNode | NirFlattenNode | NirConv2dNode | NirPool2dNode | NirGraphNode | NirUnsupportedNode;

/** A whole file: the top graph and the NIR version string. */
export interface NirFile {
  readonly version: string;
  readonly graph: NirGraphNode;
}

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A float64 array of a shape, filled with `value`. */
export function filledArray(shape: readonly number[], value: number): NirArray {
  return { shape: [...shape], data: new Float64Array(shapeSize(shape)).fill(value) };
}
