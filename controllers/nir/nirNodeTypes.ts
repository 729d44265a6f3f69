/**
 * The NIR node types spikeloop reads and writes, as data: for each parameter node, its datasets
 * (as nir/serialization.py reads them), which are optional and what they default to, and which
 * hold time constants (converted by the time unit, timeUnit.ts). Neuron and Delay parameters are
 * elementwise: all of a node's datasets have the node's shape.
 *
 * Input, Output, Flatten, Conv2d, SumPool2d, AvgPool2d and NIRGraph are structural (integer
 * fields beside arrays) and handled by the reader itself.
 */

/** How a missing optional dataset is filled (with the shape of the node's first dataset). */
export type NirDefault = 'zeros' | 'ones';

export interface NirParamTypeInfo {
  readonly required: readonly string[];
  readonly optional: Readonly<Record<string, NirDefault>>;
  /** Datasets in time units (seconds or milliseconds, see timeUnit.ts). */
  readonly times: readonly string[];
  /** Elementwise (neurons, Delay, Scale, Threshold) rather than a matrix (Affine, Linear). */
  readonly elementwise: boolean;
  /** Neuron nodes become populations; the others are wiring between them. */
  readonly role: 'neuron' | 'wiring';
}

export const NIR_PARAM_TYPES = {
  Affine: { required: ['weight', 'bias'], optional: {}, times: [], elementwise: false, role: 'wiring' },
  Linear: { required: ['weight'], optional: {}, times: [], elementwise: false, role: 'wiring' },
  Scale: { required: ['scale'], optional: {}, times: [], elementwise: true, role: 'wiring' },
  Delay: { required: ['delay'], optional: {}, times: ['delay'], elementwise: true, role: 'wiring' },
  LIF: { required: ['tau', 'r', 'v_leak', 'v_threshold'], optional: { v_reset: 'zeros' }, times: ['tau'], elementwise: true, role: 'neuron' },
  CubaLIF: {
    required: ['tau_syn', 'tau_mem', 'r', 'v_leak', 'v_threshold'],
    optional: { v_reset: 'zeros', w_in: 'ones' },
    times: ['tau_syn', 'tau_mem'],
    elementwise: true,
    role: 'neuron',
  },
  IF: { required: ['r', 'v_threshold'], optional: { v_reset: 'zeros' }, times: [], elementwise: true, role: 'neuron' },
  LI: { required: ['tau', 'r', 'v_leak'], optional: {}, times: ['tau'], elementwise: true, role: 'neuron' },
  CubaLI: { required: ['tau_syn', 'tau_mem', 'r', 'v_leak'], optional: { w_in: 'ones' }, times: ['tau_syn', 'tau_mem'], elementwise: true, role: 'neuron' },
  I: { required: ['r'], optional: {}, times: [], elementwise: true, role: 'neuron' },
  Threshold: { required: ['threshold'], optional: {}, times: [], elementwise: true, role: 'neuron' },
} as const satisfies Readonly<Record<string, NirParamTypeInfo>>;

export type NirParamType = keyof typeof NIR_PARAM_TYPES;
export const NIR_PARAM_TYPE_NAMES = Object.keys(NIR_PARAM_TYPES) as readonly NirParamType[];

/** Every type spikeloop imports, for error messages. */
export const NIR_SUPPORTED_TYPES: readonly string[] = ['Input', 'Output', 'Flatten', 'Conv2d', 'SumPool2d', 'AvgPool2d', 'NIRGraph', ...NIR_PARAM_TYPE_NAMES];

/** NIR's `I` integrator is also called `Integrator` in its documentation; files use `I`. */
const ALIASES: Readonly<Record<string, NirParamType>> = { Integrator: 'I' };

export function nirParamTypeOf(type: string): NirParamType | undefined {
  if (Object.hasOwn(NIR_PARAM_TYPES, type)) return type as NirParamType;
  return ALIASES[type];
}

export function isNeuronType(t: NirParamType): boolean {
  return NIR_PARAM_TYPES[t].role === 'neuron';
}
