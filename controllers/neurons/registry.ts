/**
 * The neuron models by kind: the typed union a network spec uses to name a model, the defaults
 * partial parameters are merged over, and the lookup from a kind to its `NeuronModel`.
 *
 * Adding a model: one file with its params/state/step/model, then one entry in each of the maps
 * below (`NeuronParamsByKind`, `NeuronStateByKind`, `NEURON_DEFAULTS`, `NEURON_MODELS`,
 * `NEURON_VALIDATORS`); the mapped types make the compiler list any map that misses it.
 *
 * From outside the library (user code, examples/neuron-model.ts): `registerNeuronModel` adds a
 * model under a namespaced kind (`my/qif`; built-in kinds have no '/'), which network specs
 * passed to `buildNetwork` may then name like any built-in kind.
 */
import type { NeuronModel } from './model.js';
import type { LifParams, LifState } from './lif.js';
import { LIF_DEFAULTS, lifModel, validateLifParams } from './lif.js';
import type { CobaLifParams, CobaLifState } from './cobaLif.js';
import { COBA_LIF_DEFAULTS, cobaLifModel, validateCobaLifParams } from './cobaLif.js';
import type { AdaptiveLifParams, AdaptiveLifState } from './adaptiveLif.js';
import { ADAPTIVE_LIF_DEFAULTS, adaptiveLifModel, validateAdaptiveLifParams } from './adaptiveLif.js';
import type { IzhikevichParams, IzhikevichPresetName, IzhikevichState } from './izhikevich.js';
import type { NirLifParams, NirLifState } from './nirLif.js';
import { NIR_LIF_DEFAULTS, nirLifModel, validateNirLifParams } from './nirLif.js';
import type { NirCubaLifParams, NirCubaLifState } from './nirCubaLif.js';
import { NIR_CUBA_LIF_DEFAULTS, nirCubaLifModel, validateNirCubaLifParams } from './nirCubaLif.js';
import type { NirIfParams, NirIfState } from './nirIf.js';
import { NIR_IF_DEFAULTS, nirIfModel, validateNirIfParams } from './nirIf.js';
import type { NirLiParams, NirLiState } from './nirLi.js';
import { NIR_LI_DEFAULTS, nirLiModel, validateNirLiParams } from './nirLi.js';
import type { NirCubaLiParams, NirCubaLiState } from './nirCubaLi.js';
import { NIR_CUBA_LI_DEFAULTS, nirCubaLiModel, validateNirCubaLiParams } from './nirCubaLi.js';
import type { NirIParams, NirIState } from './nirI.js';
import { NIR_I_DEFAULTS, nirIModel, validateNirIParams } from './nirI.js';
import type { NirThresholdParams, NirThresholdState } from './nirThreshold.js';
import { NIR_THRESHOLD_DEFAULTS, nirThresholdModel, validateNirThresholdParams } from './nirThreshold.js';
import {
  IZHIKEVICH_DEFAULTS,
  IZHIKEVICH_PRESETS,
  IZHIKEVICH_PRESET_NAMES,
  izhikevichModel,
  validateIzhikevichParams,
} from './izhikevich.js';

/**
 * Every neuron kind, in a stable order (for error messages and spec validators). The `nir-*`
 * kinds are the dimensionless NIR neurons, integrated by forward Euler (nirEuler.ts), that
 * imported NIR graphs run on.
 */
export const NEURON_KINDS = [
  'lif',
  'coba-lif',
  'adaptive-lif',
  'izhikevich',
  'nir-lif',
  'nir-cuba-lif',
  'nir-if',
  'nir-li',
  'nir-cuba-li',
  'nir-i',
  'nir-threshold',
] as const;
export type NeuronKind = (typeof NEURON_KINDS)[number];

export interface NeuronParamsByKind {
  lif: LifParams;
  'coba-lif': CobaLifParams;
  'adaptive-lif': AdaptiveLifParams;
  izhikevich: IzhikevichParams;
  'nir-lif': NirLifParams;
  'nir-cuba-lif': NirCubaLifParams;
  'nir-if': NirIfParams;
  'nir-li': NirLiParams;
  'nir-cuba-li': NirCubaLiParams;
  'nir-i': NirIParams;
  'nir-threshold': NirThresholdParams;
}

export interface NeuronStateByKind {
  lif: LifState;
  'coba-lif': CobaLifState;
  'adaptive-lif': AdaptiveLifState;
  izhikevich: IzhikevichState;
  'nir-lif': NirLifState;
  'nir-cuba-lif': NirCubaLifState;
  'nir-if': NirIfState;
  'nir-li': NirLiState;
  'nir-cuba-li': NirCubaLiState;
  'nir-i': NirIState;
  'nir-threshold': NirThresholdState;
}

export type NeuronModelOf<K extends NeuronKind> = NeuronModel<NeuronParamsByKind[K], NeuronStateByKind[K]>;

/**
 * A neuron model as written in a network spec: the kind and any parameters that differ from
 * its defaults. Izhikevich neurons may start from one of the paper's named presets.
 */
export type NeuronSpec =
  | { readonly kind: 'lif'; readonly params?: Partial<LifParams> }
  | { readonly kind: 'coba-lif'; readonly params?: Partial<CobaLifParams> }
  | { readonly kind: 'adaptive-lif'; readonly params?: Partial<AdaptiveLifParams> }
  | { readonly kind: 'izhikevich'; readonly preset?: IzhikevichPresetName; readonly params?: Partial<IzhikevichParams> }
  | { readonly kind: 'nir-lif'; readonly params?: Partial<NirLifParams> }
  | { readonly kind: 'nir-cuba-lif'; readonly params?: Partial<NirCubaLifParams> }
  | { readonly kind: 'nir-if'; readonly params?: Partial<NirIfParams> }
  | { readonly kind: 'nir-li'; readonly params?: Partial<NirLiParams> }
  | { readonly kind: 'nir-cuba-li'; readonly params?: Partial<NirCubaLiParams> }
  | { readonly kind: 'nir-i'; readonly params?: Partial<NirIParams> }
  | { readonly kind: 'nir-threshold'; readonly params?: Partial<NirThresholdParams> }
  | CustomNeuronSpec;

/** The kind of a model registered at run time: namespaced, `my/qif` (built-in kinds have no '/'). */
export type CustomNeuronKind = `${string}/${string}`;

/** A spec naming a registered model; `params` override its defaults (checked when it is built). */
export interface CustomNeuronSpec {
  readonly kind: CustomNeuronKind;
  readonly params?: Readonly<Record<string, number>>;
}

/** A model as `registerNeuronModel` takes it: its kind, default parameters, step functions and check. */
export interface NeuronModelDefinition<P extends object, S> {
  readonly kind: CustomNeuronKind;
  /** Complete parameters; a spec's `params` may override any of these names and no others. */
  readonly defaults: P;
  readonly model: NeuronModel<P, S>;
  /** Throws a RangeError naming the bad parameter. */
  readonly validate?: (p: P) => void;
}

// The run-time registry. Module state on purpose (like Gymnasium's registry): registering is a
// program's set-up step; a kind, once registered, keeps its meaning for the process.
const CUSTOM_MODELS = new Map<string, NeuronModelDefinition<object, unknown>>();
const CUSTOM_KIND = /^[A-Za-z][A-Za-z0-9_.-]*\/[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * Registers a neuron model under a namespaced kind (`my/qif`), so network specs can name it.
 * Refuses a kind without a namespace, a taken kind, and defaults its own check rejects.
 */
export function registerNeuronModel<P extends object, S>(def: NeuronModelDefinition<P, S>): void {
  if (typeof def.kind !== 'string' || !CUSTOM_KIND.test(def.kind)) {
    throw new RangeError(`registerNeuronModel: kind ${JSON.stringify(def.kind)} must be namespaced, e.g. 'my/qif' (letters, digits, _ . -; built-in kinds have no '/')`);
  }
  if (CUSTOM_MODELS.has(def.kind)) throw new RangeError(`registerNeuronModel: neuron kind '${def.kind}' is already registered`);
  for (const [name, value] of Object.entries(def.defaults)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`registerNeuronModel('${def.kind}'): defaults.${name}: expected a finite number, got ${JSON.stringify(value)}`);
  }
  def.validate?.(def.defaults);
  CUSTOM_MODELS.set(def.kind, def as unknown as NeuronModelDefinition<object, unknown>);
}

/** The registered (run-time) model of a kind, or undefined. */
export function customNeuronModel(kind: string): NeuronModelDefinition<object, unknown> | undefined {
  return CUSTOM_MODELS.get(kind);
}

/** Every kind registered at run time, in registration order. */
export function customNeuronKinds(): readonly string[] {
  return [...CUSTOM_MODELS.keys()];
}

/**
 * A registered model's spec with its parameters merged over the defaults and checked, like
 * `resolveNeuronSpec` does for built-in kinds.
 */
export function resolveCustomNeuronSpec(spec: CustomNeuronSpec, where = 'neuron'): { readonly definition: NeuronModelDefinition<object, unknown>; readonly params: object } {
  const definition = CUSTOM_MODELS.get(spec.kind);
  if (definition === undefined) throw unknownKind(spec.kind, where);
  const base = definition.defaults;
  const params = mergeParams(base, spec.params ?? {}, spec.kind, where);
  try {
    definition.validate?.(params);
  } catch (e) {
    if (e instanceof RangeError) throw new RangeError(`${where}.params: ${e.message}`);
    throw e;
  }
  return { definition, params };
}

function mergeParams(base: object, params: unknown, kind: string, where: string): object {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new TypeError(`${where}.params: expected an object of ${kind} parameters, got ${JSON.stringify(params)}`);
  }
  const known = Object.keys(base);
  for (const [name, value] of Object.entries(params)) {
    if (!known.includes(name)) {
      throw new RangeError(`${where}.params.${name}: unknown parameter for neuron kind '${kind}'; expected one of ${known.join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TypeError(`${where}.params.${name}: expected a finite number, got ${JSON.stringify(value)}`);
    }
  }
  return { ...base, ...params };
}

/**
 * A neuron spec with complete, validated parameters. Generic over the kind so a caller can keep
 * the model and its params correlated: `neuronModelFor(r).create(r.params, n, dt)` type-checks
 * for `r: ResolvedNeuronSpec<K>`.
 */
export type ResolvedNeuronSpec<K extends NeuronKind = NeuronKind> = {
  [P in K]: { readonly kind: P; readonly params: NeuronParamsByKind[P] };
}[K];

/** Each kind's default parameters. */
export const NEURON_DEFAULTS: { readonly [K in NeuronKind]: NeuronParamsByKind[K] } = {
  lif: LIF_DEFAULTS,
  'coba-lif': COBA_LIF_DEFAULTS,
  'adaptive-lif': ADAPTIVE_LIF_DEFAULTS,
  izhikevich: IZHIKEVICH_DEFAULTS,
  'nir-lif': NIR_LIF_DEFAULTS,
  'nir-cuba-lif': NIR_CUBA_LIF_DEFAULTS,
  'nir-if': NIR_IF_DEFAULTS,
  'nir-li': NIR_LI_DEFAULTS,
  'nir-cuba-li': NIR_CUBA_LI_DEFAULTS,
  'nir-i': NIR_I_DEFAULTS,
  'nir-threshold': NIR_THRESHOLD_DEFAULTS,
};

/** Each kind's model. The mapped type makes the map exhaustive over `NeuronKind`. */
export const NEURON_MODELS: { readonly [K in NeuronKind]: NeuronModelOf<K> } = {
  lif: lifModel,
  'coba-lif': cobaLifModel,
  'adaptive-lif': adaptiveLifModel,
  izhikevich: izhikevichModel,
  'nir-lif': nirLifModel,
  'nir-cuba-lif': nirCubaLifModel,
  'nir-if': nirIfModel,
  'nir-li': nirLiModel,
  'nir-cuba-li': nirCubaLiModel,
  'nir-i': nirIModel,
  'nir-threshold': nirThresholdModel,
};

/** Each kind's parameter check (throws a RangeError naming the parameter). */
export const NEURON_VALIDATORS: { readonly [K in NeuronKind]: (p: NeuronParamsByKind[K]) => void } = {
  lif: (p) => validateLifParams(p),
  'coba-lif': validateCobaLifParams,
  'adaptive-lif': validateAdaptiveLifParams,
  izhikevich: validateIzhikevichParams,
  'nir-lif': validateNirLifParams,
  'nir-cuba-lif': validateNirCubaLifParams,
  'nir-if': validateNirIfParams,
  'nir-li': validateNirLiParams,
  'nir-cuba-li': validateNirCubaLiParams,
  'nir-i': validateNirIParams,
  'nir-threshold': validateNirThresholdParams,
};

export function isNeuronKind(kind: unknown): kind is NeuronKind {
  return typeof kind === 'string' && (NEURON_KINDS as readonly string[]).includes(kind);
}

function unknownKind(kind: unknown, where: string): RangeError {
  return new RangeError(`${where}.kind: unknown neuron kind ${JSON.stringify(kind)}; expected one of ${[...NEURON_KINDS, ...CUSTOM_MODELS.keys()].join(', ')}`);
}

/** The model of a spec's kind (throws a RangeError for an unknown kind from untyped input). */
export function neuronModelFor<K extends NeuronKind>(spec: { readonly kind: K }): NeuronModelOf<K> {
  if (!isNeuronKind(spec.kind)) throw unknownKind(spec.kind, 'neuron');
  return NEURON_MODELS[spec.kind];
}

/**
 * Merges a spec's partial params over the kind's defaults (over the named preset first, for
 * Izhikevich) and validates the result. `where` locates the spec in error messages, e.g.
 * `populations.exc.neuron`. Rejects unknown kinds, unknown parameter names (a misspelt
 * `tauMem` would otherwise be silently ignored), unknown presets and invalid values.
 */
export function resolveNeuronSpec(spec: NeuronSpec, where = 'neuron'): ResolvedNeuronSpec {
  if (typeof spec !== 'object' || spec === null) {
    throw new TypeError(`${where}: expected a neuron spec object { kind, params? }, got ${String(spec)}`);
  }
  const kind = spec.kind;
  if (!isNeuronKind(kind)) {
    if (typeof kind === 'string' && CUSTOM_MODELS.has(kind)) {
      throw new RangeError(`${where}.kind: '${kind}' is a registered model, which networks built by buildNetwork run; this tool knows only the built-in kinds (${NEURON_KINDS.join(', ')})`);
    }
    throw unknownKind(kind, where);
  }
  let base: object = NEURON_DEFAULTS[kind];
  if (spec.kind === 'izhikevich' && spec.preset !== undefined) {
    if (!(IZHIKEVICH_PRESET_NAMES as readonly string[]).includes(spec.preset)) {
      throw new RangeError(
        `${where}.preset: unknown Izhikevich preset ${JSON.stringify(spec.preset)}; expected one of ${IZHIKEVICH_PRESET_NAMES.join(', ')}`,
      );
    }
    base = IZHIKEVICH_PRESETS[spec.preset];
  }
  const merged = mergeParams(base, spec.params ?? {}, kind, where);
  try {
    (NEURON_VALIDATORS[kind] as (p: object) => void)(merged);
  } catch (e) {
    if (e instanceof RangeError) throw new RangeError(`${where}.params: ${e.message}`);
    throw e;
  }
  return { kind, params: merged } as ResolvedNeuronSpec;
}

/** Names of a kind's probe-able state variables (e.g. `v_mV`), without building a population. */
export function neuronVariableNames(kind: NeuronKind): readonly string[] {
  const model: NeuronModel<unknown, unknown> = neuronModelFor({ kind });
  return Object.keys(model.variables(model.create(NEURON_DEFAULTS[kind], 0, 1)));
}
