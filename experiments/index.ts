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
