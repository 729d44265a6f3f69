/**
 * The RosContext of a `spikeloop ros …` process: rclnodejs, loaded only now (after the ROS 2
 * environment check), with the process's `--ros-args`.
 */
import { createRclnodejsTransport } from '../../bridges/ros2/transport/rclnodejsTransport.js';
import type { RosTransport } from '../../bridges/ros2/transport/transport.js';
import type { RosContext } from '../rosContext.js';

export function defaultRosContext(rosArgs: readonly string[]): RosContext {
  let t: Promise<RosTransport> | null = null;
  return {
    owned: true,
    transport: () => (t ??= createRclnodejsTransport(rosArgs)),
  };
}
