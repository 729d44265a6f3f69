export * from './spikeRecorder.js';
export * from './stateProbe.js';
export * from './counters.js';
