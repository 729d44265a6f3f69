/**
 * NIR interop (Neuromorphic Intermediate Representation, neuromorphs/NIR): read and write NIR
 * HDF5 graphs, import a graph as a network spec or a controller, export a network or a trained
 * controller.
 */
export * from './nirGraph.js';
export * from './nirNodeTypes.js';
export * from './timeUnit.js';
export * from './readNir.js';
export * from './writeNir.js';
export * from './flattenGraph.js';
export * from './linearMap.js';
export { NIR_MAX_EXPANDED_SYNAPSES, conv2dTaps, pool2dTaps, applyTapsDense } from './conv2d.js';
export type { Taps } from './conv2d.js';
export * from './projectionOrigin.js';
export * from './spikeloopMetadata.js';
export * from './neuronFromNir.js';
export * from './neuronToNir.js';
export * from './wiring.js';
export * from './neuronGroups.js';
export * from './importGraph.js';
export * from './exportNetwork.js';
export * from './exportController.js';
export * from './channelMapping.js';
export * from './nirController.js';
export * from './nirInfo.js';
export { isHdf5 } from './hdf5.js';
