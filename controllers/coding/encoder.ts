/**
 * Encoders as data: a spec names the kind and carries that kind's parameters, and
 * `createEncoder` builds an object the network drives once per SNN step. The spec is a typed
 * discriminated union, so a network or controller spec picks an encoder by `kind`, never by a
 * free string.
 *
 * Contract of `step(values, out, rng)`: `values` holds at least `inputs` sensor values (NaN =
 * no reading, out-of-range values clipped); `out` is the input population's spike output
 * with exactly `size` neurons, already cleared; `rng` is the caller's seeded stream for input
 * spikes (used only by the stochastic kinds). Nothing is allocated.
 */
import type { SpikeOutput } from '../neurons/model.js';
import type { Rng } from '../../loop/rng.js';
import type { PoissonEncoderParams } from './poissonEncoder.js';
import { createPoissonEncoder, poissonEncoderStep, resetPoissonEncoder } from './poissonEncoder.js';
import type { GaussianPopulationEncoderParams } from './gaussianPopulationEncoder.js';
import {
  createGaussianPopulationEncoder,
  gaussianPopulationEncoderStep,
  resetGaussianPopulationEncoder,
} from './gaussianPopulationEncoder.js';
import type { LatencyEncoderParams } from './latencyEncoder.js';
import { createLatencyEncoder, latencyEncoderStep, resetLatencyEncoder } from './latencyEncoder.js';
import type { SendOnDeltaEncoderParams } from './sendOnDeltaEncoder.js';
import { createSendOnDeltaEncoder, resetSendOnDeltaEncoder, sendOnDeltaEncoderStep } from './sendOnDeltaEncoder.js';

export type PoissonEncoderSpec = { readonly kind: 'poisson' } & PoissonEncoderParams;
export type GaussianPopulationEncoderSpec = { readonly kind: 'gaussian-population' } & GaussianPopulationEncoderParams;
export type LatencyEncoderSpec = { readonly kind: 'latency' } & LatencyEncoderParams;
export type SendOnDeltaEncoderSpec = { readonly kind: 'send-on-delta' } & SendOnDeltaEncoderParams;

export type EncoderSpec = PoissonEncoderSpec | GaussianPopulationEncoderSpec | LatencyEncoderSpec | SendOnDeltaEncoderSpec;
export type EncoderKind = EncoderSpec['kind'];

/** Every encoder kind, e.g. for schema enums and error messages. */
export const ENCODER_KINDS = ['poisson', 'gaussian-population', 'latency', 'send-on-delta'] as const satisfies readonly EncoderKind[];
// Compile-time completeness: a kind missing from ENCODER_KINDS makes this assignment an error.
const _everyEncoderKindListed: readonly (typeof ENCODER_KINDS)[number][] = [] as EncoderKind[];

export interface Encoder {
  readonly kind: EncoderKind;
  /** Number of sensor values read per step. */
  readonly inputs: number;
  /** Number of neurons of the input population it drives. */
  readonly size: number;
  step(values: ArrayLike<number>, out: SpikeOutput, rng: Rng): void;
  /** Back to the state after creation (phases, levels, window position). */
  reset(): void;
}

function checkStepArgs(kind: EncoderKind, inputs: number, size: number, values: ArrayLike<number>, out: SpikeOutput): void {
  if (values.length < inputs) {
    throw new RangeError(`${kind} encoder: expected at least ${inputs} values, got ${values.length}`);
  }
  if (out.flags.length !== size) {
    throw new RangeError(`${kind} encoder: output population must have ${size} neurons, got ${out.flags.length}`);
  }
}

/** A kind's functions over its params `P` and state `S` (the params/state/step module of that kind). */
interface EncoderModel<P, S extends { readonly size: number }> {
  create(p: P, nInputs: number, dt_ms: number): S;
  step(p: P, s: S, values: ArrayLike<number>, out: SpikeOutput, rng: Rng): void;
  reset(p: P, s: S): void;
}

/** Builds a kind's `Encoder` from its (frozen) spec. */
type EncoderBuilder<Spec> = (p: Spec, nInputs: number, dt_ms: number) => Encoder;

/** The spec of one kind. */
type EncoderSpecOf<K extends EncoderKind> = Extract<EncoderSpec, { readonly kind: K }>;

/**
 * Wraps a kind's model as an `Encoder` builder: the state stays in the closure (so the registry
 * needs no state-type map) and every step checks its arguments before the kind's step runs.
 */
function encoderOf<K extends EncoderKind, S extends { readonly size: number }>(
  m: EncoderModel<EncoderSpecOf<K>, S>,
): EncoderBuilder<EncoderSpecOf<K>> {
  return (p, nInputs, dt_ms) => {
    const s = m.create(p, nInputs, dt_ms);
    return {
      kind: p.kind,
      inputs: nInputs,
      size: s.size,
      step(values, out, rng) {
        checkStepArgs(p.kind, nInputs, s.size, values, out);
        m.step(p, s, values, out, rng);
      },
      reset: () => m.reset(p, s),
    };
  };
}

/**
 * Every kind's builder. Adding an encoder: its params/state/step module, its spec in the
 * `EncoderSpec` union, its name in `ENCODER_KINDS` and one entry here; the mapped type makes
 * the compiler reject this map while any kind is missing.
 */
const ENCODERS: { readonly [K in EncoderKind]: EncoderBuilder<EncoderSpecOf<K>> } = {
  poisson: encoderOf({ create: createPoissonEncoder, step: poissonEncoderStep, reset: resetPoissonEncoder }),
  'gaussian-population': encoderOf({
    create: createGaussianPopulationEncoder,
    step: gaussianPopulationEncoderStep,
    reset: resetGaussianPopulationEncoder,
  }),
  latency: encoderOf({ create: createLatencyEncoder, step: latencyEncoderStep, reset: resetLatencyEncoder }),
  'send-on-delta': encoderOf({ create: createSendOnDeltaEncoder, step: sendOnDeltaEncoderStep, reset: resetSendOnDeltaEncoder }),
};

/** Builds the encoder a spec describes, for `nInputs` values at SNN step `dt_ms`. */
export function createEncoder(spec: EncoderSpec, nInputs: number, dt_ms: number): Encoder {
  if (spec === null || typeof spec !== 'object') throw new TypeError(`encoder spec must be an object, got ${spec}`);
  // A shallow frozen copy: later edits to the caller's spec object do not reach the encoder.
  const p = Object.freeze({ ...spec });
  if (!Object.hasOwn(ENCODERS, p.kind)) {
    throw new RangeError(`encoder spec: kind must be one of ${ENCODER_KINDS.join(', ')}, got ${JSON.stringify(p.kind)}`);
  }
  // TypeScript cannot correlate `p.kind` with the entry it selects; the mapped type guarantees it.
  return (ENCODERS[p.kind] as EncoderBuilder<EncoderSpec>)(p, nInputs, dt_ms);
}
