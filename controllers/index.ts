/** The spiking engine's public surface: neuron models, networks, plasticity, coding, monitors, persistence, metrics, hardware models, NIR. */
export * from './neurons/index.js';
export * from './network/index.js';
export * from './plasticity/index.js';
export * from './coding/index.js';
export * from './monitors/index.js';
export * from './persistence/index.js';
export * from './metrics/index.js';
export * from './hardware/index.js';
export * from './nir/index.js';
