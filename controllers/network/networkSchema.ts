/**
 * The zod schema of a NetworkSpec (networkSpec.ts) for specs written as JSON or YAML. It mirrors
 * the TypeScript types exactly — a compile-time check below fails if they drift apart — and
 * checks everything that can be checked field by field: types, signs, integers, probabilities,
 * known keys (strict objects: a typo such as `tauplus_ms` is an error naming the valid keys).
 * Cross-references (population and modulator names, sizes against index lists, delays against
 * dt) are checked by `buildNetwork`, which knows the whole network.
 *
 * Each leaf carries its own "expected …" text; `specIssues.ts` adds where and what was found.
 */
import { z } from 'zod';
import { suggestName } from '../../loop/suggestName.js';
import { IZHIKEVICH_PRESET_NAMES } from '../neurons/izhikevich.js';
import { REFRACTORY_CONVENTIONS } from '../neurons/refractoryConvention.js';
import type { CustomNeuronSpec } from '../neurons/registry.js';
import { customNeuronKinds, customNeuronModel, NEURON_DEFAULTS, NEURON_KINDS } from '../neurons/registry.js';
import { allPlasticityRules } from '../plasticity/registry.js';
import type { PlasticitySpec } from '../plasticity/registry.js';
import type { NetworkSpec } from './networkSpec.js';
import { finite, index, name, nonNegative, positive, positiveInt, probability } from './specLeaves.js';

/**
 * A strict object whose unknown-key error names the valid keys (and the likely intended one),
 * and whose wrong-type error names what the object is.
 */
function strict<S extends z.core.$ZodLooseShape>(what: string, shape: S) {
  const valid = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') {
        const keys = iss.keys.map((k) => `'${k}'`).join(', ');
        const hint = iss.keys.length === 1 ? suggestName(iss.keys[0]!, valid) : undefined;
        return `unknown key${iss.keys.length > 1 ? 's' : ''} ${keys} in ${what}${hint ? ` (did you mean '${hint}'?)` : ''}; valid keys are: ${valid.join(', ')}`;
      }
      if (iss.code === 'invalid_type') return `expected ${what} (an object with keys ${valid.join(', ')})`;
      return undefined;
    },
  });
}

/** A union discriminated by `kind`, whose error lists the kinds. */
function kinds<const O extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(what: string, options: O) {
  return z.discriminatedUnion('kind', options, {
    error: (iss) => {
      if (iss.code === 'invalid_union' && 'options' in iss) {
        return `expected ${what} kind, one of ${(iss.options as unknown[]).map((o) => `'${String(o)}'`).join(', ')}`;
      }
      // Not an object at all (the issue's static type omits this case).
      if ((iss.code as string) === 'invalid_type') return `expected ${what} (an object with a 'kind')`;
      return undefined;
    },
  });
}

// ---- distributions ------------------------------------------------------------------------

const distributionObject = kinds('a distribution', [
  strict('a constant distribution', { kind: z.literal('constant'), value: finite() }),
  strict('a uniform distribution', { kind: z.literal('uniform'), low: finite(), high: finite() }),
  strict('a normal distribution', { kind: z.literal('normal'), mean: finite(), sd: nonNegative(), low: finite().optional(), high: finite().optional() }),
]);

/** A number (constant) or `{kind: constant | uniform | normal, …}`. */
export const distributionSchema = z.union([finite(), distributionObject], {
  error: 'expected a number or a distribution {kind: constant | uniform | normal, …}',
});

// ---- neurons ------------------------------------------------------------------------------

/** `{kind, params?}` for each model of a defaults table, plus per-kind extra fields. */
export type NeuronSpecOf<T extends object, X extends { [K in keyof T]?: object }> = {
  [K in keyof T & string]: { kind: K; params?: Partial<T[K]> } & (X[K] extends object ? X[K] : unknown);
}[keyof T & string];

/** Fields a kind has besides `kind` and `params`. */
const NEURON_EXTRA_FIELDS = {
  izhikevich: { preset: z.enum(IZHIKEVICH_PRESET_NAMES, { error: `expected an Izhikevich preset, one of ${IZHIKEVICH_PRESET_NAMES.join(', ')}` }).optional() },
} as const;
type NeuronExtras = { [K in keyof typeof NEURON_EXTRA_FIELDS]: z.infer<z.ZodObject<(typeof NEURON_EXTRA_FIELDS)[K]>> };

type NeuronSpecParsed = NeuronSpecOf<typeof NEURON_DEFAULTS, NeuronExtras> | { kind: CustomNeuronSpec['kind']; params?: Record<string, number> };

/**
 * The schema of a neuron spec, built from the registry's defaults: every kind it knows, and for
 * each kind exactly the parameter names of its defaults (all finite numbers). Models registered
 * at run time (registerNeuronModel) are included: the schema is rebuilt when their list grows.
 */
function neuronSpecSchema(): z.ZodType<NeuronSpecParsed> {
  const kindsNow = [...NEURON_KINDS, ...customNeuronKinds()];
  const options = kindsNow.map((kind) => {
    const params: Record<string, z.ZodType> = {};
    const defaults = (NEURON_DEFAULTS as Record<string, object>)[kind] ?? customNeuronModel(kind)!.defaults;
    for (const key of Object.keys(defaults)) params[key] = finite().optional();
    const extra: Record<string, z.ZodType> = (NEURON_EXTRA_FIELDS as Record<string, Record<string, z.ZodType>>)[kind] ?? {};
    return strict(`a '${kind}' neuron`, { kind: z.literal(kind), ...extra, params: strict(`'${kind}' parameters`, params).optional() });
  });
  // Built by a loop over the registry, so the static type is asserted here and checked against
  // NetworkSpec (which uses the registry's NeuronSpec) at the end of this file.
  return kinds('a neuron model', options as unknown as [z.core.$ZodTypeDiscriminable]) as unknown as z.ZodType<NeuronSpecParsed>;
}

/** Rebuilds a registry-derived schema only when the registry's list of kinds changed. */
function cachedBy<T>(key: () => string, build: () => T): () => T {
  let last: { key: string; value: T } | null = null;
  return () => {
    const k = key();
    if (last === null || last.key !== k) last = { key: k, value: build() };
    return last.value;
  };
}
const currentNeuronSchema = cachedBy(() => customNeuronKinds().join('\n'), neuronSpecSchema);

// ---- populations --------------------------------------------------------------------------

const sourceSchema = kinds('an input source', [
  strict('spike-times source', { kind: z.literal('spike-times'), times_ms: z.array(z.array(nonNegative(), { error: 'expected a list of spike times in ms' }), { error: 'expected one list of spike times (ms) per neuron' }) }),
  strict('poisson source', { kind: z.literal('poisson'), rate_Hz: z.union([nonNegative(), z.array(nonNegative())], { error: 'expected a rate ≥ 0 Hz or one rate per neuron' }) }),
  strict('external source', { kind: z.literal('external') }),
]);

const neuronPopulation = strict('a neuron population', {
  name: name(),
  size: positiveInt(),
  neuron: z.lazy(currentNeuronSchema),
  init: z.record(z.string(), distributionSchema, { error: 'expected initial values by state variable name' }).optional(),
});
const sourcePopulation = strict('a source population', { name: name(), size: positiveInt(), source: sourceSchema });
const populationSchema = z.union([neuronPopulation, sourcePopulation], {
  error: "expected a population: {name, size, neuron: {kind, params?}} or {name, size, source: {kind, …}}",
});

// ---- projections --------------------------------------------------------------------------

const connectivitySchema = kinds('a connectivity', [
  strict('all-to-all connectivity', { kind: z.literal('all-to-all'), allowSelf: z.boolean().optional() }),
  strict('one-to-one connectivity', { kind: z.literal('one-to-one') }),
  strict('fixed-probability connectivity', { kind: z.literal('fixed-probability'), p: probability(), allowSelf: z.boolean().optional() }),
  strict('fixed-in-degree connectivity', { kind: z.literal('fixed-in-degree'), k: index(), allowSelf: z.boolean().optional() }),
  strict('fixed-out-degree connectivity', { kind: z.literal('fixed-out-degree'), k: index(), allowSelf: z.boolean().optional() }),
  strict('list connectivity', { kind: z.literal('list'), pairs: z.array(z.tuple([index(), index()], { error: 'expected a [pre, post] index pair' })) }),
]);

/**
 * Built from the plasticity registry: 'none' plus each registered rule with its own fields, so a
 * new rule is validated here without an edit. The static type is asserted (as for neuron models)
 * and checked against NetworkSpec at the end of this file.
 */
function plasticitySpecSchema(): z.ZodType<PlasticitySpec> {
  const options = [
    strict("plasticity 'none'", { kind: z.literal('none') }),
    ...allPlasticityRules().map((d) => strict(`plasticity '${d.kind}'`, { kind: z.literal(d.kind), ...d.fields })),
  ];
  return kinds('a plasticity rule', options as unknown as [z.core.$ZodTypeDiscriminable]) as unknown as z.ZodType<PlasticitySpec>;
}
// Rules registered at run time (registerPlasticityRule) are included: rebuilt when the list grows.
const plasticitySchema = z.lazy(cachedBy(() => allPlasticityRules().map((d) => d.kind).join('\n'), plasticitySpecSchema));

const homeostasisSchema = strict('homeostasis', {
  kind: z.literal('synaptic-scaling'),
  targetRate_Hz: positive(),
  tauRate_ms: positive().optional(),
  interval_ms: positive().optional(),
  gain: nonNegative().optional(),
  wMin: finite().optional(),
  wMax: finite().optional(),
});

const projectionSchema = strict('a projection', {
  name: name().optional(),
  pre: name(),
  post: name(),
  target: z.enum(['exc', 'inh']).optional(),
  connectivity: connectivitySchema,
  weight: distributionSchema,
  weights: z.array(finite()).optional(),
  delay_ms: distributionSchema.optional(),
  delays_ms: z.array(nonNegative(), { error: 'expected a list of delays in ms, one per pair' }).optional(),
  plasticity: plasticitySchema.optional(),
  homeostasis: homeostasisSchema.optional(),
  origin: strict('a projection origin', {
    format: z.string(),
    nodes: z.array(z.record(z.string(), z.unknown())),
    preShape: z.array(z.number().int().min(0)).optional(),
    postShape: z.array(z.number().int().min(0)).optional(),
  }).optional(),
});

// ---- modulators and the network ------------------------------------------------------------

const baselineSchema = kinds('a reward baseline', [
  strict("baseline 'none'", { kind: z.literal('none') }),
  strict("baseline 'running-average'", { kind: z.literal('running-average'), tau_ms: positive() }),
]);

const modulatorSchema = strict('a modulator', { name: name(), tau_ms: positive().optional(), tonic: finite().optional(), baseline: baselineSchema.optional() });

export const networkSpecSchema = strict('a network', {
  dt_ms: positive().optional(),
  refractory: z.enum(REFRACTORY_CONVENTIONS, { error: `expected a refractory convention, one of ${REFRACTORY_CONVENTIONS.join(', ')}` }).optional(),
  populations: z.array(populationSchema, { error: 'expected a list of populations' }).min(1, { error: 'expected at least one population' }),
  projections: z.array(projectionSchema, { error: 'expected a list of projections' }).optional(),
  modulators: z.array(modulatorSchema, { error: 'expected a list of modulators' }).optional(),
});

// ---- the schema and the TypeScript types agree ----------------------------------------------

type Parsed = z.infer<typeof networkSpecSchema>;
// Homomorphic on arrays and tuples too, so `readonly [number, number]` stays a pair.
type DeepMutable<T> = T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
// Everything the schema accepts is a NetworkSpec …
const parsedIsSpec = (x: Parsed): NetworkSpec => x;
// … and every NetworkSpec (readonly aside) is something the schema's type describes.
const specIsParsed = (x: DeepMutable<NetworkSpec>): Parsed => x;
void parsedIsSpec;
void specIsParsed;
