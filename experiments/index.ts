/** Experiments from code: resolve a controller, run episode jobs on worker threads, train, evaluate. */
export * from './catalog.js';
export { catalog as defaultCatalog } from './defaultCatalog.js';
export * from './resolveController.js';
export type * from './episodeJob.js';
export { EpisodeRunner, copyParameters } from './episodeRunner.js';
export * from './episodePool.js';
export * from './batchUpdate.js';
export * from './parameterBounds.js';
export * from './curveCsv.js';
export * from './evalSummary.js';
export * from './evaluate.js';
export * from './trainingCheckpoint.js';
export * from './train.js';
export * from './report/index.js';
export * from './rewardControl.js';
export * from './learningSwitch.js';
export * from './innateGain.js';
export * from './stats/index.js';
// Body changes by spec string (`perturb` of train, evaluate and episode jobs).
export { parsePerturbations, applyPerturbations, PERTURBATIONS, registerPerturbation, findPerturbation, PerturbationError } from '../scenarios/perturbations/index.js';
export type { Perturbation, ParsedPerturbation } from '../scenarios/perturbations/index.js';
// Studies: many trainings across seeds, conditions and machines (spikeloop study, spikeloop worker).
export * from './study/index.js';
