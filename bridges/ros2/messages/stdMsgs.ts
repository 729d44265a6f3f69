/**
 * std_msgs (ROS 2 Jazzy) messages the bridge uses. Numeric arrays are the typed arrays the CDR
 * serializer expects (`float64[]` → Float64Array, `uint32[]` → Uint32Array): a plain array of
 * the wrong kind would be written as zeros.
 */
import type { Time } from './builtinInterfaces.js';
import { zeroTime } from './builtinInterfaces.js';

/** std_msgs/msg/Header: stamp and coordinate frame. */
export interface Header {
  stamp: Time;
  frame_id: string;
}

/** std_msgs/msg/String. (Named `StringMsg` so it does not shadow the global `String`.) */
export interface StringMsg {
  data: string;
}

/** std_msgs/msg/Float64. */
export interface Float64 {
  data: number;
}

/** std_msgs/msg/Bool. */
export interface Bool {
  data: boolean;
}

/** std_msgs/msg/Empty (serialized as one padding byte). */
export type Empty = Record<string, never>;

/** std_msgs/msg/ColorRGBA, components in [0, 1]. */
export interface ColorRGBA {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** std_msgs/msg/MultiArrayDimension. */
export interface MultiArrayDimension {
  label: string;
  /** uint32 */
  size: number;
  /** uint32 */
  stride: number;
}

/** std_msgs/msg/MultiArrayLayout. */
export interface MultiArrayLayout {
  dim: MultiArrayDimension[];
  /** uint32 */
  data_offset: number;
}

/** std_msgs/msg/Float64MultiArray. */
export interface Float64MultiArray {
  layout: MultiArrayLayout;
  data: Float64Array;
}

/** std_msgs/msg/UInt32MultiArray. */
export interface UInt32MultiArray {
  layout: MultiArrayLayout;
  data: Uint32Array;
}

export function emptyHeader(frame_id = ''): Header {
  return { stamp: zeroTime(), frame_id };
}

export function emptyString(): StringMsg {
  return { data: '' };
}

export function zeroFloat64(): Float64 {
  return { data: 0 };
}

export function falseBool(): Bool {
  return { data: false };
}

export function emptyMessage(): Empty {
  return {};
}

export function zeroColorRGBA(): ColorRGBA {
  return { r: 0, g: 0, b: 0, a: 0 };
}

export function zeroMultiArrayDimension(): MultiArrayDimension {
  return { label: '', size: 0, stride: 0 };
}

export function emptyMultiArrayLayout(): MultiArrayLayout {
  return { dim: [], data_offset: 0 };
}

/** An empty array, or `n` zeros with a one-dimension layout labelled `label`. */
export function emptyFloat64MultiArray(n = 0, label = ''): Float64MultiArray {
  return { layout: n > 0 ? vectorLayout(n, label) : emptyMultiArrayLayout(), data: new Float64Array(n) };
}

export function emptyUInt32MultiArray(): UInt32MultiArray {
  return { layout: emptyMultiArrayLayout(), data: new Uint32Array(0) };
}

/** The layout of a plain vector of `n` elements: one dimension, size = stride = n. */
export function vectorLayout(n: number, label = ''): MultiArrayLayout {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`vectorLayout: size must be an integer ≥ 0, got ${n}`);
  return { dim: [{ label, size: n, stride: n }], data_offset: 0 };
}
