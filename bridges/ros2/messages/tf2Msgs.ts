/** tf2_msgs (ROS 2 Jazzy): the message on `/tf` and `/tf_static`. */
import type { TransformStamped } from './geometryMsgs.js';

/** tf2_msgs/msg/TFMessage. */
export interface TFMessage {
  transforms: TransformStamped[];
}

export function emptyTFMessage(): TFMessage {
  return { transforms: [] };
}
