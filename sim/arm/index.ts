/** Robot arms: parameters as data, the cannon-es chain, actuation modes and the Body. */
export * from './armParams.js';
export * from './armPresets.js';
export * from './jointLimitEquation.js';
export * from './armJoint.js';
export * from './armModel.js';
export * from './armActuator.js';
export * from './armBody.js';
