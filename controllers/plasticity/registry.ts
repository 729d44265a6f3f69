/**
 * The plasticity rules a projection's `plasticity` can name, by kind. Adding a rule: one file
 * exporting its `PlasticityRuleDefinition` (spec type, zod fields, defaults, state, hooks) and
 * one entry below; the network schema, the spec type and `buildNetwork` follow from this list.
 * Homeostasis (synapticScaling.ts) implements the same hooks but has its own spec slot
 * (`homeostasis`), since it runs beside a learning rule rather than instead of it.
 */
import type { PlasticityRuleDefinition, RuleContext } from './plasticityRule.js';
import { RSTDP_RULE } from './rstdp.js';
import { STDP_RULE } from './stdp.js';
import { TRIPLET_STDP_RULE } from './tripletStdp.js';

export const PLASTICITY_RULES = [STDP_RULE, RSTDP_RULE, TRIPLET_STDP_RULE] as const;

type RuleSpec<D> = D extends { create(spec: infer Spec, ctx: RuleContext): unknown } ? Spec : never;

/**
 * Plasticity chosen per projection as a typed union (never a free string): 'none' or one of the
 * registered rules' specs. Unspecified fields take the rule's defaults.
 */
export type PlasticitySpec = { readonly kind: 'none' } | RuleSpec<(typeof PLASTICITY_RULES)[number]>;

export type PlasticityKind = (typeof PLASTICITY_RULES)[number]['kind'];

const BY_KIND: ReadonlyMap<string, PlasticityRuleDefinition> = new Map(PLASTICITY_RULES.map((d) => [d.kind, d as unknown as PlasticityRuleDefinition]));

/** The definition of a registered rule, or undefined. */
export function plasticityRule(kind: string): PlasticityRuleDefinition | undefined {
  return BY_KIND.get(kind);
}
