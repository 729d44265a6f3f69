/**
 * A population: a group of neurons of one model (or a spike source), with the buffers that join
 * it to projections — input accumulators, this step's spikes, and a short spike history for
 * delayed delivery.
 */
import type { PopulationInput, SpikeOutput } from '../neurons/model.js';
import { createPopulationInput, createSpikeOutput } from '../neurons/model.js';
import type { BoundNeurons } from './boundNeurons.js';
import type { SpikeDriver } from './inputSource.js';
import type { SpikeHistory } from './spikeHistory.js';
import { createSpikeHistory } from './spikeHistory.js';

export type PopulationDynamics =
  | { readonly kind: 'neurons'; readonly neurons: BoundNeurons }
  | { readonly kind: 'source'; readonly source: 'spike-times' | 'poisson' | 'external'; driver: SpikeDriver | null; readonly rewind: () => void };

export interface Population {
  readonly name: string;
  readonly index: number;
  readonly size: number;
  readonly dynamics: PopulationDynamics;
  readonly input: PopulationInput;
  readonly spikes: SpikeOutput;
  history: SpikeHistory;
  /** Spikes emitted since the last reset. */
  spikeTotal: number;
  /** Some projection targets this population (a source then discards its input each step). */
  hasIncoming: boolean;
  /** The network's stepGroup clears and steps it (wasm engine, network.ts); networkStep does neither. */
  readonly grouped: boolean;
}

export function createPopulation(name: string, index: number, size: number, dynamics: PopulationDynamics): Population {
  return {
    name,
    index,
    size,
    dynamics,
    input: createPopulationInput(size),
    spikes: createSpikeOutput(size),
    history: createSpikeHistory(size, 1),
    spikeTotal: 0,
    hasIncoming: false,
    grouped: false,
  };
}

/** Bytes of the population's buffers (state variables included). */
export function populationBytes(p: Population): number {
  let b = p.input.exc.byteLength * 3 + p.spikes.flags.byteLength + p.spikes.list.byteLength + p.history.lists.byteLength;
  if (p.dynamics.kind === 'neurons') for (const v of Object.values(p.dynamics.neurons.variables)) b += v.byteLength;
  return b;
}
