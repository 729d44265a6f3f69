/**
 * The event camera the event-based drone scenarios fly with: the 64×48, 1 kHz preset
 * (EVENT_CAMERA_64X48: 90° horizontal field of view, C = 0.2 ± 0.03, 1 ms refractory period,
 * 0.1 Hz shot noise per pixel), looking along the drone's heading from its centre, with the
 * default solid texture (0.5 m stripes, 0.3 ln contrast per term) on the ground (albedo 0.3)
 * and on trunks and walls (albedo 0.6), under a sky of intensity 0.5. The scenarios read its
 * per-pixel counts (channels `events_on` / `events_off`). The camera also keeps its time-ordered
 * event list (65 536 events): telemetry drains it once per control step into an
 * event_camera_msgs/EventPacket (`ros sim`, recordings). That is more than one 20 ms control step
 * can produce — the 1 ms refractory period (applied to every event, shot noise included) lets a
 * pixel fire at most 21 times in 20 ms, 3072 × 21 = 64 512 — so no event of a step is
 * overwritten before it is drained; without telemetry the ring just wraps.
 */
import type { RasterEventCameraParams } from '../sim/sensors/rasterEventCamera.js';
import { EVENT_CAMERA_64X48 } from '../sim/sensors/rasterEventCamera.js';
import type { QuadrotorSensorOptions } from '../sim/quadrotor/quadrotorBody.js';

export const DRONE_EVENT_CAMERA: RasterEventCameraParams = { ...EVENT_CAMERA_64X48, eventCapacity: 65536 };

/** Sensors of the event-based drone scenarios: the event camera and odometry (no lidar, no IMU). */
export const EVENT_DRONE_SENSORS: QuadrotorSensorOptions = { eventCamera: DRONE_EVENT_CAMERA, imu: false };
