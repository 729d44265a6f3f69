/** Intervals for honest numbers: Wilson for rates, a seeded bootstrap for means. */
export { wilsonInterval, Z_95 } from './wilsonInterval.js';
export { bootstrapMeanInterval, quantile } from './bootstrapMeanInterval.js';
export type { BootstrapOptions } from './bootstrapMeanInterval.js';
