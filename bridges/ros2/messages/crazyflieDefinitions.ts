/**
 * The crazyflie_interfaces definitions the bridge uses, verbatim from upstream (crazyswarm2):
 * https://github.com/IMRCLab/crazyswarm2, commit f6154e2d51791a41e6f320c1ee166f782be02a20,
 * files crazyflie_interfaces/msg/Hover.msg and crazyflie_interfaces/srv/{Takeoff,Land}.srv.
 * A service's request and response are messages named <Service>_Request and <Service>_Response
 * (rosidl): the part of the .srv before and after its '---' line.
 */

/** crazyflie_interfaces/msg/Hover. */
export const CRAZYFLIE_HOVER_MSG = [
  "std_msgs/Header header",
  "float32 vx",
  "float32 vy",
  "float32 yaw_rate",
  "float32 z_distance",
].join('\n') + '\n';

/** crazyflie_interfaces/srv/Takeoff_Request: srv/Takeoff.srv before its '---'. */
export const CRAZYFLIE_TAKEOFF_REQUEST_MSG = [
  "uint8 group_mask",
  "float32 height",
  "builtin_interfaces/Duration duration",
].join('\n') + '\n';

/** crazyflie_interfaces/srv/Takeoff_Response: srv/Takeoff.srv after its '---' (empty). */
export const CRAZYFLIE_TAKEOFF_RESPONSE_MSG = "";

/** crazyflie_interfaces/srv/Land_Request: srv/Land.srv before its '---'. */
export const CRAZYFLIE_LAND_REQUEST_MSG = [
  "uint8 group_mask",
  "float32 height",
  "builtin_interfaces/Duration duration",
].join('\n') + '\n';

/** crazyflie_interfaces/srv/Land_Response: srv/Land.srv after its '---' (empty). */
export const CRAZYFLIE_LAND_RESPONSE_MSG = "";
