/**
 * spikeloop's root entry: the loop's contracts and runners, the spiking engine, scenarios and the
 * Gymnasium-style env, controller presets, and the training/evaluation library. Sub-entries
 * (`spikeloop/loop`, `spikeloop/controllers`, `spikeloop/sim`, `spikeloop/scenarios`,
 * `spikeloop/experiments`, `spikeloop/ros2`, `spikeloop/recording`) expose each folder whole;
 * the ROS 2 bridge and the recorder are not re-exported here, so importing `spikeloop` loads
 * neither rclnodejs nor MCAP code.
 */
export * from './loop/index.js';
export * from './controllers/index.js';
export * from './scenarios/index.js';
export { PRESETS, findPreset } from './controllers/presets/registry.js';
export * from './experiments/index.js';
