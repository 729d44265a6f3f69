// Public surface of sim/sensors. Drone sensors (S1): ray scene, range/lidar, IMU, odometry, noise.
// Arm sensors and the event camera (S2): joint encoders, contacts, end-effector pose, event camera.
export type { Sensor } from './sensor.js';
export * from './rayScene.js';
export * from './rayIntersections.js';
export * from './rangeReading.js';
export * from './rangefinder.js';
export * from './lidar.js';
export * from './imu.js';
export * from './odometry.js';
export * from './noise.js';
export * from './bodyFrame.js';
export * from './jointEncoder.js';
export * from './contact.js';
export * from './endEffectorPose.js';
export * from './eventCamera.js';
export * from './eventList.js';
export * from './solidTexture.js';
export * from './primitiveRaster.js';
export * from './dvsPixelArray.js';
export * from './rasterEventCamera.js';
