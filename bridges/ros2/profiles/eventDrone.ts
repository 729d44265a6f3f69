/**
 * The event-camera drone: `cmd_vel` (geometry_msgs/Twist, body frame) out; `odom`
 * (nav_msgs/Odometry) and `event_camera/events` (event_camera_msgs/EventPacket) in, both
 * required. What `spikeloop ros sim drone-forest-events-v1` (and the corridor variant) speaks,
 * and what an event-camera driver publishes under its default camera name `event_camera`
 * (metavision_driver / libcaer_driver: `~/events`, best effort, depth 1000 — QoS 'event_data').
 *
 * The packets must be in the `mono` encoding and 64×48 (the scenarios' camera: the controllers
 * trained on them read 3072 pixels); every packet's events are counted per pixel and each tick
 * gets the counts since the last one (`events_on`, `events_off`), as the simulated camera's
 * channels give them. A packet in another encoding, of another size, with events outside the
 * sensor or times going backwards makes the safety layer publish the safe command
 * (eventPacketInput.ts). A real driver publishes `evt3` or `libcaer_cmp` at its sensor's
 * resolution: it needs a conversion to 64×48 `mono` in between, which spikeloop does not ship.
 */
import type { RobotProfileInput } from '../mapping/profileSchema.js';
import { EVENT_CAMERA_64X48 } from '../../../sim/sensors/rasterEventCamera.js';
import { DRONE_ACTUATORS, NO_COLLISION_SENSOR, odometryInput, twistOutput } from './droneChannels.js';

export const EVENT_DRONE: RobotProfileInput = {
  name: 'event-drone',
  description: 'drone with a forward event camera: cmd_vel out; odom and event_camera/events (EventPacket, mono, 64×48) in',
  rate_hz: 50,
  inputs: [
    odometryInput('odom'),
    {
      topic: 'event_camera/events',
      type: 'event_camera_msgs/msg/EventPacket',
      qos: 'event_data',
      timeout_s: 0.5,
      event_camera: { width: EVENT_CAMERA_64X48.width_px, height: EVENT_CAMERA_64X48.height_px },
      channels: [
        { channel: 'events_on', unit: '1', events: 'on' },
        { channel: 'events_off', unit: '1', events: 'off' },
      ],
    },
  ],
  constants: [NO_COLLISION_SENSOR],
  actuators: DRONE_ACTUATORS,
  outputs: [twistOutput('cmd_vel')],
};
