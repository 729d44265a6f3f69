export * from './synapticCounters.js';
export * from './percentiles.js';
export * from './networkStructure.js';
export * from './networkFootprint.js';
export * from './energyEstimate.js';
export * from './latencyTracker.js';
export * from './episodeNeuroMetrics.js';
export * from './neuroSummary.js';
