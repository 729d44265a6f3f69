/**
 * The plasticity rules a projection's `plasticity` can name, by kind. Adding a rule: one file
 * exporting its `PlasticityRuleDefinition` (spec type, zod fields, defaults, state, hooks) and
 * one entry below; the network schema, the spec type and `buildNetwork` follow from this list.
 * Homeostasis (synapticScaling.ts) implements the same hooks but has its own spec slot
 * (`homeostasis`), since it runs beside a learning rule rather than instead of it.
 *
 * From outside the library (user code, examples/plasticity-rule.ts): `registerPlasticityRule`
 * adds a rule under a namespaced kind (`my/hebb`; built-in kinds have no '/'), which network
 * specs — TypeScript objects for `buildNetwork`, or JSON/YAML files — may then name.
 */
import type { PlasticityRuleDefinition, PlasticityRuleState, RuleContext } from './plasticityRule.js';
import { RSTDP_RULE } from './rstdp.js';
import { STDP_RULE } from './stdp.js';
import { TRIPLET_STDP_RULE } from './tripletStdp.js';

export const PLASTICITY_RULES = [STDP_RULE, RSTDP_RULE, TRIPLET_STDP_RULE] as const;

type RuleSpec<D> = D extends { create(spec: infer Spec, ctx: RuleContext): unknown } ? Spec : never;

/**
 * Plasticity chosen per projection as a typed union (never a free string): 'none' or one of the
 * registered rules' specs. Unspecified fields take the rule's defaults.
 */
export type PlasticitySpec = { readonly kind: 'none' } | RuleSpec<(typeof PLASTICITY_RULES)[number]> | CustomPlasticitySpec;

/** The kind of a rule registered at run time: namespaced, `my/hebb` (built-in kinds have no '/'). */
export type CustomPlasticityKind = `${string}/${string}`;

/** A spec naming a registered rule: its kind and the fields its definition declares. */
export interface CustomPlasticitySpec {
  readonly kind: CustomPlasticityKind;
  readonly [field: string]: unknown;
}

export type PlasticityKind = (typeof PLASTICITY_RULES)[number]['kind'];

// Built-in rules, then rules registered at run time. Module state on purpose (like Gymnasium's
// registry): registering is a program's set-up step; a kind, once registered, keeps its meaning.
const BY_KIND = new Map<string, PlasticityRuleDefinition>(PLASTICITY_RULES.map((d) => [d.kind, d as unknown as PlasticityRuleDefinition]));
const CUSTOM_KIND = /^[A-Za-z][A-Za-z0-9_.-]*\/[A-Za-z][A-Za-z0-9_.-]*$/;

/** The definition of a rule (built-in or registered), or undefined. */
export function plasticityRule(kind: string): PlasticityRuleDefinition | undefined {
  return BY_KIND.get(kind);
}

/** Every rule a spec may name: the built-in ones, then those registered, in registration order. */
export function allPlasticityRules(): readonly PlasticityRuleDefinition[] {
  return [...BY_KIND.values()];
}

/**
 * Registers a plasticity rule under a namespaced kind (`my/hebb`), so network specs can name it;
 * its `fields` become part of the network schema (JSON/YAML specs are checked against them).
 * Refuses a kind without a namespace and a taken kind.
 */
export function registerPlasticityRule<Spec extends { readonly kind: string }, S extends PlasticityRuleState>(def: PlasticityRuleDefinition<Spec, S>): void {
  if (typeof def.kind !== 'string' || !CUSTOM_KIND.test(def.kind)) {
    throw new RangeError(`registerPlasticityRule: kind ${JSON.stringify(def.kind)} must be namespaced, e.g. 'my/hebb' (letters, digits, _ . -; built-in kinds have no '/')`);
  }
  if (BY_KIND.has(def.kind)) throw new RangeError(`registerPlasticityRule: plasticity rule '${def.kind}' is already registered`);
  if ('kind' in def.fields) throw new RangeError(`registerPlasticityRule('${def.kind}'): fields must not declare 'kind' (the registry adds it)`);
  BY_KIND.set(def.kind, def as unknown as PlasticityRuleDefinition);
}
