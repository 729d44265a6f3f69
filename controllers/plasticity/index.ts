export * from './stdpParams.js';
export * from './stdpTraces.js';
export * from './stdp.js';
export * from './rstdp.js';
export * from './modulator.js';
export * from './plasticitySpec.js';
export * from './synapticScaling.js';
