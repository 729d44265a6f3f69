/**
 * What spikeloop records in NIR metadata when it exports a network, and reads back on import.
 *
 * NIR graphs must be complete without metadata (the NIR documentation: "no backend should rely
 * on this metadata"), and spikeloop's are: every dynamic a NIR primitive can express is in the
 * datasets. The metadata adds what NIR has no primitive for — a refractory period, the
 * capacitance behind r = τ/C, Poisson and spike-time sources, initial-state distributions, which
 * input (excitatory or inhibitory) a projection drives, the SNN step — so that spikeloop can
 * rebuild the exact same network. Other tools ignore it. On import it is used only when it
 * agrees with the datasets (a file edited after export falls back to the datasets, with a
 * warning).
 */
import type { InputSourceSpec } from '../network/inputSource.js';
import type { NeuronSpec } from '../neurons/registry.js';
import type { Distribution } from '../network/distribution.js';
import type { NirMetadata } from './nirGraph.js';

export const SPIKELOOP_META = {
  /** Graph: 'spikeloop' when spikeloop wrote the file. */
  generator: 'generator',
  /** Graph: the unit of time constants and delays ('s' or 'ms'). */
  timeUnit: 'time_unit',
  /** Graph: the SNN step the weights were written for, in the time unit. */
  dt: 'dt',
  /**
   * Graph: how refractory periods were counted ('spikeloop' = 'nest', or 'brian2';
   * refractoryConvention.ts), restored with the periods themselves.
   */
  refractory: 'refractory_convention',
  /** Graph: how the exporter's neurons integrate ('exact' or 'euler'). */
  discretisation: 'discretisation',
  /** Neuron node: the population's neuron spec as JSON ({kind, params}). */
  neuron: 'spikeloop_neuron',
  /** Neuron node: the population's initial-state distributions as JSON. */
  init: 'spikeloop_init',
  /** Input node: the source population's spec as JSON. */
  source: 'spikeloop_source',
  /** Affine node: the projection's name. */
  projection: 'spikeloop_projection',
  /** Affine node: 'exc' or 'inh', the input of the post model it drives. */
  target: 'spikeloop_target',
} as const;

export function metaString(m: NirMetadata, key: string): string | undefined {
  const v = m[key];
  return typeof v === 'string' ? v : undefined;
}

export function metaNumber(m: NirMetadata, key: string): number | undefined {
  const v = m[key];
  return typeof v === 'number' ? v : undefined;
}

/** Parsed JSON metadata, or undefined when absent or not JSON. */
export function metaJson(m: NirMetadata, key: string): unknown {
  const s = metaString(m, key);
  if (s === undefined) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

export function metaNeuron(m: NirMetadata): NeuronSpec | undefined {
  const v = metaJson(m, SPIKELOOP_META.neuron);
  return v !== null && typeof v === 'object' && typeof (v as { kind?: unknown }).kind === 'string' ? (v as NeuronSpec) : undefined;
}

export function metaSource(m: NirMetadata): InputSourceSpec | undefined {
  const v = metaJson(m, SPIKELOOP_META.source);
  return v !== null && typeof v === 'object' && typeof (v as { kind?: unknown }).kind === 'string' ? (v as InputSourceSpec) : undefined;
}

export function metaInit(m: NirMetadata): Readonly<Record<string, Distribution>> | undefined {
  const v = metaJson(m, SPIKELOOP_META.init);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Distribution>) : undefined;
}
