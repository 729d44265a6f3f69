/**
 * NIR's Conv2d, SumPool2d and AvgPool2d as explicit taps: every (input element, output element,
 * weight) the operation connects, so that a path through them composes into synapses like any
 * other wiring (linearMap.ts). Exact: each output element is the sum over its window of weight ×
 * input, as PyTorch computes it (zero padding, floor of the output size, groups, dilation), and
 * nothing is approximated or shared. Elements are row-major [C, H, W].
 *
 * Bounded: a convolution of C_out × H_out × W_out outputs with C_in/groups × kH × kW taps each
 * is that many synapses; above NIR_MAX_EXPANDED_SYNAPSES (or the network synapse limit, if lower)
 * the node is refused, named, before anything is allocated.
 */
import { limit, LIMIT_ENV } from '../../loop/limits.js';
import type { NirConv2dNode, NirPool2dNode, Pair } from './nirGraph.js';
import { shapeSize } from './nirGraph.js';

export type Fail = (path: string, message: string) => never;

/** Most synapses one convolution or pooling node may expand into. */
export const NIR_MAX_EXPANDED_SYNAPSES = 20_000_000;

/** The taps of one node, indexed by input element (CSR): input j reaches out[start[j] … start[j+1]). */
export interface Taps {
  readonly inSize: number;
  readonly outShape: readonly number[];
  readonly outSize: number;
  readonly start: Int32Array;
  readonly out: Int32Array;
  readonly weight: Float64Array;
}

/** The spatial geometry of one 2-D window operation on an input [C, H, W]. */
interface Geometry {
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly kh: number;
  readonly kw: number;
  readonly stride: Pair;
  readonly dilation: Pair;
  /** Padding before (top, left); after is implied by the output size. */
  readonly before: Pair;
  readonly ho: number;
  readonly wo: number;
}

function outSize(n: number, before: number, after: number, dil: number, k: number, stride: number): number {
  return Math.floor((n + before + after - dil * (k - 1) - 1) / stride) + 1;
}

function bound(name: string, count: number, fail: Fail): void {
  const max = Math.min(NIR_MAX_EXPANDED_SYNAPSES, limit('synapses'));
  if (count > max) {
    fail(`nodes.${name}`, `expanding it gives up to ${count} synapses, above the limit of ${max} for one convolution or pooling node (NIR_MAX_EXPANDED_SYNAPSES, or ${LIMIT_ENV.synapses} if lower)`);
  }
}

/** Channels, height and width of an arriving shape of rank ≥ 3 (leading dimensions are channels). */
function chw(shape: readonly number[]): [number, number, number] {
  const r = shape.length;
  return [shapeSize(shape.slice(0, r - 2)), shape[r - 2]!, shape[r - 1]!];
}

/**
 * The taps of Conv2d `name` for the arriving shape `inShape` (null when unknown: then the node's
 * input_shape must say it). Output shape [C_out, H_out, W_out].
 */
export function conv2dTaps(name: string, n: NirConv2dNode, inShape: readonly number[] | null, fail: Fail): Taps {
  const [co, cig, kh, kw] = n.weight.shape as [number, number, number, number];
  const groups = n.groups;
  if (co % groups !== 0) fail(`nodes.${name}.groups`, `groups = ${groups} does not divide the ${co} output channels of weight [${n.weight.shape.join(', ')}]`);
  const cin = cig * groups;
  let h: number;
  let w: number;
  const arriving = inShape === null ? '' : ` (its input arrives as [${inShape.join(', ')}])`;
  if (n.inputShape !== null) {
    [h, w] = n.inputShape;
    if (inShape !== null && shapeSize(inShape) !== cin * h * w) {
      fail(`nodes.${name}`, `input of ${shapeSize(inShape)} values [${inShape.join(', ')}] does not match C_in × input_shape = ${cin} × ${h} × ${w} (C_in = weight's ${cig} per group × groups ${groups})`);
    }
    if (inShape !== null && inShape.length >= 3) {
      const [c, hh, ww] = chw(inShape);
      if (c !== cin || hh !== h || ww !== w) {
        fail(`nodes.${name}`, `input arrives as [${inShape.join(', ')}], i.e. ${c} channels of ${hh} × ${ww}; the node takes ${cin} channels (weight's ${cig} per group × groups ${groups}) of input_shape ${h} × ${w}`);
      }
    }
  } else {
    if (inShape === null || inShape.length < 3) fail(`nodes.${name}`, `a Conv2d without input_shape needs an input of known shape [C, H, W]${arriving}; give input_shape`);
    const [c, hh, ww] = chw(inShape);
    if (c !== cin) fail(`nodes.${name}`, `input arrives as [${inShape.join(', ')}], ${c} channels; the weight [${n.weight.shape.join(', ')}] with groups ${groups} takes ${cin}`);
    [h, w] = [hh, ww];
  }
  const [sh, sw] = n.stride;
  const [dh, dw] = n.dilation;
  let before: Pair;
  let after: Pair;
  if (n.padding === 'valid') {
    before = [0, 0];
    after = [0, 0];
  } else if (n.padding === 'same') {
    if (sh !== 1 || sw !== 1) fail(`nodes.${name}.padding`, `padding 'same' needs stride 1 (PyTorch refuses it otherwise), got stride [${sh}, ${sw}]`);
    const th = dh * (kh - 1);
    const tw = dw * (kw - 1);
    before = [Math.floor(th / 2), Math.floor(tw / 2)];
    after = [th - before[0], tw - before[1]];
  } else {
    before = n.padding;
    after = n.padding;
  }
  const ho = outSize(h, before[0], after[0], dh, kh, sh);
  const wo = outSize(w, before[1], after[1], dw, kw, sw);
  if (ho < 1 || wo < 1) fail(`nodes.${name}`, `the output would be ${ho} × ${wo}: the input ${h} × ${w} is smaller than the dilated kernel ${dh * (kh - 1) + 1} × ${dw * (kw - 1) + 1} with this padding`);
  bound(name, co * ho * wo * cig * kh * kw, fail);
  const g: Geometry = { c: cin, h, w, kh, kw, stride: [sh, sw], dilation: [dh, dw], before, ho, wo };
  const perGroup = co / groups;
  const wt = n.weight.data;
  return build(g, [co, ho, wo], (emit) => {
    for (let o = 0; o < co; o++) {
      const c0 = Math.floor(o / perGroup) * cig;
      for (let ci = 0; ci < cig; ci++) {
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const x = wt[((o * cig + ci) * kh + ky) * kw + kx]!;
            if (x !== 0) emit(o, c0 + ci, ky, kx, x);
          }
        }
      }
    }
  });
}

/** The taps of SumPool2d / AvgPool2d `name` (channels kept: output [..., H_out, W_out]). */
export function pool2dTaps(name: string, n: NirPool2dNode, inShape: readonly number[] | null, fail: Fail): Taps {
  if (inShape === null || inShape.length < 3) {
    fail(`nodes.${name}`, `a ${n.type} needs an input of known shape [C, H, W]${inShape === null ? '' : `, got [${inShape.join(', ')}]`} (the shape of the node feeding it)`);
  }
  const [c, h, w] = chw(inShape);
  const [kh, kw] = n.kernelSize;
  const [sh, sw] = n.stride;
  const [ph, pw] = n.padding;
  if (2 * ph > kh || 2 * pw > kw) fail(`nodes.${name}.padding`, `padding [${ph}, ${pw}] is more than half the kernel [${kh}, ${kw}] (PyTorch refuses it)`);
  const ho = outSize(h, ph, ph, 1, kh, sh);
  const wo = outSize(w, pw, pw, 1, kw, sw);
  if (ho < 1 || wo < 1) fail(`nodes.${name}`, `the output would be ${ho} × ${wo}: the input ${h} × ${w} is smaller than the kernel ${kh} × ${kw}`);
  bound(name, c * ho * wo * kh * kw, fail);
  const g: Geometry = { c, h, w, kh, kw, stride: [sh, sw], dilation: [1, 1], before: [ph, pw], ho, wo };
  const x = n.type === 'AvgPool2d' ? 1 / (kh * kw) : 1;
  return build(g, [...inShape.slice(0, inShape.length - 2), ho, wo], (emit) => {
    for (let o = 0; o < c; o++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) emit(o, o, ky, kx, x);
  });
}

/**
 * Taps from kernel entries: `kernel(emit)` calls emit(outChannel, inChannel, ky, kx, weight)
 * once per nonzero kernel entry; each is placed at every output position whose window puts it
 * inside the input (padding contributes nothing).
 */
function build(g: Geometry, outShape: readonly number[], kernel: (emit: (o: number, c: number, ky: number, kx: number, x: number) => void) => void): Taps {
  const inSize = g.c * g.h * g.w;
  const plane = g.ho * g.wo;
  const ins: number[] = [];
  const outs: number[] = [];
  const ws: number[] = [];
  kernel((o, c, ky, kx, x) => {
    for (let oy = 0; oy < g.ho; oy++) {
      const iy = oy * g.stride[0] - g.before[0] + ky * g.dilation[0];
      if (iy < 0 || iy >= g.h) continue;
      for (let ox = 0; ox < g.wo; ox++) {
        const ix = ox * g.stride[1] - g.before[1] + kx * g.dilation[1];
        if (ix < 0 || ix >= g.w) continue;
        ins.push((c * g.h + iy) * g.w + ix);
        outs.push(o * plane + oy * g.wo + ox);
        ws.push(x);
      }
    }
  });
  // CSR by input element; within one input, in the order emitted (deterministic).
  const start = new Int32Array(inSize + 1);
  for (const j of ins) start[j + 1]!++;
  for (let j = 0; j < inSize; j++) start[j + 1]! += start[j]!;
  const fillAt = start.slice(0, inSize);
  const out = new Int32Array(ins.length);
  const weight = new Float64Array(ins.length);
  for (let e = 0; e < ins.length; e++) {
    const at = fillAt[ins[e]!]!++;
    out[at] = outs[e]!;
    weight[at] = ws[e]!;
  }
  return { inSize, outShape, outSize: shapeSize(outShape), start, out, weight };
}

/** y = T·x for a dense x (constants through the node). */
export function applyTapsDense(x: Float64Array, t: Taps): Float64Array {
  const y = new Float64Array(t.outSize);
  for (let j = 0; j < t.inSize; j++) {
    const v = x[j]!;
    if (v === 0) continue;
    for (let e = t.start[j]!; e < t.start[j + 1]!; e++) y[t.out[e]!] += v * t.weight[e]!;
  }
  return y;
}

/** The bias of a Conv2d as a constant output (bias[c] on every element of channel c). */
export function conv2dBias(n: NirConv2dNode, t: Taps): Float64Array | null {
  const b = n.bias.data;
  if (b.every((x) => x === 0)) return null;
  const y = new Float64Array(t.outSize);
  const plane = t.outSize / t.outShape[0]!;
  for (let k = 0; k < t.outSize; k++) y[k] = b.length === 1 ? b[0]! : b[Math.floor(k / plane)]!;
  return y;
}
