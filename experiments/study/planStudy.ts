/**
 * A study file → its runs, every name checked before anything runs: unknown scenarios and
 * controllers, controllers that do not fit a scenario's body, duplicate condition names,
 * perturbations that do not exist or do not fit a scenario's body, unknown metrics — each a
 * SpecError at the key's line and column in the file.
 *
 * Runs are: for each scenario × controller × condition × training seed, one 'train' run; and
 * with `evaluation.baseline`, one 'baseline' run per scenario. Controller files are resolved
 * relative to the study file and carried by their text.
 */
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { ExperimentCatalog } from '../catalog.js';
import { presetIn } from '../catalog.js';
import { resolveController } from '../resolveController.js';
import { locateIssues, readText } from '../../loop/specFile.js';
import type { SpecIssue } from '../../loop/specIssues.js';
import { formatPath, SpecError } from '../../loop/specIssues.js';
import { readStudySpec, trainingSeeds } from './studySpec.js';
import type { StudySpec } from './studySpec.js';
import type { StudyCondition } from './studyConditions.js';
import { studyConditions } from './studyConditions.js';
import { parsePerturbations } from '../../scenarios/perturbations/parsePerturbations.js';
import type { ControllerRef, StudyRun, StudyRunSpec } from './studyRun.js';
import { STUDY_RUN_FORMAT, STUDY_RUN_VERSION } from './studyRun.js';
import { runHash } from './runHash.js';
import type { RuntimeIdentity } from './runtimeIdentity.js';
import { runtimeIdentity } from './runtimeIdentity.js';
import { STUDY_METRICS } from './studyMetrics.js';

export interface StudyPlan {
  readonly file: string;
  readonly spec: StudySpec;
  readonly conditions: readonly StudyCondition[];
  readonly runs: readonly StudyRun[];
}

export interface PlanOptions {
  readonly catalog: ExperimentCatalog;
  /** @default this process */
  readonly identity?: RuntimeIdentity;
}

export async function planStudy(file: string, o: PlanOptions): Promise<StudyPlan> {
  const spec = readStudySpec(file);
  const issues: SpecIssue[] = [];
  const issue = (keys: readonly PropertyKey[], message: string) => {
    // A grid repeats an axis value in many conditions: one issue per place in the file.
    if (!issues.some((i) => i.path === formatPath(keys) && i.message === message)) issues.push({ path: formatPath(keys), keys, message });
  };
  const conditions = studyConditions(spec);
  const here = dirname(file);

  const scenarios = spec.scenarios.flatMap((id, i) => {
    const s = o.catalog.scenarios.find((x) => x.id === id);
    if (!s) issue(['scenarios', i], `unknown scenario '${id}'; scenarios are: ${o.catalog.scenarios.map((x) => x.id).join(', ')}`);
    return s ? [s] : [];
  });

  const seen = new Map<string, number>();
  conditions.forEach((c, i) => {
    if (seen.has(c.name)) issue(c.at.self, `condition '${c.name}' is named twice (conditions ${seen.get(c.name)! + 1} and ${i + 1})`);
    seen.set(c.name, i);
    // Perturbations are checked on a body of every scenario (channels, sizes, ranges).
    for (const s of c.perturb.length > 0 ? scenarios : []) {
      const body = s.createBody();
      try {
        parsePerturbations(c.perturb, { body, where: (spec) => `perturbation '${spec}' on scenario '${s.id}'` });
      } catch (e) {
        issue(c.at.perturb ?? c.at.self, e instanceof Error ? e.message : String(e));
        break;
      } finally {
        body.close?.();
      }
    }
  });

  spec.metrics.forEach((m, i) => {
    if (!STUDY_METRICS.includes(m) && !m.startsWith('metrics.')) issue(['metrics', i], `unknown metric '${m}'; metrics are: ${STUDY_METRICS.join(', ')}, or metrics.<name> (a scenario's own metric)`);
  });

  // Controllers: named once per study, checked against every scenario.
  const refs = new Map<string, ControllerRef>();
  const checkController = (name: string, keys: readonly PropertyKey[]): ControllerRef | null => {
    const known = refs.get(name);
    if (known) return known;
    let ref: ControllerRef;
    if (presetIn(o.catalog, name)) ref = { name, file: null };
    else {
      const path = isAbsolute(name) ? name : resolve(here, name);
      if (!existsSync(path)) {
        issue(keys, `unknown controller '${name}': not a preset (presets are: ${o.catalog.presets.map((p) => p.id).join(', ')}), and no file ${path}`);
        return null;
      }
      ref = { name, file: { basename: basename(path), text: readText(path) } };
    }
    for (const s of scenarios) {
      try {
        resolveController(ref.file ? resolve(here, name) : name, s, 0, { catalog: o.catalog });
      } catch (e) {
        issue(keys, `controller '${name}' does not fit scenario '${s.id}': ${e instanceof Error ? e.message : String(e)}`);
        return null;
      }
    }
    refs.set(name, ref);
    return ref;
  };
  const controllers = (spec.controllers ?? [null]).map((c, i) => (c === null ? null : checkController(c, ['controllers', i])));
  const conditionControllers = conditions.map((c) => (c.overrides.controller !== undefined ? checkController(c.overrides.controller, [...(c.at.overrides ?? c.at.self), 'controller']) : undefined));

  if (issues.length > 0) throw new SpecError(file, locateIssues(issues, readText(file)));

  const id = o.identity ?? runtimeIdentity();
  const runs: StudyRun[] = [];
  const seeds = trainingSeeds(spec);
  const evaluation = { seed: spec.evaluation.seed, episodes: spec.evaluation.episodes };
  for (const s of scenarios) {
    if (spec.evaluation.baseline) {
      const b: StudyRunSpec = { format: STUDY_RUN_FORMAT, version: STUDY_RUN_VERSION, kind: 'baseline', study: spec.study, scenario: s.id, controller: { name: s.controllers.baseline, file: null }, condition: 'baseline', control: null, perturb: [], seed: null, training: null, evaluation, ...id };
      runs.push({ hash: runHash(b), spec: b, conditionIndex: -1 });
    }
    for (const c of controllers) {
      conditions.forEach((cond, ci) => {
        const controller = conditionControllers[ci] ?? c;
        for (const seed of seeds) {
          const r: StudyRunSpec = {
            format: STUDY_RUN_FORMAT,
            version: STUDY_RUN_VERSION,
            kind: 'train',
            study: spec.study,
            scenario: s.id,
            controller,
            condition: cond.name,
            control: cond.control,
            perturb: cond.perturb,
            seed,
            training: {
              episodes: cond.overrides.episodes ?? spec.training.episodes,
              validate_every: cond.overrides.validate_every ?? spec.training.validate_every ?? null,
              validate_episodes: cond.overrides.validate_episodes ?? spec.training.validate_episodes ?? null,
            },
            evaluation,
            ...id,
          };
          runs.push({ hash: runHash(r), spec: r, conditionIndex: ci });
        }
      });
    }
  }
  // The same run named twice (e.g. a controller listed twice) runs once.
  const unique = [...new Map(runs.map((r) => [r.hash, r])).values()];
  return { file, spec, conditions, runs: unique };
}
