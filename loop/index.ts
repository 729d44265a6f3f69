export * from './channels.js';
export type { Body } from './body.js';
export type { Controller, ControllerActivity } from './controller.js';
export type { Task, EpisodeStatus, RewardBreakdown } from './task.js';
export { Rng, hashString32 } from './rng.js';
export * from './controlTick.js';
export * from './runEpisode.js';
export * from './episodeSeeds.js';
