/** Telemetry glue between controllers, scenarios and bridges/recording: spike sources, MCAP episodes. */
export { NetworkSpikeSource, networkModulators } from './networkSpikeSource.js';
export type { RecordEpisodeMcapOptions, RecordedEpisode } from './recordEpisodeMcap.js';
export { recordEpisodeMcap } from './recordEpisodeMcap.js';
