/** rosgraph_msgs (ROS 2 Jazzy): `/clock`, which nodes with `use_sim_time` follow. */
import type { Time } from './builtinInterfaces.js';
import { zeroTime } from './builtinInterfaces.js';

/** rosgraph_msgs/msg/Clock. */
export interface Clock {
  clock: Time;
}

export function zeroClock(): Clock {
  return { clock: zeroTime() };
}
