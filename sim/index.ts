/** Simulated bodies on cannon-es: the world, the quadrotor, the arms and their sensors. */
export * from './world/index.js';
export * from './quadrotor/index.js';
export * from './arm/index.js';
export * from './sensors/index.js';
export { bodyTelemetryOf, reportsTelemetry, telemetryLayerOf } from './bodyTelemetry.js';
export type { ArmTelemetry, BodyTelemetry, QuadrotorTelemetry, TelemetryReporter } from './bodyTelemetry.js';
