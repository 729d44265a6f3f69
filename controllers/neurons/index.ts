/** Neuron models: the contract, each model's params/state/step, and the registry by kind. */
export * from './model.js';
export * from './lif.js';
export * from './cobaLif.js';
export * from './adaptiveLif.js';
export * from './izhikevich.js';
export * from './nirEuler.js';
export * from './nirLif.js';
export * from './nirCubaLif.js';
export * from './nirIf.js';
export * from './nirLi.js';
export * from './nirCubaLi.js';
export * from './nirI.js';
export * from './nirThreshold.js';
export * from './registry.js';
