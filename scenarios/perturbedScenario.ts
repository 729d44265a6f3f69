/**
 * A body-change scenario: an existing scenario whose body is perturbed (scenarios/perturbations)
 * — same task, reward, time limit, controllers and training settings, a new versioned id. The
 * perturbation specs are fixed in the definition, so `drone-forest-mirrored-v1` always means the
 * same body; `--perturb` applies the same wrappers to any scenario at run time.
 */
import { applyPerturbations, parsePerturbations } from './perturbations/parsePerturbations.js';
import type { Scenario } from './scenario.js';

export interface PerturbedScenarioDefinition {
  readonly id: string;
  readonly summary: string;
  readonly base: Scenario;
  /** Perturbation specs, applied in order (first nearest the body). */
  readonly perturb: readonly string[];
}

export function perturbedScenario(d: PerturbedScenarioDefinition): Scenario & { readonly base: Scenario; readonly perturb: readonly string[] } {
  const where = (spec: string) => `scenario '${d.id}': perturbation '${spec}'`;
  // The syntax and names are checked here; the fit to the base body when a body is made (no
  // physics world is built at import: every CLI start would pay for it).
  parsePerturbations(d.perturb, { where });
  const { describeScene } = d.base;
  return {
    id: d.id,
    summary: d.summary,
    bodyKind: d.base.bodyKind,
    controlRate_Hz: d.base.controlRate_Hz,
    timeLimit_s: d.base.timeLimit_s,
    controllers: d.base.controllers,
    training: d.base.training,
    createBody: () => applyPerturbations(d.base.createBody(), d.perturb, { where }),
    // The base's task (with its time limit) judges the perturbed body: it finds the body's own
    // layer under the wrappers where it needs ground truth.
    createTask: (body, seed) => d.base.createTask(body, seed),
    ...(describeScene ? { describeScene: (seed: number) => describeScene.call(d.base, seed) } : {}),
    base: d.base,
    perturb: [...d.perturb],
  };
}
