/** Telemetry glue between controllers, scenarios and bridges/recording: spike sources, scene goals, MCAP episodes. */
export { NetworkSpikeSource, networkModulators } from './networkSpikeSource.js';
export { sceneGoal } from './sceneGoal.js';
export type { RecordEpisodeMcapOptions, RecordedEpisode } from './recordEpisodeMcap.js';
export { recordEpisodeMcap } from './recordEpisodeMcap.js';
