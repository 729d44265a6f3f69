/**
 * Coding: encoders turn sensor values into input spikes, decoders turn population spikes into
 * command values. Each kind is a params/state/step module; `createEncoder` / `createDecoder`
 * build them from typed specs (data).
 */
export * from './inputRange.js';
export * from './poissonEncoder.js';
export * from './gaussianPopulationEncoder.js';
export * from './latencyEncoder.js';
export * from './sendOnDeltaEncoder.js';
export * from './encoder.js';
export * from './rateTrace.js';
export * from './filteredRateDecoder.js';
export * from './populationVectorDecoder.js';
export * from './antagonisticPairDecoder.js';
export * from './winnerTakeAllDecoder.js';
export * from './decoder.js';
