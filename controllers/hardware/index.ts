export * from './hardwareSpec.js';
export * from './hardwareSchema.js';
export * from './parseHardwareSpec.js';
export * from './quantizer.js';
export * from './integerState.js';
export * from './memristor.js';
export * from './attachHardware.js';
