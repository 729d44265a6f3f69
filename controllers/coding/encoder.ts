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

/** Builds the encoder a spec describes, for `nInputs` values at SNN step `dt_ms`. */
export function createEncoder(spec: EncoderSpec, nInputs: number, dt_ms: number): Encoder {
  if (spec === null || typeof spec !== 'object') throw new TypeError(`encoder spec must be an object, got ${spec}`);
  const p = Object.freeze({ ...spec });
  switch (p.kind) {
    case 'poisson': {
      const s = createPoissonEncoder(p, nInputs, dt_ms);
      return {
        kind: p.kind,
        inputs: nInputs,
        size: s.size,
        step(values, out, rng) {
          checkStepArgs(p.kind, nInputs, s.size, values, out);
          poissonEncoderStep(p, s, values, out, rng);
        },
        reset: () => resetPoissonEncoder(p, s),
      };
    }
    case 'gaussian-population': {
      const s = createGaussianPopulationEncoder(p, nInputs, dt_ms);
      return {
        kind: p.kind,
        inputs: nInputs,
        size: s.size,
        step(values, out, rng) {
          checkStepArgs(p.kind, nInputs, s.size, values, out);
          gaussianPopulationEncoderStep(p, s, values, out, rng);
        },
        reset: () => resetGaussianPopulationEncoder(p, s),
      };
    }
    case 'latency': {
      const s = createLatencyEncoder(p, nInputs, dt_ms);
      return {
        kind: p.kind,
        inputs: nInputs,
        size: s.size,
        step(values, out) {
          checkStepArgs(p.kind, nInputs, s.size, values, out);
          latencyEncoderStep(p, s, values, out);
        },
        reset: () => resetLatencyEncoder(p, s),
      };
    }
    case 'send-on-delta': {
      const s = createSendOnDeltaEncoder(p, nInputs, dt_ms);
      return {
        kind: p.kind,
        inputs: nInputs,
        size: s.size,
        step(values, out) {
          checkStepArgs(p.kind, nInputs, s.size, values, out);
          sendOnDeltaEncoderStep(p, s, values, out);
        },
        reset: () => resetSendOnDeltaEncoder(p, s),
      };
    }
    default: {
      const kind = (p as { kind?: unknown }).kind;
      throw new RangeError(`encoder spec: kind must be one of ${ENCODER_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
    }
  }
}
