/**
 * `miscalibrated-yaw:rad=<θ>` — the flight controller's heading reference is off by θ (|θ| ≤ π):
 * the horizontal velocity command (vx, vy) of `cmd_linear`, given in the heading frame, is
 * rotated by θ counter-clockwise before the body sees it, so "straight ahead" flies θ to the
 * left. Fits a body with a velocity command `cmd_linear` of at least 2 elements (the drones).
 */
import { withActuatorTransform } from '../../loop/wrappers/withActuatorTransform.js';
import type { Perturbation } from './perturbation.js';

export const MISCALIBRATED_YAW: Perturbation = {
  name: 'miscalibrated-yaw',
  summary: 'horizontal velocity command rotated by rad (heading reference off), e.g. miscalibrated-yaw:rad=0.3',
  usage: 'miscalibrated-yaw:rad=<angle, |angle| ≤ π>[,channel=cmd_linear]',
  bodyKinds: ['quadrotor'],
  apply(body, args) {
    const angle = args.number('rad', { min: -Math.PI, max: Math.PI, unit: 'rad' });
    const channel = args.actuator(body, args.string('channel', 'cmd_linear'), { unit: 'm/s', minSize: 2, what: 'a velocity command channel' });
    args.done(['rad', 'channel']);
    return withActuatorTransform(body, { channel: channel.name, rotate: { i: 0, j: 1, angle_rad: angle } });
  },
};
