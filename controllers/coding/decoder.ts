/**
 * Decoders as data: a spec names the kind and carries that kind's parameters, and
 * `createDecoder` builds an object the network drives with a population's spikes once per
 * SNN step (`step`) and reads once per control period (`read`).
 *
 * Contract: `step(spikes)` takes the spike output of the population read (exactly `size`
 * neurons); an antagonistic pair with `layout: 'two-populations'` has `sources === 2` and takes
 * `step(left, right)`, each of `size / 2` neurons. `read(out)` writes `outputs` command values
 * into a preallocated Float32Array (length ≥ outputs); outputs are always finite. Nothing is
 * allocated.
 */
import type { SpikeOutput } from '../neurons/model.js';
import type { FilteredRateDecoderParams } from './filteredRateDecoder.js';
import {
  createFilteredRateDecoder,
  filteredRateDecoderRead,
  filteredRateDecoderStep,
  resetFilteredRateDecoder,
} from './filteredRateDecoder.js';
import type { PopulationVectorDecoderParams } from './populationVectorDecoder.js';
import {
  createPopulationVectorDecoder,
  populationVectorDecoderRead,
  populationVectorDecoderStep,
  resetPopulationVectorDecoder,
} from './populationVectorDecoder.js';
import type { AntagonisticPairDecoderParams } from './antagonisticPairDecoder.js';
import {
  antagonisticPairDecoderRead,
  antagonisticPairDecoderStep,
  antagonisticPairDecoderStepTwo,
  createAntagonisticPairDecoder,
  resetAntagonisticPairDecoder,
} from './antagonisticPairDecoder.js';
import type { WinnerTakeAllDecoderParams } from './winnerTakeAllDecoder.js';
import {
  createWinnerTakeAllDecoder,
  resetWinnerTakeAllDecoder,
  winnerTakeAllDecoderRead,
  winnerTakeAllDecoderStep,
} from './winnerTakeAllDecoder.js';

export type FilteredRateDecoderSpec = { readonly kind: 'filtered-rate' } & FilteredRateDecoderParams;
export type PopulationVectorDecoderSpec = { readonly kind: 'population-vector' } & PopulationVectorDecoderParams;
export type AntagonisticPairDecoderSpec = { readonly kind: 'antagonistic-pair' } & AntagonisticPairDecoderParams;
export type WinnerTakeAllDecoderSpec = { readonly kind: 'winner-take-all' } & WinnerTakeAllDecoderParams;

export type DecoderSpec =
  | FilteredRateDecoderSpec
  | PopulationVectorDecoderSpec
  | AntagonisticPairDecoderSpec
  | WinnerTakeAllDecoderSpec;
export type DecoderKind = DecoderSpec['kind'];

/** Every decoder kind, e.g. for schema enums and error messages. */
export const DECODER_KINDS = [
  'filtered-rate',
  'population-vector',
  'antagonistic-pair',
  'winner-take-all',
] as const satisfies readonly DecoderKind[];

export interface Decoder {
  readonly kind: DecoderKind;
  /** Command values written by `read`. */
  readonly outputs: number;
  /** Neurons read in total (over all sources). */
  readonly size: number;
  /** Spike sources per step: 1, or 2 for a two-population antagonistic pair. */
  readonly sources: 1 | 2;
  step(spikes: SpikeOutput, second?: SpikeOutput): void;
  read(out: Float32Array): void;
  /** Clears every trace. */
  reset(): void;
}

function checkSpikes(kind: DecoderKind, spikes: SpikeOutput, size: number): void {
  if (spikes.flags.length !== size) {
    throw new RangeError(`${kind} decoder: spike source must have ${size} neurons, got ${spikes.flags.length}`);
  }
}

function checkOut(kind: DecoderKind, out: Float32Array, outputs: number): void {
  if (out.length < outputs) throw new RangeError(`${kind} decoder: out must hold ${outputs} values, got ${out.length}`);
}

/** Builds the decoder a spec describes, producing `nOutputs` command values at SNN step `dt_ms`. */
export function createDecoder(spec: DecoderSpec, nOutputs: number, dt_ms: number): Decoder {
  if (spec === null || typeof spec !== 'object') throw new TypeError(`decoder spec must be an object, got ${spec}`);
  // A shallow frozen copy: later edits to the caller's spec object do not reach the decoder.
  const p = Object.freeze({ ...spec });
  switch (p.kind) {
    case 'filtered-rate': {
      const s = createFilteredRateDecoder(p, nOutputs, dt_ms);
      return {
        kind: p.kind,
        outputs: nOutputs,
        size: s.size,
        sources: 1,
        step(spikes) {
          checkSpikes(p.kind, spikes, s.size);
          filteredRateDecoderStep(p, s, spikes);
        },
        read(out) {
          checkOut(p.kind, out, nOutputs);
          filteredRateDecoderRead(p, s, out);
        },
        reset: () => resetFilteredRateDecoder(p, s),
      };
    }
    case 'population-vector': {
      const s = createPopulationVectorDecoder(p, nOutputs, dt_ms);
      return {
        kind: p.kind,
        outputs: nOutputs,
        size: s.size,
        sources: 1,
        step(spikes) {
          checkSpikes(p.kind, spikes, s.size);
          populationVectorDecoderStep(p, s, spikes);
        },
        read(out) {
          checkOut(p.kind, out, nOutputs);
          populationVectorDecoderRead(p, s, out);
        },
        reset: () => resetPopulationVectorDecoder(p, s),
      };
    }
    case 'antagonistic-pair': {
      const s = createAntagonisticPairDecoder(p, nOutputs, dt_ms);
      const two = p.layout === 'two-populations';
      return {
        kind: p.kind,
        outputs: nOutputs,
        size: s.size,
        sources: two ? 2 : 1,
        step(spikes, second) {
          if (two) {
            if (second === undefined) {
              throw new TypeError(`${p.kind} decoder: layout 'two-populations' needs step(left, right)`);
            }
            checkSpikes(p.kind, spikes, s.sideSize);
            checkSpikes(p.kind, second, s.sideSize);
            antagonisticPairDecoderStepTwo(p, s, spikes, second);
          } else {
            checkSpikes(p.kind, spikes, s.size);
            antagonisticPairDecoderStep(p, s, spikes);
          }
        },
        read(out) {
          checkOut(p.kind, out, nOutputs);
          antagonisticPairDecoderRead(p, s, out);
        },
        reset: () => resetAntagonisticPairDecoder(p, s),
      };
    }
    case 'winner-take-all': {
      const s = createWinnerTakeAllDecoder(p, nOutputs, dt_ms);
      return {
        kind: p.kind,
        outputs: nOutputs,
        size: s.size,
        sources: 1,
        step(spikes) {
          checkSpikes(p.kind, spikes, s.size);
          winnerTakeAllDecoderStep(p, s, spikes);
        },
        read(out) {
          checkOut(p.kind, out, nOutputs);
          winnerTakeAllDecoderRead(p, s, out);
        },
        reset: () => resetWinnerTakeAllDecoder(p, s),
      };
    }
    default: {
      const kind = (p as { kind?: unknown }).kind;
      throw new RangeError(`decoder spec: kind must be one of ${DECODER_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
    }
  }
}
