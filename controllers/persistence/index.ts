export * from './savedNetworkFormat.js';
export * from './weightCodec.js';
export * from './valueChecks.js';
export * from './writeFileAtomic.js';
export * from './saveNetwork.js';
export * from './loadSavedNetwork.js';
export * from './openNetworkFile.js';
