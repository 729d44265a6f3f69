/**
 * A Crazyflie through crazyswarm2 (run the node in the robot's namespace, e.g. `/cf231`, so
 * the relative topics resolve to `/cf231/cmd_hover`, `/cf231/odom`, `/cf231/scan`):
 * crazyflie_interfaces/Hover out — vx, vy (m/s, body frame), yaw_rate in rad/s counter-clockwise
 * (crazyswarm2's crazyflie_server converts it to the firmware's clockwise deg/s) and z_distance,
 * a height setpoint (m) held constant at the cruise height the simulated forest flights use
 * (1 m), since Hover has no vertical velocity. The multi-ranger deck's
 * 4-beam scan fills the sectors it covers; the others read +Inf (no return).
 * The node takes off through crazyswarm2's `takeoff` service (to the cruise height, 2 s) before
 * control starts, and lands through `land` after the safe command when it stops.
 */
import type { RobotProfileInput } from '../mapping/profileSchema.js';
import { DRONE_ACTUATORS, frontLidarInput, NO_COLLISION_SENSOR, odometryInput } from './droneChannels.js';

/** Cruise height (m) of the simulated forest crossing. */
export const CRAZYFLIE_CRUISE_HEIGHT_m = 1;

export const CRAZYFLIE: RobotProfileInput = {
  name: 'crazyflie',
  description: 'Crazyflie through crazyswarm2: cmd_hover out (vx, vy, yaw rate rad/s, height 1 m); odom and scan in (relative to the robot namespace)',
  rate_hz: 50,
  inputs: [odometryInput('odom'), frontLidarInput('scan')],
  constants: [NO_COLLISION_SENSOR],
  actuators: DRONE_ACTUATORS,
  services: {
    start: [{ service: 'takeoff', type: 'crazyflie_interfaces/srv/Takeoff', request: { group_mask: 0, height: CRAZYFLIE_CRUISE_HEIGHT_m, duration: { sec: 2, nanosec: 0 } }, timeout_s: 5, then_wait_s: 2.5 }],
    stop: [{ service: 'land', type: 'crazyflie_interfaces/srv/Land', request: { group_mask: 0, height: 0.04, duration: { sec: 2, nanosec: 0 } }, timeout_s: 5 }],
  },
  outputs: [
    {
      topic: 'cmd_hover',
      type: 'crazyflie_interfaces/msg/Hover',
      fields: {
        'header.stamp': { time: 'stamp' },
        vx: { channel: 'cmd_linear', index: 0 },
        vy: { channel: 'cmd_linear', index: 1 },
        yaw_rate: { channel: 'cmd_yaw_rate', index: 0 },
        z_distance: { value: CRAZYFLIE_CRUISE_HEIGHT_m },
      },
    },
  ],
};
