/**
 * crazyflie_interfaces (crazyswarm2) messages the bridge uses; definitions in
 * crazyflieDefinitions.ts. `cmd_hover` flies at a height above ground with horizontal velocity
 * in the body's heading frame; takeoff and land are services.
 */
import type { Duration } from './builtinInterfaces.js';
import { zeroDuration } from './builtinInterfaces.js';
import type { Header } from './stdMsgs.js';
import { emptyHeader } from './stdMsgs.js';

/** crazyflie_interfaces/msg/Hover. */
export interface Hover {
  header: Header;
  /** m/s, heading frame forward. */
  vx: number;
  /** m/s, heading frame left. */
  vy: number;
  /**
   * Yaw rate (rad/s, counter-clockwise seen from above, as REP-103): crazyflie_server.cpp
   * converts it to the firmware's clockwise deg/s (`-yaw_rate·180/π`).
   */
  yaw_rate: number;
  /** Height above ground (m). */
  z_distance: number;
}

/** crazyflie_interfaces/srv/Takeoff_Request. */
export interface TakeoffRequest {
  /** uint8; 0 = all Crazyflies. */
  group_mask: number;
  /** Target height (m). */
  height: number;
  duration: Duration;
}

/** crazyflie_interfaces/srv/Land_Request. */
export interface LandRequest {
  /** uint8; 0 = all Crazyflies. */
  group_mask: number;
  /** Target height (m). */
  height: number;
  duration: Duration;
}

/** The empty response of Takeoff and Land. */
export type EmptyResponse = Record<string, never>;

export function zeroHover(frame_id = ''): Hover {
  return { header: emptyHeader(frame_id), vx: 0, vy: 0, yaw_rate: 0, z_distance: 0 };
}

export function zeroTakeoffRequest(): TakeoffRequest {
  return { group_mask: 0, height: 0, duration: zeroDuration() };
}

export function zeroLandRequest(): LandRequest {
  return { group_mask: 0, height: 0, duration: zeroDuration() };
}

export function emptyResponse(): EmptyResponse {
  return {};
}
