/** Neuron models: the contract, each model's params/state/step, and the registry by kind. */
export * from './model.js';
export * from './lif.js';
export * from './cobaLif.js';
export * from './adaptiveLif.js';
export * from './izhikevich.js';
export * from './registry.js';
