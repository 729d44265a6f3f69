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
// Compile-time completeness: a kind missing from DECODER_KINDS makes this assignment an error.
const _everyDecoderKindListed: readonly (typeof DECODER_KINDS)[number][] = [] as DecoderKind[];

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

/** A one-source kind's functions over its params `P` and state `S` (its params/state/step module). */
interface DecoderModel<P, S extends { readonly size: number }> {
  create(p: P, nOutputs: number, dt_ms: number): S;
  step(p: P, s: S, spikes: SpikeOutput): void;
  read(p: P, s: S, out: Float32Array): void;
  reset(p: P, s: S): void;
}

/** Builds a kind's `Decoder` from its (frozen) spec. */
type DecoderBuilder<Spec> = (p: Spec, nOutputs: number, dt_ms: number) => Decoder;

/** The spec of one kind. */
type DecoderSpecOf<K extends DecoderKind> = Extract<DecoderSpec, { readonly kind: K }>;

/**
 * Wraps a one-source kind's model as a `Decoder` builder: the state stays in the closure (so the
 * registry needs no state-type map) and `step`/`read` check their arguments first.
 */
function decoderOf<K extends DecoderKind, S extends { readonly size: number }>(
  m: DecoderModel<DecoderSpecOf<K>, S>,
): DecoderBuilder<DecoderSpecOf<K>> {
  return (p, nOutputs, dt_ms) => {
    const s = m.create(p, nOutputs, dt_ms);
    return {
      kind: p.kind,
      outputs: nOutputs,
      size: s.size,
      sources: 1,
      step(spikes) {
        checkSpikes(p.kind, spikes, s.size);
        m.step(p, s, spikes);
      },
      read(out) {
        checkOut(p.kind, out, nOutputs);
        m.read(p, s, out);
      },
      reset: () => m.reset(p, s),
    };
  };
}

const antagonisticPairHalves: DecoderBuilder<AntagonisticPairDecoderSpec> = decoderOf({
  create: createAntagonisticPairDecoder,
  step: antagonisticPairDecoderStep,
  read: antagonisticPairDecoderRead,
  reset: resetAntagonisticPairDecoder,
});

/** The antagonistic pair reads one population (`halves`) or two (`two-populations`, left and right). */
function antagonisticPairDecoder(p: AntagonisticPairDecoderSpec, nOutputs: number, dt_ms: number): Decoder {
  if (p.layout !== 'two-populations') return antagonisticPairHalves(p, nOutputs, dt_ms);
  const s = createAntagonisticPairDecoder(p, nOutputs, dt_ms);
  return {
    kind: p.kind,
    outputs: nOutputs,
    size: s.size,
    sources: 2,
    step(left, right) {
      if (right === undefined) throw new TypeError(`${p.kind} decoder: layout 'two-populations' needs step(left, right)`);
      checkSpikes(p.kind, left, s.sideSize);
      checkSpikes(p.kind, right, s.sideSize);
      antagonisticPairDecoderStepTwo(p, s, left, right);
    },
    read(out) {
      checkOut(p.kind, out, nOutputs);
      antagonisticPairDecoderRead(p, s, out);
    },
    reset: () => resetAntagonisticPairDecoder(p, s),
  };
}

/**
 * Every kind's builder. Adding a decoder: its params/state/step module, its spec in the
 * `DecoderSpec` union, its name in `DECODER_KINDS` and one entry here (`decoderOf` for a
 * one-source kind); the mapped type makes the compiler reject this map while any kind is missing.
 */
const DECODERS: { readonly [K in DecoderKind]: DecoderBuilder<DecoderSpecOf<K>> } = {
  'filtered-rate': decoderOf({
    create: createFilteredRateDecoder,
    step: filteredRateDecoderStep,
    read: filteredRateDecoderRead,
    reset: resetFilteredRateDecoder,
  }),
  'population-vector': decoderOf({
    create: createPopulationVectorDecoder,
    step: populationVectorDecoderStep,
    read: populationVectorDecoderRead,
    reset: resetPopulationVectorDecoder,
  }),
  'antagonistic-pair': antagonisticPairDecoder,
  'winner-take-all': decoderOf({
    create: createWinnerTakeAllDecoder,
    step: winnerTakeAllDecoderStep,
    read: winnerTakeAllDecoderRead,
    reset: resetWinnerTakeAllDecoder,
  }),
};

/** Builds the decoder a spec describes, producing `nOutputs` command values at SNN step `dt_ms`. */
export function createDecoder(spec: DecoderSpec, nOutputs: number, dt_ms: number): Decoder {
  if (spec === null || typeof spec !== 'object') throw new TypeError(`decoder spec must be an object, got ${spec}`);
  // A shallow frozen copy: later edits to the caller's spec object do not reach the decoder.
  const p = Object.freeze({ ...spec });
  if (!Object.hasOwn(DECODERS, p.kind)) {
    throw new RangeError(`decoder spec: kind must be one of ${DECODER_KINDS.join(', ')}, got ${JSON.stringify(p.kind)}`);
  }
  // TypeScript cannot correlate `p.kind` with the entry it selects; the mapped type guarantees it.
  return (DECODERS[p.kind] as DecoderBuilder<DecoderSpec>)(p, nOutputs, dt_ms);
}
