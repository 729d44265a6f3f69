export { CRAZYFLIE_2X, validateAirframe, hoverRpm, maxRpm, maxThrust, rotorX, rotorY, RPM_TO_RADPS } from './airframe.js';
export type { AirframeParams, RotorSpec } from './airframe.js';
export { allocationMatrix, invert4, rotorWrench, mixWrench, motorLagStep } from './rotors.js';
export { CRAZYFLIE_2X_GAINS, createFlightState, resetFlightState, velocityLoop, attitudeLoop, rateLoop, wrapAngle } from './flightController.js';
export type { FlightGains, FlightState } from './flightController.js';
export { Quadrotor } from './quadrotor.js';
export type { QuadrotorControl, CommandLevel, QuadrotorOptions } from './quadrotor.js';
export { QuadrotorBody } from './quadrotorBody.js';
export type { QuadrotorBodyOptions, QuadrotorSensorOptions, QuadrotorStart } from './quadrotorBody.js';
