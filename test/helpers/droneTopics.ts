/** The standard topics a drone-forest-v1 recording carries besides the per-population spikes (issue 5's contract). */
import { MSG } from '../../bridges/ros2/messages/messageTypes.js';

export const DRONE_TOPICS: Readonly<Record<string, string>> = {
  '/clock': MSG.Clock,
  '/odom': MSG.Odometry,
  '/tf': MSG.TFMessage,
  '/tf_static': MSG.TFMessage,
  '/scan': MSG.LaserScan,
  '/cmd_vel': MSG.Twist,
  '/spikeloop/rotors': MSG.Float64MultiArray,
  '/spikeloop/scene': MSG.MarkerArray,
  '/spikeloop/reward': MSG.Float64,
  '/spikeloop/episode': MSG.String,
  '/spikeloop/dopamine': MSG.Float64,
};
